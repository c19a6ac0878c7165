#include "ui/explorepage.h"

#include "core/dashboard/legendnames.h"
#include "core/dashboard/templating.h"
#include "core/prom/rangeplan.h"
#include "core/services/exploreservice.h"
#include "widgets/promqlassist.h"
#include "widgets/timeserieschart.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>
#include <memory>
#include <set>

namespace vitals {

namespace {

const QString kHistoryKey = QStringLiteral("explore/history");
// More lines than this make an unreadable chart and a slow one; the table still has them all.
constexpr int kMaxGraphSeries = 200;

// Six significant digits read well (52.0847, not 52.0847457627119); the tooltip has them all.
QString formatValue(double v, int digits = 6)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', digits);
}

QMap<QString, QString> labelMap(const series::LabelSet &labels)
{
    QMap<QString, QString> map;
    for (const auto &label : labels.labels())
        map.insert(label.name, label.value);
    return map;
}

std::unique_ptr<QSettings> openSettings(const QString &file)
{
    if (file.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

} // namespace

// ---- QueryHistory -----------------------------------------------------------------------

void QueryHistory::add(const QString &query)
{
    if (query.trimmed().isEmpty())
        return;
    m_entries.removeAll(query);
    m_entries.prepend(query);
    while (m_entries.size() > kMaxEntries)
        m_entries.removeLast();
}

void QueryHistory::load(const QSettings &settings)
{
    m_entries.clear();
    const QStringList stored = settings.value(kHistoryKey).toStringList();
    for (const QString &q : stored)
        if (!q.trimmed().isEmpty() && !m_entries.contains(q) && m_entries.size() < kMaxEntries)
            m_entries << q;
}

void QueryHistory::save(QSettings &settings) const
{
    settings.setValue(kHistoryKey, m_entries);
}

// ---- InstantResultModel -----------------------------------------------------------------

InstantResultModel::InstantResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void InstantResultModel::clear()
{
    beginResetModel();
    m_labels.clear();
    m_rows.clear();
    endResetModel();
}

void InstantResultModel::setResult(const prom::QueryResult &result)
{
    beginResetModel();
    m_labels.clear();
    m_rows.clear();
    std::set<QString> names;
    switch (result.type) {
    case prom::ResultType::Vector:
        for (const prom::VectorSample &s : result.vector) {
            Row row{labelMap(s.labels), formatValue(s.value), s.value};
            for (auto it = row.labels.cbegin(); it != row.labels.cend(); ++it)
                names.insert(it.key());
            m_rows.push_back(std::move(row));
        }
        break;
    case prom::ResultType::Matrix:
        for (const series::Series &s : result.matrix) {
            Row row{labelMap(s.labels()), QString(), qQNaN()};
            QStringList lines;
            for (std::size_t i = 0; i < s.size(); ++i)
                lines << QStringLiteral("%1 @ %2").arg(
                    formatValue(s.value(i)), QDateTime::fromMSecsSinceEpoch(s.timestampAt(i))
                                                 .toString(QStringLiteral("HH:mm:ss.zzz")));
            row.valueText = lines.join(u'\n');
            if (!s.isEmpty())
                row.value = s.value(s.size() - 1);
            for (auto it = row.labels.cbegin(); it != row.labels.cend(); ++it)
                names.insert(it.key());
            m_rows.push_back(std::move(row));
        }
        break;
    case prom::ResultType::Scalar:
        m_rows.push_back({{}, formatValue(result.scalar), result.scalar});
        break;
    case prom::ResultType::String:
        m_rows.push_back({{}, result.string, qQNaN()});
        break;
    case prom::ResultType::None:
        break;
    }
    if (names.erase(QStringLiteral("__name__")))
        m_labels << QStringLiteral("__name__");
    for (const QString &n : names)
        m_labels << n;
    endResetModel();
}

int InstantResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InstantResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_labels.size()) + 1;
}

QVariant InstantResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const bool valueColumn = index.column() == int(m_labels.size());
    switch (role) {
    case Qt::DisplayRole:
        return valueColumn ? row.valueText : row.labels.value(m_labels[index.column()]);
    case Qt::ToolTipRole:
        if (valueColumn && !row.valueText.contains(u'\n'))
            return formatValue(row.value, 17);
        return valueColumn ? row.valueText : row.labels.value(m_labels[index.column()]);
    case Qt::UserRole:
        return valueColumn ? QVariant(row.value)
                           : QVariant(row.labels.value(m_labels[index.column()]));
    case Qt::TextAlignmentRole:
        return valueColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                           : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant InstantResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    if (section == int(m_labels.size()))
        return tr("Value");
    if (section >= 0 && section < int(m_labels.size()))
        return m_labels[section];
    return {};
}

// ---- panels -------------------------------------------------------------------------------

dashboard::Panel panelForQuery(const QString &expr)
{
    dashboard::Panel panel;
    QString title = expr.simplified();
    if (title.size() > 60)
        title = title.left(57) + QStringLiteral("…");
    panel.title = title;
    panel.type = dashboard::PanelType::TimeSeries;
    dashboard::Query query;
    query.expr = expr.trimmed();
    query.refId = QStringLiteral("A");
    panel.queries.push_back(query);
    panel.gridPos = {0, 0, dashboard::kGridColumns, 8};
    return panel;
}

QString appendPanel(dashboard::Dashboard &dashboard, dashboard::Panel panel)
{
    int bottom = 0;
    for (const dashboard::Panel &p : dashboard.panels)
        bottom = std::max(bottom, p.gridPos.y + p.gridPos.h);
    int n = 1;
    while (dashboard.panel(QStringLiteral("explore-%1").arg(n)))
        ++n;
    panel.id = QStringLiteral("explore-%1").arg(n);
    panel.gridPos.x = 0;
    panel.gridPos.y = bottom;
    dashboard.panels.push_back(panel);
    return panel.id;
}

// ---- ExplorePage --------------------------------------------------------------------------

ExplorePage::ExplorePage(prom::PromClient *client, QWidget *parent, const QString &settingsFile)
    : QWidget(parent)
    , m_service(new ExploreService(client, this))
    , m_settingsFile(settingsFile)
    , m_editor(new PromQLEditor(this))
    , m_linter(new PromQLLinter(this))
    , m_runButton(new QPushButton(tr("▶ Run"), this))
    , m_addButton(new QPushButton(tr("Add to dashboard"), this))
    , m_historyCombo(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_error(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_chart(new TimeSeriesChart)
    , m_table(new QTableView)
    , m_model(new InstantResultModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
{
    m_editor->setCompletionProvider(this);
    m_linter->addEditor(m_editor);
    m_linter->setClient(client);
    m_editor->setObjectName(QStringLiteral("exploreEditor"));
    m_runButton->setToolTip(tr("Run the query (Ctrl+Enter)"));
    m_runButton->setDefault(true);
    m_addButton->setToolTip(tr("Add this query to the current dashboard as a time-series panel"));
    m_historyCombo->setToolTip(tr("The last %1 queries run").arg(QueryHistory::kMaxEntries));
    m_historyCombo->setMinimumContentsLength(30);
    m_historyCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_historyCombo->setPlaceholderText(tr("History"));
    m_status->setStyleSheet(QStringLiteral("color: #666"));
    m_error->setStyleSheet(QStringLiteral("color: #d63b3b"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(Qt::UserRole);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() + 6);
    m_tabs->addTab(m_chart, tr("Graph"));
    m_tabs->addTab(m_table, tr("Table"));
    m_tabs->setDocumentMode(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_addButton);
    buttons->addSpacing(12);
    buttons->addWidget(new QLabel(tr("History"), this));
    buttons->addWidget(m_historyCombo, 1);
    buttons->addSpacing(12);
    buttons->addWidget(m_status);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_editor);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(m_tabs, 1);

    connect(m_service, &ExploreService::rangeFinished, this, &ExplorePage::onRange);
    connect(m_service, &ExploreService::instantFinished, this, &ExplorePage::onInstant);
    connect(m_service, &ExploreService::metricNamesLoaded, this, &ExplorePage::onMetricNames);
    connect(m_editor, &PromQLEditor::runRequested, this, &ExplorePage::run);
    connect(m_runButton, &QPushButton::clicked, this, &ExplorePage::run);
    connect(m_addButton, &QPushButton::clicked, this, [this] {
        if (!m_editor->query().trimmed().isEmpty())
            Q_EMIT addToDashboardRequested(panelForQuery(m_editor->query()));
    });
    connect(m_historyCombo, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && index < m_history.entries().size()) {
            m_editor->setQuery(m_history.entries()[index]);
            m_editor->setFocus();
        }
    });

    auto settings = openSettings(m_settingsFile);
    m_history.load(*settings);
    refreshHistoryCombo();
    setFocusProxy(m_editor);
}

ExplorePage::~ExplorePage() = default;

void ExplorePage::setClient(prom::PromClient *client)
{
    m_service->setClient(client);
    m_pending = 0;
    m_editor->clearCompletionCache();
    m_linter->setClient(client);
    m_namesLoaded = false;
    if (isVisible())
        reloadMetricNames();
}

void ExplorePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_namesLoaded)
        reloadMetricNames();
}

QString ExplorePage::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString ExplorePage::statusText() const
{
    return m_status->text();
}

bool ExplorePage::isRunning() const
{
    return m_pending > 0;
}

void ExplorePage::reloadMetricNames()
{
    m_namesLoaded = m_service->loadMetricNames();
}

void ExplorePage::onMetricNames(const QStringList &names, const QHash<QString, QString> &help,
                                bool ok)
{
    if (!ok)
        m_namesLoaded = false; // try again when the page is shown next
    m_editor->setMetricNames(names, help);
    Q_EMIT metricNamesLoaded(int(names.size()));
}

void ExplorePage::requestLabelNames(const QString &metric, Reply reply)
{
    m_service->labelNames(metric, this, std::move(reply));
}

void ExplorePage::requestLabelValues(const QString &metric, const QString &label, Reply reply)
{
    m_service->labelValues(metric, label, this, std::move(reply));
}

void ExplorePage::run()
{
    const QString expr = m_editor->query();
    if (expr.trimmed().isEmpty() || !m_service->hasClient())
        return;
    m_history.add(expr);
    saveHistory();
    refreshHistoryCombo();
    m_editor->clearError();
    m_error->clear();
    m_error->hide();
    m_errorShown = false;
    m_runningExpr = expr;
    m_status->setText(tr("Running…"));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 from = m_range.fromMs(now);
    const qint64 to = m_range.toMs(now);
    const int plotWidth = m_chart->plotArea().width() > 100 ? int(m_chart->plotArea().width())
                                                            : std::max(400, width() - 100);
    // The text goes to the server as written, so a parse error's line:column is the editor's.
    const prom::RangeQuery rq = prom::planRange(expr, from, to, plotWidth, m_scrapeIntervalMs);
    prom::InstantQuery iq;
    iq.expr = expr;
    iq.timeMs = to;
    m_pending = 2;
    m_service->run(rq, iq);
}

void ExplorePage::onRange(const prom::RangeResult &result)
{
    if (!result.ok()) {
        m_chart->setSeries({});
        showError(result.error);
        finishOne();
        return;
    }
    std::vector<ChartSeries> lines;
    const std::size_t shown = std::min<std::size_t>(result.series.size(), kMaxGraphSeries);
    lines.reserve(shown);
    std::vector<QMap<QString, QString>> labels;
    labels.reserve(shown);
    for (std::size_t i = 0; i < shown; ++i)
        labels.push_back(labelMap(result.series[i].labels()));
    // What tells the series apart comes first, so a legend cut at its end still does.
    const QStringList names = dashboard::distinguishingNames(labels);
    for (std::size_t i = 0; i < shown; ++i)
        lines.push_back({names[qsizetype(i)], result.series[i].clone()});
    m_chart->setTimeSpan(result.query.startMs, result.query.endMs);
    m_chart->setSeries(std::move(lines));
    QString text = tr("%n series", nullptr, int(result.series.size()));
    if (result.series.size() > shown)
        text += tr(" (graph shows the first %1)").arg(shown);
    text += tr(" · step %1 s").arg(double(result.query.stepMs) / 1000.0);
    m_status->setText(text);
    if (!result.warnings.isEmpty())
        m_status->setToolTip(result.warnings.join(u'\n'));
    finishOne();
}

void ExplorePage::onInstant(const prom::QueryResult &result)
{
    if (!result.ok()) {
        m_model->clear();
        showError(result.error);
        finishOne();
        return;
    }
    m_model->setResult(result);
    m_table->resizeColumnsToContents();
    finishOne();
}

void ExplorePage::showError(const prom::Error &error)
{
    if (m_errorShown)
        return; // the range and the instant query fail alike; one message is enough
    m_errorShown = true;
    QString text = error.message;
    const auto pos = promql::parseErrorPosition(error.detail, m_runningExpr);
    if (pos) {
        text =
            tr("Line %1, column %2: %3").arg(pos->line + 1).arg(pos->column + 1).arg(error.message);
        if (m_editor->query() == m_runningExpr)
            m_editor->showErrorAt(pos->line, pos->column, error.message);
    }
    m_error->setText(text);
    m_error->setToolTip(error.detail);
    m_error->show();
    m_status->setText(tr("Failed"));
}

void ExplorePage::finishOne()
{
    if (m_pending <= 0 || --m_pending > 0)
        return;
    Q_EMIT runFinished();
}

void ExplorePage::refreshHistoryCombo()
{
    m_historyCombo->clear();
    for (const QString &q : m_history.entries()) {
        QString shown = q.simplified();
        if (shown.size() > 120)
            shown = shown.left(117) + QStringLiteral("…");
        m_historyCombo->addItem(shown);
        m_historyCombo->setItemData(m_historyCombo->count() - 1, q, Qt::ToolTipRole);
    }
    m_historyCombo->setCurrentIndex(-1);
}

void ExplorePage::saveHistory() const
{
    auto settings = openSettings(m_settingsFile);
    m_history.save(*settings);
}

} // namespace vitals

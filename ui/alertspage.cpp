#include "ui/alertspage.h"

#include "core/alertshading.h"
#include "core/prom/promclient.h"
#include "core/services/alertmanagerservice.h"
#include "core/services/alertsservice.h"
#include "core/units.h"
#include "ui/alertmanagerview.h"
#include "ui/tables.h"
#include "widgets/levelcolors.h"

#include <QApplication>
#include <QDateTime>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace vitals {

namespace {

QColor stateColor(const QString &state)
{
    if (state == QLatin1String("firing"))
        return levelcolors::critical();
    if (state == QLatin1String("pending"))
        return levelcolors::warning();
    if (state == QLatin1String("inactive") || state == QLatin1String("ok"))
        return levelcolors::ok();
    return {};
}

QString since(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    const qint64 s = t.secsTo(QDateTime::currentDateTimeUtc());
    const QString ago = s < 120    ? QObject::tr("%1 s ago").arg(s)
                        : s < 7200 ? QObject::tr("%1 min ago").arg(s / 60)
                                   : QObject::tr("%1 h ago").arg(s / 3600);
    return t.toLocalTime().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral(" (") + ago
           + QLatin1Char(')');
}

QString labelsWithout(const series::LabelSet &labels, QStringView skip)
{
    QStringList parts;
    for (const auto &l : labels.labels())
        if (l.name != skip)
            parts << l.name + QStringLiteral("=") + l.value;
    return parts.join(QStringLiteral(", "));
}

TableRow rowOf(const QStringList &cells, int stateColumn)
{
    TableRow row = TableRow::fromTexts(cells);
    row.cells[std::size_t(stateColumn)].foreground = stateColor(cells[stateColumn]);
    return row;
}

} // namespace

AlertsPage::AlertsPage(prom::PromClient *client, QWidget *parent)
    : QWidget(parent)
    , m_service(new AlertsService(client, this))
    , m_alertsModel(new TableModel({tr("Alert"), tr("State"), tr("Since"), tr("Value"),
                                    tr("Labels"), tr("Summary"), tr("Description")},
                                   this))
    , m_rulesModel(new TableModel({tr("Group"), tr("Rule"), tr("Type"), tr("State"), tr("Health"),
                                   tr("For"), tr("Query"), tr("Last error")},
                                  this))
    , m_alerts(makeReadOnlyTable(m_alertsModel, this))
    , m_rules(makeReadOnlyTable(m_rulesModel, this))
    , m_status(new QLabel(this))
    , m_detail(new QTextBrowser(this))
    , m_timer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    auto *alertsBox = new QGroupBox(tr("Active alerts"), this);
    auto *alertsLayout = new QVBoxLayout(alertsBox);
    // The table lists one row per alert name; the pane beside it shows every alert of the
    // selected row in full, descriptions wrapped.
    auto *split = new QSplitter(Qt::Horizontal, alertsBox);
    split->addWidget(m_alerts);
    m_detail->setReadOnly(true);
    m_detail->setObjectName(QStringLiteral("alertDetail"));
    m_detail->setPlaceholderText(tr("Select an alert to read all of it."));
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    alertsLayout->addWidget(split);
    m_alerts->setObjectName(QStringLiteral("alertsTable"));
    m_rules->setObjectName(QStringLiteral("rulesTable"));
    connect(m_alerts->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsPage::showDetail);
    layout->addWidget(alertsBox, 1);
    auto *rulesBox = new QGroupBox(tr("Rules"), this);
    auto *rulesLayout = new QVBoxLayout(rulesBox);
    rulesLayout->addWidget(m_rules);
    // The rules table is as tall as its rows (fitRules()); the height it does not need goes to
    // the alerts and to Alertmanager.
    m_rules->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_rules->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_rules->installEventFilter(this);
    connect(m_rulesModel, &QAbstractItemModel::modelReset, this, &AlertsPage::fitRules);
    connect(m_rulesModel, &QAbstractItemModel::rowsInserted, this, &AlertsPage::fitRules);
    connect(m_rulesModel, &QAbstractItemModel::rowsRemoved, this, &AlertsPage::fitRules);
    connect(m_rules->horizontalHeader(), &QHeaderView::sectionResized, this, &AlertsPage::fitRules);
    layout->addWidget(rulesBox, 0);
    auto *alertmanagerBox = new QGroupBox(tr("Alertmanager"), this);
    m_alertmanagerService = new AlertmanagerService(this);
    m_alertmanager = new AlertmanagerView(m_alertmanagerService, alertmanagerBox);
    if (client)
        m_alertmanagerService->setProfile(client->profile());
    (new QVBoxLayout(alertmanagerBox))->addWidget(m_alertmanager);
    layout->addWidget(alertmanagerBox, 2);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(
            QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning), this);
        m_tray->setToolTip(tr("Vitals"));
        m_tray->show();
    }
    connect(m_service, &AlertsService::alertsReceived, this, &AlertsPage::showAlerts);
    connect(m_service, &AlertsService::rulesReceived, this, &AlertsPage::showRules);
    connect(m_service, &AlertsService::refreshFinished, this, &AlertsPage::refreshFinished);
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &AlertsPage::refresh);
    m_timer->start();
}

AlertsPage::~AlertsPage() = default;

int AlertsPage::rulesHeightFor(int pageHeight) const
{
    const int rows = m_rulesModel->rowCount();
    int rowsHeight = 0;
    for (int row = 0; row < rows; ++row)
        rowsHeight += m_rules->rowHeight(row);
    // No rules still shows one (empty) row under the header, so the box does not look broken.
    if (rows == 0)
        rowsHeight = m_rules->verticalHeader()->defaultSectionSize();
    int chrome = 2 * m_rules->frameWidth() + m_rules->horizontalHeader()->sizeHint().height();
    const int contentWidth = m_rules->horizontalHeader()->length();
    if (contentWidth > m_rules->width() - 2 * m_rules->frameWidth())
        chrome += m_rules->horizontalScrollBar()->sizeHint().height();
    // At most a third of the page, and never fewer than three rows: past that the table
    // scrolls.
    const int rowHeight = m_rules->verticalHeader()->defaultSectionSize();
    const int most = std::max(pageHeight / 3, chrome + 3 * rowHeight);
    return std::min(chrome + rowsHeight, most);
}

void AlertsPage::fitRules()
{
    const int h = rulesHeightFor(height());
    if (m_rules->height() != h || m_rules->minimumHeight() != h)
        m_rules->setFixedHeight(h);
}

bool AlertsPage::eventFilter(QObject *watched, QEvent *event)
{
    // A width change can add or remove the horizontal scroll bar.
    if (watched == m_rules && event->type() == QEvent::Resize)
        fitRules();
    return QWidget::eventFilter(watched, event);
}

void AlertsPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitRules();
}

void AlertsPage::setClient(prom::PromClient *client)
{
    m_service->setClient(client);
    m_tracker = AlertTracker{}; // a new server: what fires there now is not news
    m_alertmanagerService->setProfile(client ? client->profile() : prom::ConnectionProfile{});
    refresh();
}

void AlertsPage::refresh()
{
    m_service->refresh();
    m_alertmanagerService->refresh();
}

void AlertsPage::showAlerts(const prom::AlertsResult &result)
{
    if (!result.ok()) {
        m_status->setText(tr("Alerts: %1").arg(result.error.message));
        return;
    }
    int firing = 0;
    for (const auto &a : result.alerts)
        firing += a.state == QLatin1String("firing");
    const QString selected = m_alerts->currentIndex().data(Qt::UserRole).toString();
    m_groups = alertgrouping::groupByName(result.alerts);
    std::vector<TableRow> rows;
    rows.reserve(m_groups.size());
    for (int row = 0; row < int(m_groups.size()); ++row) {
        const alertgrouping::AlertNameGroup &g = m_groups[std::size_t(row)];
        const prom::Alert &first = g.alerts.front();
        const int count = int(g.alerts.size());
        const units::Unit unit = units::unitFromMetricName(m_ruleMetric.value(g.name));
        // The group's state is its worst one: firing before pending.
        const bool anyFiring = g.isFiring();
        QDateTime earliest = first.activeAt;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const auto &a : g.alerts) {
            if (a.activeAt.isValid() && (!earliest.isValid() || a.activeAt < earliest))
                earliest = a.activeAt;
            bool ok = false;
            const double v = a.value.toDouble(&ok);
            if (ok && std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        QString value;
        if (lo <= hi)
            value = lo == hi ? units::format(lo, unit)
                             : tr("%1 – %2").arg(units::format(lo, unit), units::format(hi, unit));
        else
            value = first.value;
        const QString name = count > 1 ? tr("%1 ×%2").arg(g.name).arg(count) : g.name;
        TableRow r =
            rowOf({name, anyFiring ? QStringLiteral("firing") : first.state, since(earliest), value,
                   count > 1 ? alertgrouping::differingLabels(g.alerts)
                             : labelsWithout(first.labels, u"alertname"),
                   first.annotations.value(u"summary"), first.annotations.value(u"description")},
                  1);
        r.key = g.name;
        for (TableCell &cell : r.cells)
            cell.toolTip = QStringLiteral("<p>%1</p>").arg(cell.text.toHtmlEscaped());
        rows.push_back(std::move(r));
    }
    m_alertsModel->setRows(std::move(rows));
    if (const int row = m_alertsModel->rowOf(selected); row >= 0 && !selected.isEmpty())
        m_alerts->selectRow(row);
    m_alerts->resizeColumnsToContents();
    // Long text wraps in the detail pane; the table keeps its columns readable.
    for (int c : {4, 5, 6})
        m_alerts->setColumnWidth(c, std::min(m_alerts->columnWidth(c), 360));
    showDetail();
    m_status->setText(result.alerts.empty() ? tr("No alerts: every rule is quiet.")
                                            : tr("%n alert(s) firing", nullptr, firing));
    for (const auto &change : m_tracker.update(result.alerts))
        notify(change);
}

void AlertsPage::showDetail()
{
    const int row = m_alerts->currentIndex().row();
    if (row < 0 || row >= int(m_groups.size())) {
        m_detail->setHtml(m_groups.empty() ? QString()
                                           : tr("<i>Select an alert to read its description.</i>"));
        return;
    }
    const alertgrouping::AlertNameGroup &g = m_groups[std::size_t(row)];
    const units::Unit unit = units::unitFromMetricName(m_ruleMetric.value(g.name));
    QString html = QStringLiteral("<h3>%1</h3>").arg(g.name.toHtmlEscaped());
    for (const prom::Alert &a : g.alerts) {
        bool ok = false;
        const double v = a.value.toDouble(&ok);
        html += QStringLiteral("<p><b>%1</b> · %2 · %3 · %4<br>%5<br>%6</p>")
                    .arg(a.state.toHtmlEscaped(), since(a.activeAt).toHtmlEscaped(),
                         (ok ? units::format(v, unit) : a.value).toHtmlEscaped(),
                         labelsWithout(a.labels, u"alertname").toHtmlEscaped(),
                         a.annotations.value(u"summary").toHtmlEscaped(),
                         a.annotations.value(u"description").toHtmlEscaped());
    }
    m_detail->setHtml(html);
}

void AlertsPage::showRules(const prom::RulesResult &result)
{
    if (!result.ok()) {
        m_rulesModel->setRows({TableRow::fromTexts({result.error.message})});
        return;
    }
    // The metric each alert reads, for the unit of its value.
    m_ruleMetric.clear();
    for (const auto &g : result.groups)
        for (const auto &rule : g.rules)
            if (rule.type == QLatin1String("alerting")) {
                const auto read = alertshading::selectors(rule.query);
                if (!read.empty())
                    m_ruleMetric.insert(rule.name, read.front().metric);
            }
    std::vector<TableRow> rows;
    for (const auto &g : result.groups)
        for (const auto &rule : g.rules) {
            rows.push_back(
                rowOf({g.name, rule.name, rule.type,
                       rule.type == QLatin1String("alerting") ? rule.state : QString(), rule.health,
                       rule.durationMs > 0 ? QStringLiteral("%1 s").arg(rule.durationMs / 1000)
                                           : QString(),
                       rule.query, rule.lastError},
                      3));
        }
    m_rulesModel->setRows(std::move(rows));
    m_rules->resizeColumnsToContents();
}

void AlertsPage::notify(const AlertTracker::Change &change)
{
    if (m_alertmanagerService->isSilenced(change.labels.toMap()))
        return; // muted in Alertmanager: no notification, as Alertmanager sends none
    const QString title =
        change.firing ? tr("%1 is firing").arg(change.name) : tr("%1 resolved").arg(change.name);
    const QString text = change.summary.isEmpty() ? change.key : change.summary;
    if (m_tray)
        m_tray->showMessage(title, text,
                            change.firing ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information,
                            10000);
    Q_EMIT alertChanged(title + QStringLiteral(": ") + text, change.firing);
}

} // namespace vitals

#include "ui/paneleditor.h"

#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/templating.h"
#include "core/panel/paneldataservice.h"
#include "core/unitinput.h"
#include "ui/panelcontroller.h"
#include "widgets/panelframe.h"
#include "widgets/promqlassist.h"
#include "widgets/promqleditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace vitals {

namespace {

const dashboard::PanelType kTypes[] = {
    dashboard::PanelType::TimeSeries, dashboard::PanelType::Stat,
    dashboard::PanelType::Bar,        dashboard::PanelType::Distribution,
    dashboard::PanelType::Table,      dashboard::PanelType::DriftTable,
    dashboard::PanelType::Text,       dashboard::PanelType::ModelQuality};

// The units offered, with what they mean.
const std::pair<const char *, const char *> kUnits[] = {
    {"", QT_TRANSLATE_NOOP("PanelEditor", "none")},
    {"short", QT_TRANSLATE_NOOP("PanelEditor", "number (1.2k)")},
    {"s", QT_TRANSLATE_NOOP("PanelEditor", "seconds")},
    {"percent", QT_TRANSLATE_NOOP("PanelEditor", "percent (0–100)")},
    {"percentunit", QT_TRANSLATE_NOOP("PanelEditor", "ratio (0–1, shown as %)")},
    {"bytes", QT_TRANSLATE_NOOP("PanelEditor", "bytes")},
    {"reqps", QT_TRANSLATE_NOOP("PanelEditor", "requests per second")}};

bool needsQueries(dashboard::PanelType type)
{
    return type != dashboard::PanelType::Text && type != dashboard::PanelType::DriftTable
           && type != dashboard::PanelType::ModelQuality;
}

} // namespace

PanelEditor::PanelEditor(const dashboard::Panel &panel, const dashboard::Dashboard &context,
                         QWidget *parent)
    : QDialog(parent)
    , m_original(panel)
    , m_context(context)
    , m_title(new QLineEdit(panel.title, this))
    , m_type(new QComboBox(this))
    , m_unit(new QComboBox(this))
    , m_stacked(new QCheckBox(tr("Stack the series"), this))
    , m_amber(new QLineEdit(this))
    , m_red(new QLineEdit(this))
    , m_thresholdNote(new QLabel(this))
    , m_useThresholds(new QCheckBox(tr("Colour by thresholds"), this))
    , m_higherIsBetter(new QCheckBox(tr("Higher is better"), this))
    , m_x(new QSpinBox(this))
    , m_y(new QSpinBox(this))
    , m_w(new QSpinBox(this))
    , m_h(new QSpinBox(this))
    , m_problem(new QLabel(this))
    , m_completion(new PromQLServerCompletion(this))
    , m_linter(new PromQLLinter(this))
    , m_previewHost(new QWidget(this))
    , m_previewNote(new QLabel(this))
{
    setWindowTitle(panel.title.isEmpty() ? tr("New panel")
                                         : tr("Edit panel — %1").arg(panel.title));

    // Left: the preview over the queries; right: the options.
    auto *queries = new QWidget(this);
    m_queryList = new QVBoxLayout;
    m_queryList->setContentsMargins(0, 0, 0, 0);
    auto *queriesLayout = new QVBoxLayout(queries);
    queriesLayout->setContentsMargins(0, 0, 0, 0);
    queriesLayout->addLayout(m_queryList);
    auto *add = new QPushButton(tr("+ Query"), queries);
    add->setToolTip(tr("Add another query to the panel"));
    connect(add, &QPushButton::clicked, this, &PanelEditor::addQuery);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(add);
    addRow->addStretch(1);
    queriesLayout->addLayout(addRow);
    queriesLayout->addStretch(1);
    auto *queryScroll = new QScrollArea(this);
    queryScroll->setWidgetResizable(true);
    queryScroll->setFrameShape(QFrame::NoFrame);
    queryScroll->setWidget(queries);

    m_previewLayout = new QVBoxLayout(m_previewHost);
    m_previewLayout->setContentsMargins(0, 0, 0, 0);
    m_previewNote->setAlignment(Qt::AlignCenter);
    m_previewNote->setWordWrap(true);
    m_previewNote->setText(tr("No preview: not connected to a server."));
    m_previewLayout->addWidget(m_previewNote);
    m_previewHost->setMinimumHeight(220);

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_previewHost);
    left->addWidget(queryScroll);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);
    left->setChildrenCollapsible(false);
    left->setSizes({420, 280});

    auto *columns = new QSplitter(Qt::Horizontal, this);
    columns->addWidget(left);
    columns->addWidget(buildOptions());
    columns->setStretchFactor(0, 3);
    columns->setStretchFactor(1, 1);
    columns->setChildrenCollapsible(false);
    columns->setSizes({820, 340}); // the preview and the queries get the room

    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d63b3b"));
    m_problem->setObjectName(QStringLiteral("panelProblem"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PanelEditor::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(columns, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    for (const auto &q : panel.queries)
        addQueryRow(q);

    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(400);
    connect(&m_previewTimer, &QTimer::timeout, this, &PanelEditor::runPreview);
    connect(m_type, &QComboBox::currentIndexChanged, this, &PanelEditor::schedulePreview);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &PanelEditor::onUnitChanged);
    connect(m_stacked, &QCheckBox::toggled, this, &PanelEditor::schedulePreview);
    connect(m_title, &QLineEdit::textChanged, this, &PanelEditor::schedulePreview);
    for (QCheckBox *box : {m_useThresholds, m_higherIsBetter})
        connect(box, &QCheckBox::toggled, this, [this] {
            showThresholdState();
            schedulePreview();
        });
    for (QLineEdit *edit : {m_amber, m_red})
        connect(edit, &QLineEdit::textChanged, this, [this] {
            showThresholdState();
            schedulePreview();
        });
    showThresholdState();
    resize(1180, 760);
}

PanelEditor::~PanelEditor() = default;

QWidget *PanelEditor::buildOptions()
{
    auto *options = new QWidget(this);
    auto *form = new QFormLayout(options);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Title"), m_title);

    for (dashboard::PanelType type : kTypes)
        m_type->addItem(dashboard::panelTypeName(type));
    m_type->setCurrentText(dashboard::panelTypeName(m_original.type));
    form->addRow(tr("Type"), m_type);

    for (const auto &[name, meaning] : kUnits)
        m_unit->addItem(QStringLiteral("%1 — %2").arg(name[0] ? QString::fromLatin1(name)
                                                              : QStringLiteral("(none)"),
                                                      tr(meaning)),
                        QString::fromLatin1(name));
    int unitIndex = m_unit->findData(m_original.unit);
    if (unitIndex < 0) { // a unit from an imported file: kept as it is
        m_unit->addItem(m_original.unit, m_original.unit);
        unitIndex = m_unit->count() - 1;
    }
    m_unit->setCurrentIndex(unitIndex);
    m_shownUnit = units::unitFromName(m_original.unit);
    form->addRow(tr("Unit"), m_unit);
    m_stacked->setChecked(m_original.stacked);
    form->addRow(QString(), m_stacked);

    std::optional<double> amber, red;
    for (const auto &step : m_original.thresholds.steps) {
        if (step.level == dashboard::ThresholdLevel::Warning)
            amber = step.value;
        else if (step.level == dashboard::ThresholdLevel::Critical)
            red = step.value;
    }
    m_amber->setText(amber ? units::formatForInput(*amber, m_shownUnit) : QString());
    m_red->setText(red ? units::formatForInput(*red, m_shownUnit) : QString());
    m_amber->setObjectName(QStringLiteral("amberThreshold"));
    m_red->setObjectName(QStringLiteral("redThreshold"));
    m_useThresholds->setChecked(!m_original.thresholds.isEmpty());
    m_higherIsBetter->setChecked(m_original.thresholds.higherIsBetter);
    m_thresholdNote->setWordWrap(true);
    auto *thresholds = new QGroupBox(tr("Thresholds"), options);
    auto *tForm = new QFormLayout(thresholds);
    tForm->addRow(m_useThresholds);
    tForm->addRow(tr("Amber at"), m_amber);
    tForm->addRow(tr("Red at"), m_red);
    tForm->addRow(m_higherIsBetter);
    tForm->addRow(m_thresholdNote);
    form->addRow(thresholds);

    m_x->setRange(0, dashboard::kGridColumns - 1);
    m_w->setRange(1, dashboard::kGridColumns);
    m_y->setRange(0, 1000);
    m_h->setRange(1, 100);
    m_x->setValue(m_original.gridPos.x);
    m_y->setValue(m_original.gridPos.y);
    m_w->setValue(m_original.gridPos.w);
    m_h->setValue(m_original.gridPos.h);
    auto *place = new QGroupBox(tr("Place on the 24-column grid"), options);
    auto *grid = new QFormLayout(place);
    grid->addRow(tr("Column"), m_x);
    grid->addRow(tr("Row"), m_y);
    grid->addRow(tr("Width"), m_w);
    grid->addRow(tr("Height"), m_h);
    form->addRow(place);
    options->setMinimumWidth(300);
    return options;
}

void PanelEditor::addQuery()
{
    dashboard::Query q;
    // The first letter no other query of the panel uses.
    QStringList used;
    for (const QueryRow &row : m_rows)
        used << row.refId->text().trimmed();
    for (char c = 'A'; c <= 'Z'; ++c)
        if (!used.contains(QString(QChar(c)))) {
            q.refId = QString(QChar(c));
            break;
        }
    addQueryRow(q);
    m_rows.back().expr->setFocus();
}

void PanelEditor::removeQuery(int index)
{
    if (index < 0 || index >= int(m_rows.size()))
        return;
    m_rows[std::size_t(index)].box->deleteLater();
    m_rows.erase(m_rows.begin() + index);
    schedulePreview();
}

void PanelEditor::addQueryRow(const dashboard::Query &query)
{
    QueryRow row;
    row.box = new QFrame(this);
    static_cast<QFrame *>(row.box)->setFrameShape(QFrame::StyledPanel);
    row.expr = new PromQLEditor(row.box);
    row.legend = new QLineEdit(query.legendFormat, row.box);
    row.refId = new QLineEdit(query.refId, row.box);
    row.instant = new QCheckBox(tr("Instant"), row.box);
    auto *remove = new QToolButton(row.box);
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(tr("Remove this query"));

    row.expr->setQuery(query.expr);
    row.expr->setMinimumHeight(row.expr->fontMetrics().lineSpacing() * 3 + 16);
    row.expr->setMaximumHeight(row.expr->fontMetrics().lineSpacing() * 6 + 16);
    row.legend->setPlaceholderText(tr("Legend, e.g. {{class}}"));
    row.legend->setToolTip(tr("The series' name in the legend; {{label}} is replaced by the "
                              "label's value. Empty: the labels that tell the series apart."));
    row.refId->setMaximumWidth(60);
    row.refId->setToolTip(tr("The query's name (unique in the panel)"));
    row.instant->setChecked(query.instant);
    row.instant->setToolTip(tr("One value at the end of the range instead of a series over it"));

    auto *head = new QHBoxLayout;
    head->addWidget(row.refId);
    head->addWidget(row.legend, 1);
    head->addWidget(row.instant);
    head->addWidget(remove);
    auto *box = new QVBoxLayout(row.box);
    box->setContentsMargins(6, 6, 6, 6);
    box->addLayout(head);
    box->addWidget(row.expr);
    m_queryList->addWidget(row.box);

    m_completion->attach(row.expr);
    m_linter->addEditor(row.expr);
    connect(row.expr, &QPlainTextEdit::textChanged, this, &PanelEditor::schedulePreview);
    connect(row.expr, &PromQLEditor::runRequested, this, &PanelEditor::runPreview);
    connect(row.legend, &QLineEdit::textChanged, this, &PanelEditor::schedulePreview);
    connect(row.instant, &QCheckBox::toggled, this, &PanelEditor::schedulePreview);
    QWidget *boxWidget = row.box;
    connect(remove, &QToolButton::clicked, this, [this, boxWidget] {
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            if (m_rows[i].box == boxWidget)
                removeQuery(int(i));
    });
    m_rows.push_back(row);
    schedulePreview();
}

PromQLEditor *PanelEditor::queryEditor(int index) const
{
    return index >= 0 && index < int(m_rows.size()) ? m_rows[std::size_t(index)].expr : nullptr;
}

QLineEdit *PanelEditor::legendEdit(int index) const
{
    return index >= 0 && index < int(m_rows.size()) ? m_rows[std::size_t(index)].legend : nullptr;
}

void PanelEditor::onUnitChanged()
{
    // The values stay; only the way they are written follows the unit (0.05 s: "50 ms"; as a
    // ratio: "5 %").
    const units::Unit unit = units::unitFromName(m_unit->currentData().toString());
    for (QLineEdit *edit : {m_amber, m_red}) {
        const units::ParsedInput in = units::parseInput(edit->text(), m_shownUnit);
        if (in.value)
            edit->setText(units::formatForInput(*in.value, unit));
    }
    m_shownUnit = unit;
    showThresholdState();
    schedulePreview();
}

QString PanelEditor::checkThresholds() const
{
    if (!m_useThresholds->isChecked())
        return {};
    for (const auto &[edit, name] :
         {std::pair{m_amber, tr("Amber")}, std::pair{m_red, tr("Red")}}) {
        const units::ParsedInput in = units::parseInput(edit->text(), m_shownUnit);
        if (!in.value)
            return tr("%1 threshold: %2").arg(name, in.error);
    }
    return {};
}

void PanelEditor::showThresholdState()
{
    const bool on = m_useThresholds->isChecked();
    m_amber->setEnabled(on);
    m_red->setEnabled(on);
    m_higherIsBetter->setEnabled(on);
    const QString example = units::formatForInput(m_shownUnit == units::Unit::Seconds       ? 0.05
                                                  : m_shownUnit == units::Unit::PercentUnit ? 0.2
                                                                                            : 20,
                                                  m_shownUnit);
    for (QLineEdit *edit : {m_amber, m_red}) {
        edit->setPlaceholderText(tr("e.g. %1").arg(example));
        const units::ParsedInput in = units::parseInput(edit->text(), m_shownUnit);
        const bool bad = on && !in.value;
        edit->setStyleSheet(bad ? QStringLiteral("QLineEdit { border: 1px solid #d63b3b; }")
                                : QString());
        edit->setToolTip(bad ? in.error : tr("Typed in the panel's unit, e.g. %1").arg(example));
    }
    const QString error = checkThresholds();
    m_thresholdNote->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #d63b3b"));
    m_thresholdNote->setText(error.isEmpty() ? tr("In the panel's unit, e.g. %1.").arg(example)
                                             : error);
}

dashboard::Panel PanelEditor::panel() const
{
    dashboard::Panel p = m_original;
    p.title = m_title->text().trimmed();
    if (const auto type = dashboard::panelTypeFromName(m_type->currentText()))
        p.type = *type;
    p.unit = m_unit->currentData().toString();
    p.stacked = m_stacked->isChecked();
    p.thresholds = {};
    if (m_useThresholds->isChecked()) {
        const auto amber = units::parseInput(m_amber->text(), m_shownUnit).value;
        const auto red = units::parseInput(m_red->text(), m_shownUnit).value;
        if (amber && red) {
            p.thresholds.higherIsBetter = m_higherIsBetter->isChecked();
            const dashboard::ThresholdStep amberStep{*amber, dashboard::ThresholdLevel::Warning};
            const dashboard::ThresholdStep redStep{*red, dashboard::ThresholdLevel::Critical};
            // Steps ascend; with higher-is-better, red is the lower one.
            if (p.thresholds.higherIsBetter)
                p.thresholds.steps = {redStep, amberStep};
            else
                p.thresholds.steps = {amberStep, redStep};
        }
    }
    p.queries.clear();
    for (const QueryRow &row : m_rows) {
        dashboard::Query q;
        q.expr = row.expr->query().trimmed();
        if (q.expr.isEmpty())
            continue;
        q.legendFormat = row.legend->text();
        q.refId = row.refId->text().trimmed();
        q.instant = row.instant->isChecked();
        p.queries.push_back(q);
    }
    p.gridPos = {m_x->value(), m_y->value(),
                 std::min(m_w->value(), dashboard::kGridColumns - m_x->value()), m_h->value()};
    return p;
}

QString PanelEditor::problem() const
{
    const dashboard::Panel p = panel();
    if (p.title.isEmpty() && p.type != dashboard::PanelType::Stat)
        return tr("A panel needs a title.");
    if (p.queries.empty() && needsQueries(p.type))
        return tr("A %1 panel needs at least one query.").arg(dashboard::panelTypeName(p.type));
    if (const QString thresholds = checkThresholds(); !thresholds.isEmpty())
        return thresholds;
    // The dashboard file's own rules (unique ids and names, grid bounds, sorted thresholds).
    dashboard::Dashboard check = m_context;
    bool replaced = false;
    for (auto &other : check.panels)
        if (other.id == p.id) {
            other = p;
            replaced = true;
        }
    if (!replaced)
        check.panels.push_back(p);
    return dashboard::validateDashboard(check);
}

void PanelEditor::accept()
{
    const QString why = problem();
    if (!why.isEmpty()) {
        m_problem->setText(why);
        return;
    }
    QDialog::accept();
}

void PanelEditor::setPreview(prom::PromClient *client, const TimeRange &range,
                             qint64 scrapeIntervalMs)
{
    m_client = client;
    if (!m_previewService)
        m_previewService = new panel::DashboardDataService(client, this);
    m_previewService->setClient(client);
    m_range = range;
    m_scrapeIntervalMs = scrapeIntervalMs;
    m_completion->setClient(client);
    m_linter->setClient(client);
    runPreview();
}

void PanelEditor::schedulePreview()
{
    if (m_client)
        m_previewTimer.start();
}

void PanelEditor::runPreview()
{
    m_previewTimer.stop();
    if (!m_client)
        return;
    const dashboard::Panel p = panel();
    if (p.queries.empty() && needsQueries(p.type)) {
        delete m_nextPreview;
        m_nextPreview = nullptr;
        if (m_preview) {
            delete m_preview->frame();
            delete m_preview;
            m_preview = nullptr;
        }
        m_previewNote->setText(tr("Write a query to see the panel."));
        m_previewNote->show();
        return;
    }
    // The panel is built anew (its type and unit decide its widget); the previous one stays
    // on screen until the new one has answered, so typing does not make the preview blink.
    if (m_nextPreview) {
        delete m_nextPreview->frame();
        delete m_nextPreview;
    }
    auto *next = new PanelController(p, m_previewService, m_previewHost, this);
    ++m_previewStarts;
    m_nextPreview = next;
    next->frame()->hide();
    connect(next, &PanelController::refreshFinished, this, [this, next] {
        if (next != m_nextPreview)
            return;
        if (m_preview) {
            delete m_preview->frame();
            delete m_preview;
        }
        m_preview = next;
        m_nextPreview = nullptr;
        m_previewNote->hide();
        m_previewLayout->addWidget(next->frame());
        next->frame()->show();
        ++m_previewRuns;
        Q_EMIT previewRefreshed();
    });

    RefreshContext context;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    context.fromMs = m_range.fromMs(now);
    context.toMs = m_range.toMs(now);
    context.widthPx = std::max(300, m_previewHost->width() - 80);
    context.scrapeIntervalMs = m_scrapeIntervalMs;
    context.variables = dashboard::selectedValues(m_context, context.templateContext());
    next->refresh(context);
}

} // namespace vitals

#include "ui/paneleditor.h"

#include "core/dashboard/dashboardfile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

namespace vitals {

namespace {

enum QueryColumn { Expr, Legend, RefId, Instant, Columns };

const dashboard::PanelType kTypes[] = {
    dashboard::PanelType::TimeSeries, dashboard::PanelType::Stat,
    dashboard::PanelType::Bar,        dashboard::PanelType::Distribution,
    dashboard::PanelType::Table,      dashboard::PanelType::DriftTable,
    dashboard::PanelType::Text,       dashboard::PanelType::ModelQuality};

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
    , m_amber(new QDoubleSpinBox(this))
    , m_red(new QDoubleSpinBox(this))
    , m_useThresholds(new QCheckBox(tr("Colour by thresholds"), this))
    , m_higherIsBetter(new QCheckBox(tr("Higher is better"), this))
    , m_queries(new QTableWidget(0, Columns, this))
    , m_x(new QSpinBox(this))
    , m_y(new QSpinBox(this))
    , m_w(new QSpinBox(this))
    , m_h(new QSpinBox(this))
    , m_problem(new QLineEdit(this))
{
    setWindowTitle(panel.title.isEmpty() ? tr("New panel") : tr("Edit panel — %1").arg(panel.title));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Title"), m_title);

    for (dashboard::PanelType type : kTypes)
        m_type->addItem(dashboard::panelTypeName(type));
    m_type->setCurrentText(dashboard::panelTypeName(panel.type));
    form->addRow(tr("Type"), m_type);

    m_unit->setEditable(false);
    for (const char *unit : {"", "short", "s", "percent", "percentunit", "bytes", "reqps"})
        m_unit->addItem(QString::fromLatin1(unit));
    m_unit->setCurrentText(panel.unit);
    m_unit->setToolTip(tr("s = seconds, percent = 0–100, percentunit = 0–1, reqps = requests per second"));
    form->addRow(tr("Unit"), m_unit);
    m_stacked->setChecked(panel.stacked);
    form->addRow(QString(), m_stacked);

    double amber = 0, red = 0;
    for (const auto &step : panel.thresholds.steps) {
        if (step.level == dashboard::ThresholdLevel::Warning)
            amber = step.value;
        else if (step.level == dashboard::ThresholdLevel::Critical)
            red = step.value;
    }
    for (QDoubleSpinBox *box : {m_amber, m_red}) {
        box->setRange(-1e12, 1e12);
        box->setDecimals(4);
    }
    m_amber->setValue(amber);
    m_red->setValue(red);
    m_useThresholds->setChecked(!panel.thresholds.isEmpty());
    m_higherIsBetter->setChecked(panel.thresholds.higherIsBetter);
    auto *thresholds = new QHBoxLayout;
    thresholds->addWidget(m_useThresholds);
    thresholds->addWidget(new QLabel(tr("amber at"), this));
    thresholds->addWidget(m_amber);
    thresholds->addWidget(new QLabel(tr("red at"), this));
    thresholds->addWidget(m_red);
    thresholds->addWidget(m_higherIsBetter);
    form->addRow(tr("Thresholds"), thresholds);

    m_queries->setHorizontalHeaderLabels({tr("PromQL"), tr("Legend"), tr("Name"), tr("Instant")});
    m_queries->horizontalHeader()->setSectionResizeMode(Expr, QHeaderView::Stretch);
    m_queries->verticalHeader()->hide();
    m_queries->setMinimumHeight(140);
    for (const auto &q : panel.queries)
        addQueryRow(q);
    auto *queryButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add query"), this);
    auto *remove = new QPushButton(tr("Remove query"), this);
    queryButtons->addWidget(add);
    queryButtons->addWidget(remove);
    queryButtons->addStretch(1);
    connect(add, &QPushButton::clicked, this, [this] {
        dashboard::Query q;
        q.refId = QString(QChar(u'A' + m_queries->rowCount() % 26));
        addQueryRow(q);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_queries->currentRow() >= 0)
            m_queries->removeRow(m_queries->currentRow());
    });
    form->addRow(tr("Queries"), m_queries);
    form->addRow(QString(), queryButtons);

    auto *grid = new QHBoxLayout;
    m_x->setRange(0, dashboard::kGridColumns - 1);
    m_w->setRange(1, dashboard::kGridColumns);
    m_y->setRange(0, 1000);
    m_h->setRange(1, 100);
    m_x->setValue(panel.gridPos.x);
    m_y->setValue(panel.gridPos.y);
    m_w->setValue(panel.gridPos.w);
    m_h->setValue(panel.gridPos.h);
    for (const auto &[label, box] : {std::pair{tr("column"), m_x}, std::pair{tr("row"), m_y},
                                     std::pair{tr("width"), m_w}, std::pair{tr("height"), m_h}}) {
        grid->addWidget(new QLabel(label, this));
        grid->addWidget(box);
    }
    form->addRow(tr("Place (24 columns)"), grid);

    m_problem->setReadOnly(true);
    m_problem->setFrame(false);
    m_problem->setStyleSheet(QStringLiteral("color: #d63b3b"));
    form->addRow(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PanelEditor::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    resize(860, sizeHint().height());
}

void PanelEditor::addQueryRow(const dashboard::Query &query)
{
    const int row = m_queries->rowCount();
    m_queries->insertRow(row);
    m_queries->setItem(row, Expr, new QTableWidgetItem(query.expr));
    m_queries->setItem(row, Legend, new QTableWidgetItem(query.legendFormat));
    m_queries->setItem(row, RefId, new QTableWidgetItem(query.refId));
    auto *instant = new QTableWidgetItem;
    instant->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    instant->setCheckState(query.instant ? Qt::Checked : Qt::Unchecked);
    m_queries->setItem(row, Instant, instant);
}

dashboard::Panel PanelEditor::panel() const
{
    dashboard::Panel p = m_original;
    p.title = m_title->text().trimmed();
    if (const auto type = dashboard::panelTypeFromName(m_type->currentText()))
        p.type = *type;
    p.unit = m_unit->currentText();
    p.stacked = m_stacked->isChecked();
    p.thresholds = {};
    if (m_useThresholds->isChecked()) {
        p.thresholds.higherIsBetter = m_higherIsBetter->isChecked();
        dashboard::ThresholdStep amber{m_amber->value(), dashboard::ThresholdLevel::Warning};
        dashboard::ThresholdStep red{m_red->value(), dashboard::ThresholdLevel::Critical};
        // Steps ascend; with higher-is-better, red is the lower one.
        if (p.thresholds.higherIsBetter)
            p.thresholds.steps = {red, amber};
        else
            p.thresholds.steps = {amber, red};
    }
    p.queries.clear();
    for (int row = 0; row < m_queries->rowCount(); ++row) {
        dashboard::Query q;
        q.expr = m_queries->item(row, Expr) ? m_queries->item(row, Expr)->text().trimmed() : QString();
        if (q.expr.isEmpty())
            continue;
        q.legendFormat = m_queries->item(row, Legend) ? m_queries->item(row, Legend)->text() : QString();
        q.refId = m_queries->item(row, RefId) ? m_queries->item(row, RefId)->text().trimmed() : QString();
        q.instant = m_queries->item(row, Instant) && m_queries->item(row, Instant)->checkState() == Qt::Checked;
        p.queries.push_back(q);
    }
    p.gridPos = {m_x->value(), m_y->value(), std::min(m_w->value(), dashboard::kGridColumns - m_x->value()),
                 m_h->value()};
    return p;
}

QString PanelEditor::problem() const
{
    const dashboard::Panel p = panel();
    if (p.title.isEmpty() && p.type != dashboard::PanelType::Stat)
        return tr("A panel needs a title.");
    if (p.queries.empty() && p.type != dashboard::PanelType::Text && p.type != dashboard::PanelType::DriftTable
        && p.type != dashboard::PanelType::ModelQuality)
        return tr("A %1 panel needs at least one query.").arg(dashboard::panelTypeName(p.type));
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

} // namespace vitals

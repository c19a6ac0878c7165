#include "ui/snapshotalertspage.h"

#include "core/units.h"
#include "ui/tables.h"
#include "widgets/levelcolors.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>

namespace vitals {

namespace {

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

QString timeText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

TableCell severityCell(const QString &severity)
{
    TableCell cell(severity);
    if (severity == u"critical" || severity == u"page")
        cell.foreground = levelcolors::critical();
    else if (severity == u"warning")
        cell.foreground = levelcolors::warning();
    return cell;
}

// The server's value ("3.5980535717…") as people read it ("3.6").
QString valueText(const QString &value)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    return ok ? units::formatNumber(v) : value;
}

// Columns as wide as their texts, the last (labels) taking the rest; one line per row.
QTableView *table(TableModel *model, QWidget *parent)
{
    QTableView *view = makeReadOnlyTable(model, parent);
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

} // namespace

QString SnapshotAlertsPage::labelsText(const series::LabelSet &labels)
{
    QStringList parts;
    for (const series::Label &l : labels.labels())
        if (l.name != u"alertname" && l.name != u"severity") // both have their own column
            parts << QStringLiteral("%1=%2").arg(l.name, l.value);
    return parts.join(QStringLiteral(", "));
}

SnapshotAlertsPage::SnapshotAlertsPage(const snapshot::Snapshot &s, QWidget *parent)
    : QWidget(parent)
    , m_firingModel(new TableModel({tr("Alert"), tr("Severity"), tr("Active since"), tr("Value"),
                                    tr("Summary"), tr("Labels")},
                                   this))
    , m_periodsModel(new TableModel(
          {tr("Alert"), tr("Severity"), tr("From"), tr("To"), tr("Lasted"), tr("Labels")}, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading(
        s.firingAlerts.empty()
            ? tr("No alert was firing when the snapshot was taken (%1)").arg(timeText(s.takenAtMs))
            : tr("Firing when the snapshot was taken (%1)").arg(timeText(s.takenAtMs)),
        this));
    std::vector<TableRow> firing;
    for (const prom::Alert &a : s.firingAlerts) {
        TableRow row;
        row.key = a.labels.value(u"alertname");
        row.cells.push_back(row.key);
        row.cells.push_back(severityCell(a.labels.value(u"severity")));
        row.cells.push_back(a.activeAt.isValid() ? timeText(a.activeAt.toMSecsSinceEpoch())
                                                 : QString());
        row.cells.push_back(valueText(a.value));
        row.cells.push_back(a.annotations.value(u"summary"));
        row.cells.push_back(labelsText(a.labels));
        firing.push_back(std::move(row));
    }
    m_firingModel->setRows(std::move(firing));
    m_firingTable = table(m_firingModel, this);
    m_firingTable->setObjectName(QStringLiteral("snapshotFiringAlerts"));
    layout->addWidget(m_firingTable, 1);

    std::vector<snapshot::AlertSpan> spans = s.alertSpans;
    // One row per alert (label set) and period, in time order; alerts that fired at the same
    // time in the order of their names and labels.
    std::stable_sort(spans.begin(), spans.end(), [](const auto &a, const auto &b) {
        return std::tuple(a.fromMs, a.alertname, labelsText(a.labels))
               < std::tuple(b.fromMs, b.alertname, labelsText(b.labels));
    });
    layout->addWidget(
        heading(spans.empty() ? tr("No alert fired between %1 and %2 (of those the dashboard "
                                   "shades)")
                                    .arg(timeText(s.fromMs), timeText(s.toMs))
                              : tr("When alerts fired between %1 and %2, as the charts shade it")
                                    .arg(timeText(s.fromMs), timeText(s.toMs)),
                this));
    std::vector<TableRow> periods;
    for (const snapshot::AlertSpan &span : spans) {
        TableRow row;
        row.key = span.alertname;
        row.cells.push_back(span.alertname.isEmpty() ? tr("(unnamed)") : span.alertname);
        row.cells.push_back(severityCell(span.labels.value(u"severity")));
        row.cells.push_back(timeText(span.fromMs));
        row.cells.push_back(span.toMs >= s.toMs ? tr("still firing at the end")
                                                : timeText(span.toMs));
        row.cells.push_back(units::formatDuration(double(span.toMs - span.fromMs) / 1000.0));
        row.cells.push_back(labelsText(span.labels));
        periods.push_back(std::move(row));
    }
    m_periodsModel->setRows(std::move(periods));
    m_periodsTable = table(m_periodsModel, this);
    m_periodsTable->setObjectName(QStringLiteral("snapshotAlertPeriods"));
    layout->addWidget(m_periodsTable, 2);

    auto *note = new QLabel(tr("Read-only: a snapshot cannot silence or expire anything."), this);
    note->setEnabled(false);
    layout->addWidget(note);
}

SnapshotAlertsPage::~SnapshotAlertsPage() = default;

} // namespace vitals

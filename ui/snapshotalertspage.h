#pragma once

#include "core/snapshot/snapshot.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace vitals {

class TableModel;

// A snapshot window's Alerts page, read-only: the alerts that were firing when the snapshot
// was taken (name, severity, active since, value, summary, labels) and every period within the
// captured span when an alert fired (name, severity, from, to, how long, labels), as the
// dashboard's charts shade them. No silences, no actions: nothing is asked of a server. Files
// written before spans kept their names show the periods as "(unnamed)". GUI thread only; its
// widgets and models are children of the page.
class SnapshotAlertsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SnapshotAlertsPage(const snapshot::Snapshot &snapshot, QWidget *parent = nullptr);
    ~SnapshotAlertsPage() override;

    // Firing when taken: one row per alert, keyed by its alertname.
    TableModel *firingModel() const { return m_firingModel; }
    // Fired within the span: one row per period, earliest first, keyed by its alertname.
    TableModel *periodsModel() const { return m_periodsModel; }
    QTableView *firingTable() const { return m_firingTable; }
    QTableView *periodsTable() const { return m_periodsTable; }

    // The labels as the tables show them, "k=v, k=v", without alertname and severity.
    static QString labelsText(const series::LabelSet &labels);

private:
    TableModel *m_firingModel = nullptr;
    TableModel *m_periodsModel = nullptr;
    QTableView *m_firingTable = nullptr;
    QTableView *m_periodsTable = nullptr;
};

} // namespace vitals

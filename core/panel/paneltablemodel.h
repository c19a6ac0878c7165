#pragma once

#include "core/panel/paneldata.h"

#include <QAbstractTableModel>

namespace vitals::panel {

// A table panel's rows as an item model over plain data (panelTable(): a column per label
// name, sorted, then the value in the panel's unit), for a QTableView. Read-only; setTable()
// resets the model. GUI thread; owned by its QObject parent.
class PanelTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit PanelTableModel(QObject *parent = nullptr);

    void setTable(PanelTable table);
    const PanelTable &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    // Qt::DisplayRole: the cell's text; Qt::TextAlignmentRole: values right-aligned.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    PanelTable m_table;
};

} // namespace vitals::panel

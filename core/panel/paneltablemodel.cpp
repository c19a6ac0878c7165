#include "core/panel/paneltablemodel.h"

namespace vitals::panel {

PanelTableModel::PanelTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PanelTableModel::setTable(PanelTable table)
{
    beginResetModel();
    m_table = std::move(table);
    endResetModel();
}

int PanelTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.rows.size());
}

int PanelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.header.size());
}

QVariant PanelTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QStringList &row = m_table.rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole)
        return row.value(index.column());
    if (role == Qt::TextAlignmentRole && index.column() == columnCount() - 1)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    return {};
}

QVariant PanelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return m_table.header.value(section);
    return section + 1;
}

} // namespace vitals::panel

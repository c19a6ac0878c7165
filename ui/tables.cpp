#include "ui/tables.h"

#include <QHeaderView>
#include <QTableView>

namespace vitals {

TableRow TableRow::fromTexts(const QStringList &texts)
{
    TableRow row;
    row.key = texts.value(0);
    row.cells.reserve(std::size_t(texts.size()));
    for (const QString &t : texts)
        row.cells.emplace_back(t);
    return row;
}

TableModel::TableModel(const QStringList &columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(columns)
{}

void TableModel::setColumns(const QStringList &columns)
{
    if (columns == m_columns)
        return;
    if (columns.size() == m_columns.size()) {
        m_columns = columns;
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(columns.size()) - 1);
        return;
    }
    beginResetModel();
    m_columns = columns;
    endResetModel();
}

void TableModel::setRowHeaders(const QStringList &headers)
{
    m_rowHeaders = headers;
    if (!m_rows.empty())
        Q_EMIT headerDataChanged(Qt::Vertical, 0, int(m_rows.size()) - 1);
}

void TableModel::setRows(std::vector<TableRow> rows)
{
    // Rows are replaced in place, so views keep their selection and scroll position: only the
    // rows that came or went are announced as such.
    const int oldCount = int(m_rows.size());
    const int newCount = int(rows.size());
    if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        m_rows.resize(std::size_t(newCount));
        endRemoveRows();
    } else if (newCount > oldCount) {
        beginInsertRows({}, oldCount, newCount - 1);
        m_rows.resize(std::size_t(newCount));
        endInsertRows();
    }
    m_rows = std::move(rows);
    if (newCount > 0 && !m_columns.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(newCount - 1, int(m_columns.size()) - 1));
}

const TableCell *TableModel::cell(int row, int column) const
{
    if (row < 0 || row >= int(m_rows.size()) || column < 0 || column >= m_columns.size())
        return nullptr;
    const auto &cells = m_rows[std::size_t(row)].cells;
    return column < int(cells.size()) ? &cells[std::size_t(column)] : nullptr;
}

QString TableModel::text(int row, int column) const
{
    const TableCell *c = cell(row, column);
    return c ? c->text : QString();
}

int TableModel::rowOf(const QString &key) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].key == key)
            return int(i);
    return -1;
}

int TableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant TableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::UserRole)
        return m_rows[std::size_t(index.row())].key;
    const TableCell *c = cell(index.row(), index.column());
    if (!c)
        return role == Qt::DisplayRole ? QVariant(QString()) : QVariant();
    switch (role) {
    case Qt::DisplayRole:
        return c->text;
    case Qt::ToolTipRole:
        return c->toolTip.isEmpty() ? QVariant() : QVariant(c->toolTip);
    case Qt::ForegroundRole:
        return c->foreground.isValid() ? QVariant(c->foreground) : QVariant();
    case Qt::BackgroundRole:
        return c->background.isValid() ? QVariant(c->background) : QVariant();
    case Qt::TextAlignmentRole:
        return c->alignment ? QVariant(int(c->alignment)) : QVariant();
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_columns.size() ? QVariant(m_columns[section])
                                                          : QVariant();
    if (section >= 0 && section < m_rowHeaders.size())
        return m_rowHeaders[section];
    return section >= 0 && section < rowCount() ? QVariant(section + 1) : QVariant();
}

QTableView *makeReadOnlyTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    return table;
}

} // namespace vitals

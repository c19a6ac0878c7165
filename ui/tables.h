#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>

#include <vector>

class QTableView;
class QWidget;

namespace vitals {

// One cell of a TableModel: its text and how it is drawn. Invalid colours mean "the view's
// palette"; an empty tool tip shows none.
struct TableCell {
    TableCell() = default;
    TableCell(QString text)
        : text(std::move(text))
    {} // NOLINT: cells are built from strings
    TableCell(QString text, QColor foreground)
        : text(std::move(text))
        , foreground(foreground)
    {}

    QString text;
    QColor foreground;
    QColor background;
    QString toolTip;
    Qt::Alignment alignment = {}; // default: the view's
};

// One row: its cells, in column order, and a key that names it across refreshes (an alert
// name, a process name), returned for Qt::UserRole of every cell.
struct TableRow {
    QString key;
    std::vector<TableCell> cells;

    // A row of plain texts; the key is the first text.
    static TableRow fromTexts(const QStringList &texts);
};

// A read-only table model over plain rows: the tables of the Alerts, Stack, Drift and Model
// quality views. Pages turn their data into rows (pure code, tested on its own) and call
// setRows(); the model tells its views which rows came, went or changed, so a selection on a
// kept row survives a refresh. Roles: DisplayRole, ToolTipRole, ForegroundRole, BackgroundRole,
// TextAlignmentRole, UserRole (the row's key). GUI thread; a QObject child of its owner.
class TableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit TableModel(const QStringList &columns = {}, QObject *parent = nullptr);

    // Column titles (horizontal header); rows wider than this are cut, narrower ones padded.
    void setColumns(const QStringList &columns);
    QStringList columns() const { return m_columns; }
    // Row titles (vertical header); empty = the view's row numbers.
    void setRowHeaders(const QStringList &headers);
    void setRows(std::vector<TableRow> rows);
    const std::vector<TableRow> &rows() const { return m_rows; }

    // The text at (row, column), or empty outside the table.
    QString text(int row, int column) const;
    // The first row whose key is `key`, or -1.
    int rowOf(const QString &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    const TableCell *cell(int row, int column) const;

    QStringList m_columns;
    QStringList m_rowHeaders;
    std::vector<TableRow> m_rows;
};

// A read-only view of `model` with whole-row selection, no row numbers and a stretching last
// column: the tables of the Stack and Alerts pages. Owned by `parent`; does not own the model.
QTableView *makeReadOnlyTable(QAbstractItemModel *model, QWidget *parent);

} // namespace vitals

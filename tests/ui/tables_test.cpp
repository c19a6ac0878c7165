// TableModel, the model under the Alerts, Stack, Drift and Model quality tables: rows replaced
// in place (so a view's selection survives a refresh), keys, colours, headers, checked by
// QAbstractItemModelTester on every change.
#include "ui/tables.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

std::vector<TableRow> rowsOf(const QStringList &keys)
{
    std::vector<TableRow> rows;
    for (const QString &k : keys)
        rows.push_back(TableRow::fromTexts({k, k + QStringLiteral("-state")}));
    return rows;
}

} // namespace

TEST(TableModel, GrowsShrinksAndKeepsTheSelectedRow)
{
    TableModel model({QStringLiteral("Name"), QStringLiteral("State")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.setRows(rowsOf({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.columnCount(), 2);
    EXPECT_EQ(inserted.count(), 1);
    EXPECT_EQ(model.text(1, 1), QStringLiteral("b-state"));
    EXPECT_EQ(model.rowOf(QStringLiteral("c")), 2);
    EXPECT_EQ(model.rowOf(QStringLiteral("z")), -1);

    QTableView view;
    view.setModel(&model);
    view.selectRow(1);
    model.setRows(rowsOf({QStringLiteral("a"), QStringLiteral("b")}));
    EXPECT_EQ(removed.count(), 1);
    EXPECT_EQ(reset.count(), 0);
    // Row 1 is still selected: a refresh does not throw the user's selection away.
    ASSERT_TRUE(view.selectionModel()->isRowSelected(1, {}));
    EXPECT_EQ(view.currentIndex().data(Qt::UserRole).toString(), QStringLiteral("b"));

    model.setRows({});
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.text(0, 0), QString());
}

TEST(TableModel, CellsCarryColoursTipsAndShortRowsArePadded)
{
    TableModel model({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TableRow row;
    row.key = QStringLiteral("k");
    TableCell coloured(QStringLiteral("firing"), QColor(Qt::red));
    coloured.toolTip = QStringLiteral("tip");
    coloured.background = QColor(Qt::green);
    coloured.alignment = Qt::AlignCenter;
    row.cells = {TableCell(QStringLiteral("x")), coloured}; // one cell short
    model.setRows({row});
    EXPECT_EQ(model.index(0, 1).data(Qt::ForegroundRole).value<QColor>(), QColor(Qt::red));
    EXPECT_EQ(model.index(0, 1).data(Qt::BackgroundRole).value<QColor>(), QColor(Qt::green));
    EXPECT_EQ(model.index(0, 1).data(Qt::ToolTipRole).toString(), QStringLiteral("tip"));
    EXPECT_EQ(model.index(0, 1).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignCenter));
    EXPECT_FALSE(model.index(0, 0).data(Qt::ForegroundRole).isValid());
    EXPECT_EQ(model.index(0, 2).data().toString(), QString());
    EXPECT_EQ(model.index(0, 2).data(Qt::UserRole).toString(), QStringLiteral("k"));

    model.setRowHeaders({QStringLiteral("first")});
    EXPECT_EQ(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("first"));
    EXPECT_EQ(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("C"));
    model.setColumns({QStringLiteral("only")});
    EXPECT_EQ(model.columnCount(), 1);
    EXPECT_EQ(model.rowCount(), 1);
}

// A table panel is a QTableView over PanelTableModel: plain rows from PanelData, checked by
// Qt's own model tester, and what a table panel on the page shows.
#include "core/panel/paneldata.h"
#include "core/panel/paneldataservice.h"
#include "core/panel/paneltablemodel.h"
#include "ui/panelcontroller.h"
#include "widgets/panelframe.h"

#include <QAbstractItemModelTester>
#include <QTableView>

#include <gtest/gtest.h>

using namespace vitals;
using series::LabelSet;

namespace {

panel::PanelData tableData(int rows)
{
    dashboard::Panel p;
    p.id = QStringLiteral("t");
    p.type = dashboard::PanelType::Table;
    dashboard::Query q;
    q.refId = QStringLiteral("A");
    q.instant = true;
    p.queries = {q};
    std::vector<panel::QueryAnswer> answers(1);
    for (int i = 0; i < rows; ++i) {
        prom::VectorSample s;
        s.labels =
            LabelSet::fromPairs({{QStringLiteral("instance"), QStringLiteral("host-%1").arg(i)}});
        s.value = i;
        answers[0].values.push_back(s);
    }
    return panel::buildPanelData(p, std::move(answers), 0, 1, 1);
}

} // namespace

TEST(PanelTableModel, PassesTheModelTesterThroughResets)
{
    panel::PanelTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(model.rowCount(), 0);
    model.setTable(panel::panelTable(tableData(3)));
    // tableData(3): three samples with one label each → columns "instance" and "Value".
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.columnCount(), 2);
    EXPECT_EQ(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("instance"));
    EXPECT_EQ(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Value"));
    EXPECT_EQ(model.data(model.index(2, 0)).toString(), QStringLiteral("host-2"));
    EXPECT_EQ(model.data(model.index(2, 1)).toString(), units::format(2, units::Unit::None));
    model.setTable(panel::panelTable(tableData(1)));
    EXPECT_EQ(model.rowCount(), 1);
    model.setTable({});
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.columnCount(), 0);
}

TEST(PanelTableModel, ATablePanelShowsItsDataInAView)
{
    // No client: the service announces the panel at once, with nothing to show.
    panel::DashboardDataService service(nullptr);
    dashboard::Panel p;
    p.id = QStringLiteral("t");
    p.title = QStringLiteral("Table");
    p.type = dashboard::PanelType::Table;
    QWidget parent;
    PanelController controller(p, &service, &parent);
    auto *view = qobject_cast<QTableView *>(controller.frame()->content());
    ASSERT_NE(view, nullptr);
    ASSERT_NE(qobject_cast<panel::PanelTableModel *>(view->model()), nullptr);
    controller.refresh({});
    EXPECT_FALSE(controller.isBusy());
    EXPECT_EQ(view->model()->rowCount(), 0);
}

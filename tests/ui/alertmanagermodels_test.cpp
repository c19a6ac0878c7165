// The Alerts page's Alertmanager models over hand-made API answers: how an inhibited alert reads
// (its state, and the name of the alert that inhibits it instead of Alertmanager's fingerprint).
// The real path, an inhibit rule of the local stack, is AlertmanagerStack.ACriticalAlertInhibits…
#include "ui/alertmanagermodels.h"

#include <QAbstractItemModelTester>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

alertmanager::Alert alert(const char *name, const char *fingerprint, const char *severity)
{
    alertmanager::Alert a;
    a.fingerprint = QString::fromLatin1(fingerprint);
    a.state = QStringLiteral("active");
    a.labels = {{QStringLiteral("alertname"), QString::fromLatin1(name)},
                {QStringLiteral("job"), QStringLiteral("iris")},
                {QStringLiteral("severity"), QString::fromLatin1(severity)}};
    return a;
}

} // namespace

TEST(AlertGroupsModel, AnInhibitedAlertNamesTheAlertThatInhibitsIt)
{
    alertmanager::AlertGroup down, slow;
    down.labels = {{QStringLiteral("alertname"), QStringLiteral("IrisServerDown")}};
    down.alerts = {alert("IrisServerDown", "a1b2", "critical")};
    slow.labels = {{QStringLiteral("alertname"), QStringLiteral("HighLatencyP95")}};
    slow.alerts = {alert("HighLatencyP95", "c3d4", "warning")};
    slow.alerts[0].state = QStringLiteral("suppressed");
    slow.alerts[0].inhibitedBy = {QStringLiteral("a1b2"), QStringLiteral("ffff")};

    AlertGroupsModel model;
    QAbstractItemModelTester tester(&model);
    model.setGroups({down, slow});
    ASSERT_EQ(model.rowCount(), 2);
    const QModelIndex slowGroup = model.index(1, 0);
    ASSERT_EQ(model.rowCount(slowGroup), 1);
    const QModelIndex state = model.index(0, AlertGroupsModel::State, slowGroup);
    EXPECT_EQ(state.data().toString(), QStringLiteral("inhibited"));
    // The known inhibitor by name and labels; an unknown fingerprint as it is.
    EXPECT_EQ(state.data(Qt::ToolTipRole).toString(),
              QStringLiteral("Inhibited by IrisServerDown job=iris, severity=critical; ffff"));
    // The inhibiting alert itself reads active, with its description as the tooltip.
    EXPECT_EQ(model.index(0, AlertGroupsModel::State, model.index(0, 0)).data().toString(),
              QStringLiteral("active"));
}

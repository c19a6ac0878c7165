// The Alerts page's Alertmanager view against the real local stack (Prometheus and
// Alertmanager, Debian packages): a silence made through the alert's context menu and the
// Silence dialog reaches Alertmanager, marks the alert silenced and stops its desktop
// notifications; the Expire button ends it.
#include "core/prom/promclient.h"
#include "core/services/alertmanagerservice.h"
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"
#include "ui/alertmanagermodels.h"
#include "ui/alertmanagerview.h"
#include "ui/alertspage.h"
#include "ui/silencedialog.h"
#include "ui/stackpage.h"
#include "ui/tables.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>

#include "support/testsupport_alertmanagerstack.h"
#include "support/testsupport_prometheus.h"
#include "support/testsupport_screenshot.h"

#include <gtest/gtest.h>

using namespace vitals;
using vitals::testsupport::httpGet;
using vitals::testsupport::waitUntil;

namespace {

const QString kFixtures = QStringLiteral(VITALS_SOURCE_DIR "/tests/core/fixtures/");

// The row of the alert named `name` in the groups model, or an invalid index.
QModelIndex alertRow(const AlertGroupsModel &model, const QString &name)
{
    for (int g = 0; g < model.rowCount(); ++g) {
        const QModelIndex group = model.index(g, 0);
        for (int a = 0; a < model.rowCount(group); ++a) {
            const QModelIndex i = model.index(a, 0, group);
            if (i.data().toString() == name)
                return i;
        }
    }
    return {};
}

// The silence with `id` from GET /api/v2/silences, or an empty object.
QJsonObject silenceFromAlertmanager(const QUrl &am, const QString &id)
{
    QByteArray body;
    httpGet(am.resolved(QUrl(QStringLiteral("/api/v2/silences"))), &body);
    for (const QJsonValue &v : QJsonDocument::fromJson(body).array())
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject();
    return {};
}

} // namespace

TEST(AlertmanagerView, SilenceFromTheContextMenuMutesTheAlertAndItsNotificationsThenExpires)
{
    testsupport::AlertmanagerStack local(
        {kFixtures + QStringLiteral("iris-serving-rules.yml"),
         kFixtures + QStringLiteral("flapping-rules.yml")},
        testsupport::AlertmanagerStack::Components::WithIrisServer);
    ASSERT_TRUE(local.start());
    stack::LocalStack &stack = local.stack();
    const QUrl am = stack.alertmanagerUrl();
    ASSERT_TRUE(am.isValid());

    // The Stack page lists Alertmanager beside Prometheus and the iris-server.
    {
        sim::TrafficSimulator simulator;
        StackPage stackPage(&stack, &simulator);
        stackPage.resize(1200, 700);
        stackPage.show();
        int row = -1;
        ASSERT_TRUE(waitUntil(
            [&] {
                row = stackPage.processModel()->rowOf(stack::LocalStack::alertmanagerName());
                return row >= 0;
            },
            5000));
        EXPECT_GE(stackPage.processModel()->rowOf(stack::LocalStack::prometheusName()), 0);
        QStringList cells;
        for (int c = 0; c < stackPage.processModel()->columnCount(); ++c)
            cells << stackPage.processModel()->text(row, c);
        EXPECT_TRUE(cells.join(QLatin1Char(' ')).contains(QString::number(am.port())))
            << cells.join(QLatin1Char('|')).toStdString();
        testsupport::saveScreenshot(&stackPage, QStringLiteral("stack-with-alertmanager.png"));
    }

    // The connection of the local stack carries its Alertmanager.
    const prom::ConnectionProfile profile = local.profile();
    prom::PromClient client(profile);
    AlertsPage page(&client);
    page.resize(1400, 900);
    page.show();
    AlertmanagerView *view = page.alertmanagerView();
    ASSERT_NE(view, nullptr);
    QAbstractItemModelTester groupsTester(view->groupsModel(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester silencesTester(view->silencesModel(),
                                            QAbstractItemModelTester::FailureReportingMode::Fatal);

    QStringList notifications;
    QObject::connect(&page, &AlertsPage::alertChanged, [&](const QString &text, bool firing) {
        if (firing)
            notifications << text;
    });
    auto refreshing = [&](const std::function<bool()> &done) {
        return [&page, done] {
            page.refresh();
            return done();
        };
    };
    auto flappingNotified = [&] {
        return notifications.filter(QStringLiteral("Flapping is firing")).size();
    };
    // Unsilenced, the flapping alert raises a notification each time it starts firing.
    ASSERT_TRUE(waitUntil(refreshing([&] { return flappingNotified() > 0; }), 30000))
        << notifications.join(QLatin1Char('\n')).toStdString();

    // A rule over the iris-server's scrape fires and reaches Alertmanager through Prometheus; the
    // view lists it.
    EXPECT_TRUE(waitUntil(
        refreshing([&] {
            return alertRow(*view->groupsModel(), QStringLiteral("IrisServing")).isValid();
        }),
        30000))
        << view->statusText().toStdString();

    // Alertmanager holds the flapping one too (it fires half of the time).
    QModelIndex row;
    ASSERT_TRUE(waitUntil(refreshing([&] {
                              row = alertRow(*view->groupsModel(), QStringLiteral("Flapping"));
                              return row.isValid();
                          }),
                          30000));

    // Right-click → Silence… → the dialog, prefilled with the alert's labels.
    QTreeView *tree = view->groupsView();
    tree->scrollTo(row);
    Q_EMIT tree->customContextMenuRequested(tree->visualRect(row).center());
    QMenu *menu = view->findChild<QMenu *>();
    ASSERT_NE(menu, nullptr);
    QAction *silenceAction = nullptr;
    for (QAction *a : menu->actions())
        if (a->text() == QStringLiteral("Silence…"))
            silenceAction = a;
    ASSERT_NE(silenceAction, nullptr);
    silenceAction->trigger();
    menu->close();
    SilenceDialog *dialog = nullptr;
    ASSERT_TRUE(
        waitUntil([&] { return (dialog = view->findChild<SilenceDialog *>()) != nullptr; }, 2000));
    QStringList matchers;
    for (int i = 0; i < dialog->matcherList()->count(); ++i)
        matchers << dialog->matcherList()->item(i)->text();
    EXPECT_TRUE(matchers.contains(QStringLiteral("alertname=\"Flapping\"")))
        << matchers.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(matchers.contains(QStringLiteral("severity=\"info\"")));
    EXPECT_EQ(dialog->durationSeconds(), 2 * 3600); // the default: 2 hours
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    EXPECT_FALSE(ok->isEnabled()); // a comment is required
    dialog->commentEdit()->setText(QStringLiteral("known flapping, muted by the test"));
    ASSERT_TRUE(ok->isEnabled());
    testsupport::saveScreenshot(dialog, QStringLiteral("silence-dialog.png"));
    QString silenceId;
    QObject::connect(page.alertmanagerService(), &AlertmanagerService::silenceCreated,
                     [&](const QString &id) { silenceId = id; });
    ok->click();
    ASSERT_TRUE(waitUntil([&] { return !silenceId.isEmpty(); }, 15000))
        << view->statusText().toStdString();

    // GET /api/v2/silences shows it, active, as the dialog made it.
    const QJsonObject silence = silenceFromAlertmanager(am, silenceId);
    ASSERT_FALSE(silence.isEmpty());
    EXPECT_EQ(silence.value(QStringLiteral("status"))
                  .toObject()
                  .value(QStringLiteral("state"))
                  .toString(),
              QStringLiteral("active"));
    EXPECT_EQ(silence.value(QStringLiteral("comment")).toString(),
              QStringLiteral("known flapping, muted by the test"));
    const qint64 lengthS =
        QDateTime::fromString(silence.value(QStringLiteral("startsAt")).toString(),
                              Qt::ISODateWithMs)
            .secsTo(QDateTime::fromString(silence.value(QStringLiteral("endsAt")).toString(),
                                          Qt::ISODateWithMs));
    EXPECT_NEAR(double(lengthS), 7200.0, 5.0);

    // The view lists it and marks the alert silenced.
    EXPECT_TRUE(waitUntil(refreshing([&] {
                              const QModelIndex r =
                                  alertRow(*view->groupsModel(), QStringLiteral("Flapping"));
                              return r.isValid()
                                     && view->groupsModel()
                                            ->index(r.row(), AlertGroupsModel::State, r.parent())
                                            .data()
                                            .toString()
                                            .contains(QStringLiteral("silenced"));
                          }),
                          30000));
    testsupport::saveScreenshot(&page, QStringLiteral("alertmanager.png"));

    // From now on its starts raise no notification, though it keeps firing and resolving:
    // 25 s cover at least two starts (period 10 s).
    notifications.clear();
    int starts = 0, last = page.firingCount();
    waitUntil(refreshing([&] {
                  if (page.firingCount() > last)
                      ++starts;
                  last = page.firingCount();
                  return false;
              }),
              25000);
    EXPECT_GE(starts, 1) << "the flapping alert did not start firing again";
    EXPECT_EQ(flappingNotified(), 0) << notifications.join(QLatin1Char('\n')).toStdString();

    // Expire it with the view's button.
    QTableView *silences = view->silencesView();
    int silenceRow = -1;
    for (int r = 0; r < view->silencesModel()->rowCount(); ++r)
        if (view->silencesModel()->index(r, 0).data(alertmanagerroles::SilenceId).toString()
            == silenceId)
            silenceRow = r;
    ASSERT_GE(silenceRow, 0);
    // The comment column starts inside the table at the page's width, and the row's tooltip
    // holds the whole comment for when it is cut.
    EXPECT_LT(silences->columnViewportPosition(SilencesModel::Comment) + 40,
              silences->viewport()->width())
        << "comment column at " << silences->columnViewportPosition(SilencesModel::Comment)
        << " of " << silences->viewport()->width();
    EXPECT_TRUE(view->silencesModel()
                    ->index(silenceRow, SilencesModel::State)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("known flapping, muted by the test")));
    silences->selectRow(silenceRow);
    auto *expire = view->findChild<QPushButton *>(QStringLiteral("expireSilence"));
    ASSERT_NE(expire, nullptr);
    ASSERT_TRUE(expire->isEnabled());
    QString expiredId;
    QObject::connect(page.alertmanagerService(), &AlertmanagerService::silenceExpired,
                     [&](const QString &id) { expiredId = id; });
    expire->click();
    ASSERT_TRUE(waitUntil([&] { return expiredId == silenceId; }, 15000))
        << view->statusText().toStdString();
    EXPECT_EQ(silenceFromAlertmanager(am, silenceId)
                  .value(QStringLiteral("status"))
                  .toObject()
                  .value(QStringLiteral("state"))
                  .toString(),
              QStringLiteral("expired"));
    EXPECT_TRUE(waitUntil(refreshing([&] {
                              return view->silencesModel()->rowCount() == 1
                                     && view->silencesModel()->index(0, 0).data().toString()
                                            == QStringLiteral("expired");
                          }),
                          15000));
}

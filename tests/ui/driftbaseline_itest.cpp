// The drift view's two baselines and its editable thresholds, against a real iris-server fed by
// `vitals simulate` and a real Prometheus scraping it every second: 20 s of normal traffic,
// then twice 20 s of drifted traffic. Against the training data the drifted windows are
// "drift"; against the window before, the second drifted window looks like the first ("ok")
// while the first looks nothing like the normal window before it ("drift").
#include "core/prom/promclient.h"
#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"
#include "ui/driftpanel.h"
#include "ui/tables.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <map>
#include <tuple>

using namespace vitals;

namespace {

// Runs `vitals simulate` for 20 s at 20 req/s; returns [start, end] in Unix ms.
std::pair<qint64, qint64> simulate(const QString &target, const QString &scenario)
{
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    QProcess p;
    p.start(QStringLiteral(VITALS_BIN_DIR "/vitals"),
            {QStringLiteral("simulate"), QStringLiteral("--target"), target,
             QStringLiteral("--scenario"), scenario, QStringLiteral("--rate"), QStringLiteral("20"),
             QStringLiteral("--duration"), QStringLiteral("20s")});
    EXPECT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    return {start, QDateTime::currentMSecsSinceEpoch()};
}

// The "Level" column (ok, watch, drift, no data) of every feature row.
std::map<QString, QString> levels(const DriftPanel &panel)
{
    std::map<QString, QString> out;
    for (int row = 0; row < panel.tableModel()->rowCount(); ++row)
        out[panel.tableModel()->text(row, 0)] = panel.tableModel()->text(row, 7);
    return out;
}

bool refreshAndWait(DriftPanel &panel, qint64 fromMs, qint64 toMs)
{
    QSignalSpy done(&panel, &DriftPanel::refreshFinished);
    panel.refresh(fromMs, toMs, 1000);
    return done.count() > 0 || done.wait(20000);
}

void typeInto(QDoubleSpinBox *box, const QString &text)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Enter);
}

} // namespace

TEST(DriftViewLive, WindowBeforeBaselineAndEditableThresholds)
{
    testsupport::IrisServerProcess server;
    ASSERT_TRUE(server.start()) << server.errorString().toStdString();
    testsupport::PrometheusProcess prometheus;
    ASSERT_TRUE(prometheus.start({QStringLiteral("127.0.0.1:%1").arg(server.port())}, 1,
                                 QStringLiteral("iris")))
        << prometheus.log().toStdString();
    const QUrl up(prometheus.baseUrl().toString()
                  + QStringLiteral("/api/v1/query?query=up%7Bjob%3D%22iris%22%7D%3D%3D1"));
    ASSERT_TRUE(testsupport::waitUntil(
        [&] {
            QByteArray body;
            return testsupport::httpGet(up, &body) == 200 && body.contains("\"value\"");
        },
        30000));

    const auto normal = simulate(server.baseUrl(), QStringLiteral("normal"));
    const auto drift1 = simulate(server.baseUrl(), QStringLiteral("drift"));
    const auto drift2 = simulate(server.baseUrl(), QStringLiteral("drift"));
    QTest::qWait(3000); // the last scrapes

    prom::ConnectionProfile profile;
    profile.baseUrl = prometheus.baseUrl();
    prom::PromClient client(profile);
    DriftPanel panel;
    panel.resize(1200, 700);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    panel.setClient(&client);
    panel.setSelector(QStringLiteral("job=\"iris\""));
    // Each window is 20 s, whole seconds, ending a little after its traffic so the last scrape
    // is in; "the window before" is then the preceding 20 s.
    auto windowOf = [](std::pair<qint64, qint64> w) {
        const qint64 to = w.second + 1500;
        return std::pair<qint64, qint64>{to - 20'000, to};
    };
    const std::vector<QString> features = {
        QStringLiteral("petal_length_cm"), QStringLiteral("petal_width_cm"),
        QStringLiteral("sepal_length_cm"), QStringLiteral("sepal_width_cm")};
    auto expectAll = [&](const QString &level, const char *what) {
        const auto got = levels(panel);
        ASSERT_EQ(got.size(), features.size()) << what << ": " << panel.errorText().toStdString();
        for (const auto &f : features)
            EXPECT_EQ(got.at(f), level)
                << what << ", " << f.toStdString() << ", PSI " << panel.features().at(f).psi;
    };

    // Against the training data drifted traffic is drift. (Normal traffic is not checked for
    // "ok" here: over 400 predictions the simulator's Gaussian draws score PSI 0.17-0.24 on
    // petal length and sepal width against the training bins, too close to 0.25 to assert.)
    ASSERT_EQ(panel.baseline(), DriftPanel::Baseline::Training);
    auto [from, to] = windowOf(drift2);
    ASSERT_TRUE(refreshAndWait(panel, from, to));
    expectAll(QStringLiteral("drift"), "second drift vs training");

    // The user picks "against the window before" in the combo box (a real key press).
    auto *combo = panel.findChild<QComboBox *>();
    ASSERT_NE(combo, nullptr);
    QSignalSpy refreshed(&panel, &DriftPanel::refreshFinished);
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down);
    ASSERT_EQ(panel.baseline(), DriftPanel::Baseline::PreviousWindow);
    ASSERT_TRUE(refreshed.count() > 0 || refreshed.wait(20000));
    // The second drifted window against the first: both uniform over the same ranges.
    expectAll(QStringLiteral("ok"), "second drift vs the first");
    // The first drifted window against the normal one before it.
    std::tie(from, to) = windowOf(drift1);
    ASSERT_TRUE(refreshAndWait(panel, from, to));
    expectAll(QStringLiteral("drift"), "first drift vs normal");

    // Thresholds typed by the user re-level the rows at once, without asking the server again:
    // normal traffic against the training data, amber from 0.01, red above 0.02.
    panel.setBaseline(DriftPanel::Baseline::Training);
    std::tie(from, to) = windowOf(normal);
    ASSERT_TRUE(refreshAndWait(panel, from, to));
    const auto before = levels(panel);
    ASSERT_EQ(before.size(), features.size());
    for (const auto &[feature, level] : before) {
        const double psi = panel.features().at(feature).psi;
        EXPECT_EQ(level, psi > 0.25   ? QStringLiteral("drift")
                         : psi >= 0.1 ? QStringLiteral("watch")
                                      : QStringLiteral("ok"))
            << "default thresholds, " << feature.toStdString() << ", PSI " << psi;
    }
    const auto boxes = panel.findChildren<QDoubleSpinBox *>();
    ASSERT_EQ(boxes.size(), 2);
    QSignalSpy requests(&panel, &DriftPanel::refreshFinished);
    typeInto(boxes[1], QStringLiteral("0.02"));
    typeInto(boxes[0], QStringLiteral("0.01"));
    EXPECT_DOUBLE_EQ(panel.thresholds().amber, 0.01);
    EXPECT_DOUBLE_EQ(panel.thresholds().red, 0.02);
    EXPECT_EQ(requests.count(), 0);
    int changed = 0;
    for (const auto &[feature, level] : levels(panel)) {
        const double psi = panel.features().at(feature).psi;
        const QString expected = psi > 0.02    ? QStringLiteral("drift")
                                 : psi >= 0.01 ? QStringLiteral("watch")
                                               : QStringLiteral("ok");
        EXPECT_EQ(level, expected) << feature.toStdString() << ", PSI " << psi;
        changed += level != before.at(feature);
    }
    // At least one feature scores between 0.02 and 0.25 (above: 0.17 and 0.24), so its level
    // must have moved.
    EXPECT_GE(changed, 1);
}

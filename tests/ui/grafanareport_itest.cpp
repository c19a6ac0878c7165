// Reports of corpus dashboards (tests/fixtures/grafana/corpus/) against a real Prometheus that
// scrapes itself (job "prometheus", as the Prometheus-stats dashboards expect) and Debian's
// prometheus-node-exporter (job "node"), made by the job `vitals report` runs (ReportJob, the
// variables resolved against the server). A panel "whose metric exists" is one with a query all
// of whose metric names (promql::metricNames) the server knows (/api/v1/label/__name__/values):
// every such panel must have data, and no other panel can. The old Node Exporter Full reads
// pre-0.16 metric names (node_cpu, node_memory_MemTotal, node_boot_time), so most of its panels
// cannot have data against node_exporter 1.x; the number that can is counted, not assumed.
#include "core/dashboard/dashboardfile.h"
#include "core/prom/promclient.h"
#include "core/promql/promqllanguage.h"
#include "support/testsupport_prometheus.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "ui/reportjob.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <iostream>
#include <set>

using namespace vitals;

namespace {

const QString kCorpusDir = QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/corpus");
const QString kNodeExporter = QStringLiteral("/usr/bin/prometheus-node-exporter");

class GrafanaReports : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        // Under CI a missing component is a failure (asserted in the test), never a skip.
        if (!QFile::exists(kNodeExporter))
            return;
        s_nodePort = testsupport::freeLoopbackPort();
        s_node = new QProcess;
        s_node->setProgram(kNodeExporter);
        s_node->setArguments({QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(s_nodePort)});
        s_node->setProcessChannelMode(QProcess::MergedChannels);
        s_node->start();
        s_prometheus = new testsupport::PrometheusProcess;
        s_prometheus->setSelfJob(QStringLiteral("prometheus"));
        s_started = s_node->waitForStarted(10000)
                    && s_prometheus->start({QStringLiteral("127.0.0.1:%1").arg(s_nodePort)}, 1,
                                           QStringLiteral("node"))
                    && s_prometheus->waitForTargets(2, 30000);
        // rate() over the dashboards' windows needs a few scrapes of both targets.
        if (s_started)
            testsupport::spin(8000);
    }
    static void TearDownTestSuite()
    {
        delete s_prometheus;
        s_prometheus = nullptr;
        if (s_node) {
            s_node->kill();
            s_node->waitForFinished(5000);
            delete s_node;
            s_node = nullptr;
        }
    }

    // Metric names the server knows.
    static std::set<QString> knownMetrics()
    {
        QByteArray body;
        testsupport::httpGet(QUrl(s_prometheus->baseUrl().toString()
                                  + QStringLiteral("/api/v1/label/__name__/values")),
                             &body);
        std::set<QString> out;
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value("data").toArray())
            out.insert(v.toString());
        return out;
    }

    struct Counts {
        int panels = 0;    // panels with queries
        int canHave = 0;   // ... whose metric exists
        int withData = 0;  // ... that have data in the report
        QStringList wrong; // "title: why" where the two disagree
    };

    static Counts report(const QString &file, const QMap<QString, QStringList> &pinned = {})
    {
        Counts c;
        const dashboard::OpenResult opened = dashboard::openDashboardFile(kCorpusDir + u'/' + file);
        EXPECT_TRUE(opened.ok()) << opened.error.toStdString();
        if (!opened.ok())
            return c;
        QTemporaryDir dir;
        prom::ConnectionProfile profile;
        profile.baseUrl = s_prometheus->baseUrl();
        prom::PromClient client(profile);
        ReportJob::Options options;
        options.path = dir.filePath(QStringLiteral("r.png"));
        options.format = ReportJob::Format::Png;
        options.dashboard = *opened.dashboard;
        options.toMs = QDateTime::currentMSecsSinceEpoch();
        options.fromMs = options.toMs - 5 * 60 * 1000;
        options.resolveVariables = true;
        options.pinnedVariables = pinned;
        ReportJob job(&client, options);
        QSignalSpy finished(&job, &ReportJob::finished);
        job.start();
        EXPECT_TRUE(finished.wait(240000)) << file.toStdString();
        if (finished.isEmpty())
            return c;
        EXPECT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
        const std::set<QString> known = knownMetrics();
        for (const PanelController *pc : job.page()->panels()) {
            const dashboard::Panel &p = pc->panel();
            if (p.queries.empty())
                continue;
            ++c.panels;
            bool exists = false;
            // "a or b": either side may answer (the Go runtime dashboard reads old and new
            // metric names so).
            static const QRegularExpression orOperator(QStringLiteral("\\bor\\b"));
            for (const dashboard::Query &q : p.queries) {
                // Variables are not metric names ("[$__rate_interval]").
                static const QRegularExpression variable(QStringLiteral("\\$\\{?\\w+\\}?"));
                const QString expr = QString(q.expr).replace(variable, QStringLiteral("5m"));
                for (const QString &side : expr.split(orOperator)) {
                    const QStringList names = promql::metricNames(side);
                    bool all = !names.isEmpty();
                    for (const QString &n : names)
                        all = all && known.count(n) > 0;
                    exists = exists || all;
                }
            }
            const bool data = pc->data() && pc->data()->hasData();
            c.canHave += exists ? 1 : 0;
            c.withData += data ? 1 : 0;
            if (exists != data)
                c.wrong << QStringLiteral("%1 (%2): metric %3, data %4")
                               .arg(p.title, p.id,
                                    exists ? QStringLiteral("exists") : QStringLiteral("missing"),
                                    data ? QStringLiteral("yes") : QStringLiteral("no"));
        }
        return c;
    }

    static inline QProcess *s_node = nullptr;
    static inline testsupport::PrometheusProcess *s_prometheus = nullptr;
    static inline quint16 s_nodePort = 0;
    static inline bool s_started = false;
};

} // namespace

TEST_F(GrafanaReports, EveryPanelWhoseMetricExistsHasData)
{
    ASSERT_TRUE(QFile::exists(kNodeExporter))
        << "prometheus-node-exporter is not installed (packaging/debian-packages.txt)";
    ASSERT_TRUE(s_started) << s_prometheus->log().toStdString();

    const Counts stats = report(QStringLiteral("grafana-prometheus2-stats-v30-timeseries.json"));
    EXPECT_TRUE(stats.wrong.isEmpty()) << stats.wrong.join(u'\n').toStdString();
    // Prometheus 2.42 knows the metrics of 12 of the 13 panels of Grafana's Prometheus 2.0
    // Stats: "Rule Group Eval Activity" reads prometheus_rule_group_iterations_missed_total,
    // which exists only once Prometheus loads rules (this one loads none).
    EXPECT_EQ(stats.panels, 13);
    EXPECT_EQ(stats.canHave, 12);
    EXPECT_EQ(stats.withData, stats.canHave);

    const Counts go = report(QStringLiteral("go-runtime-mixin.json"));
    EXPECT_TRUE(go.wrong.isEmpty()) << go.wrong.join(u'\n').toStdString();
    // Go runtime: all 10 panels read metrics both targets (Go programs) export.
    EXPECT_EQ(go.panels, 10);
    EXPECT_EQ(go.canHave, 10);
    EXPECT_EQ(go.withData, go.canHave);

    // $node and $port come from node_boot_time, which node_exporter 1.x names
    // node_boot_time_seconds: pinned to the exporter, as a user would select them.
    const Counts node = report(QStringLiteral("node-exporter-full-old-schema14.json"),
                               {{QStringLiteral("job"), {QStringLiteral("node")}},
                                {QStringLiteral("node"), {QStringLiteral("127.0.0.1")}},
                                {QStringLiteral("port"), {QString::number(s_nodePort)}}});
    EXPECT_TRUE(node.wrong.isEmpty()) << node.wrong.join(u'\n').toStdString();
    // 172 graph and singlestat panels; those whose metric node_exporter 1.5 still exports
    // under its pre-0.16 name (node_load1, node_sockstat_*, node_netstat_*, node_vmstat_*, …)
    // have data: 39 on the machine this was written on, counted at run time since the
    // exporter's collectors depend on the host.
    EXPECT_EQ(node.panels, 172);
    EXPECT_GE(node.canHave, 20);
    EXPECT_EQ(node.withData, node.canHave);
    std::cout << "panels with data: Prometheus stats " << stats.withData << "/" << stats.panels
              << ", Go runtime " << go.withData << "/" << go.panels << ", Node Exporter Full (old) "
              << node.withData << "/" << node.panels << std::endl;
}

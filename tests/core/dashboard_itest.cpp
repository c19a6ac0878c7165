// Every query of the default dashboard, and of an imported Grafana dashboard, is valid PromQL:
// each expanded expression goes through a real Prometheus (/usr/bin/prometheus, empty scrape
// configuration, loopback port) and must come back with status "success". Prometheus parses
// the expression before it looks for data, so an empty database is enough.
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/grafanaimport.h"
#include "core/dashboard/templating.h"
#include "core/dashboard/variablequery.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <memory>

using namespace vitals::dashboard;

namespace {

struct Reply {
    int httpStatus = 0;
    QJsonObject body;
    QString transportError;
};

// One HTTP request, waited for with a generous deadline (a loaded 2-core machine).
Reply request(QNetworkAccessManager &nam, const QNetworkRequest &req, const QByteArray *postBody,
              int timeoutMs = 30000)
{
    QNetworkReply *reply = postBody ? nam.post(req, *postBody) : nam.get(req);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] { reply->abort(); });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    loop.exec();
    Reply out;
    out.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && out.httpStatus == 0)
        out.transportError = reply->errorString();
    out.body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return out;
}

int freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// A Prometheus child process on a loopback port, stopped when the fixture ends.
class PrometheusFixture : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::make_unique<QTemporaryDir>();
        ASSERT_TRUE(s_dir->isValid());
        const QString config = s_dir->filePath(QStringLiteral("prometheus.yml"));
        QFile file(config);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("global:\n  scrape_interval: 15s\nscrape_configs: []\n");
        file.close();

        // The port is free when probed; another process could take it before Prometheus
        // binds, so a start that exits early is retried on a new port.
        for (int attempt = 0; attempt < 3 && !s_process; ++attempt) {
            const int port = freeLoopbackPort();
            ASSERT_NE(port, 0);
            auto process = std::make_unique<QProcess>();
            process->setProgram(QStringLiteral("/usr/bin/prometheus"));
            process->setArguments({QStringLiteral("--config.file=") + config,
                                   QStringLiteral("--storage.tsdb.path=")
                                       + s_dir->filePath(QStringLiteral("data%1").arg(attempt)),
                                   QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                                   QStringLiteral("--log.level=warn")});
            process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            process->start();
            ASSERT_TRUE(process->waitForStarted(10000)) << "cannot start /usr/bin/prometheus";
            const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
            QNetworkAccessManager nam;
            const QDeadlineTimer deadline(60000);
            bool ready = false;
            while (!deadline.hasExpired() && process->state() == QProcess::Running) {
                const Reply r = request(
                    nam, QNetworkRequest(QUrl(base + QStringLiteral("/-/ready"))), nullptr, 5000);
                if (r.httpStatus == 200) {
                    ready = true;
                    break;
                }
                process->waitForFinished(250); // a short sleep that notices an early exit
            }
            if (ready) {
                s_base = base;
                s_process = std::move(process);
            } else {
                process->kill();
                process->waitForFinished(5000);
            }
        }
        ASSERT_TRUE(s_process) << "Prometheus did not become ready";
    }

    static void TearDownTestSuite()
    {
        if (s_process) {
            s_process->terminate();
            if (!s_process->waitForFinished(10000)) {
                s_process->kill();
                s_process->waitForFinished(5000);
            }
        }
        s_process.reset();
        s_dir.reset();
    }

    void SetUp() override
    {
        // A Prometheus that did not start is a failure, never a skip.
        ASSERT_TRUE(s_process) << "Prometheus did not start (sudo apt-get install prometheus)";
    }

    // POSTs a form to the API, the way the console's client does. Every byte outside the
    // unreserved set is percent-encoded, so "+" in PromQL is not read as a space.
    Reply api(const QString &endpoint, const QList<std::pair<QString, QString>> &form)
    {
        QNetworkRequest req(QUrl(s_base + endpoint));
        req.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
        QByteArray body;
        for (const auto &[key, value] : form) {
            if (!body.isEmpty())
                body += '&';
            body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        }
        return request(m_nam, req, &body);
    }

    Reply instantQuery(const QString &expr)
    {
        return api(QStringLiteral("/api/v1/query"), {{QStringLiteral("query"), expr}});
    }

    Reply rangeQuery(const QString &expr)
    {
        return api(QStringLiteral("/api/v1/query_range"),
                   {{QStringLiteral("query"), expr},
                    {QStringLiteral("start"), QStringLiteral("1700000000")},
                    {QStringLiteral("end"), QStringLiteral("1700000900")},
                    {QStringLiteral("step"), QStringLiteral("15")}});
    }

    Reply series(const QString &selector)
    {
        return api(QStringLiteral("/api/v1/series"), {{QStringLiteral("match[]"), selector}});
    }

    // Runs every query of a dashboard (and its query variables) through Prometheus.
    void expectValidPromQl(const Dashboard &d)
    {
        TemplateContext ctx;
        ctx.rangeMs = 15 * 60 * 1000;
        ctx.intervalMs = 15000;
        ctx.scrapeIntervalMs = 15000;
        const VariableValues values = selectedValues(d, ctx);
        int checked = 0;
        for (const Panel &p : d.panels) {
            for (const Query &q : p.queries) {
                // A drift or model-quality panel's query is a label selector for the view's own
                // queries: check it inside a selector.
                const QString expr =
                    p.type == PanelType::DriftTable || p.type == PanelType::ModelQuality
                        ? QStringLiteral("up{%1}").arg(expandVariables(q.expr, values, ctx))
                        : expandVariables(q.expr, values, ctx);
                const Reply r = q.instant ? instantQuery(expr) : rangeQuery(expr);
                EXPECT_EQ(r.body.value(QStringLiteral("status")).toString(),
                          QStringLiteral("success"))
                    << p.id.toStdString() << "/" << q.refId.toStdString() << ": "
                    << expr.toStdString() << "\n  -> HTTP " << r.httpStatus << " "
                    << r.transportError.toStdString() << " "
                    << r.body.value(QStringLiteral("error")).toString().toStdString();
                ++checked;
            }
        }
        for (const Variable &v : d.variables) {
            if (v.kind != VariableKind::Query)
                continue;
            const VariableQueryParse parsed =
                parseVariableQuery(expandVariables(v.query, values, ctx));
            ASSERT_TRUE(parsed.ok()) << v.name.toStdString() << ": " << parsed.error.toStdString();
            Reply r;
            if (parsed.query->call == VariableQueryCall::Series)
                r = series(parsed.query->match);
            else if (parsed.query->call == VariableQueryCall::InstantQuery)
                r = instantQuery(parsed.query->expr);
            else
                continue;
            EXPECT_EQ(r.body.value(QStringLiteral("status")).toString(), QStringLiteral("success"))
                << "variable " << v.name.toStdString() << ": "
                << r.body.value(QStringLiteral("error")).toString().toStdString();
            ++checked;
        }
        EXPECT_GT(checked, 0);
    }

    QNetworkAccessManager m_nam;
    static inline std::unique_ptr<QTemporaryDir> s_dir;
    static inline std::unique_ptr<QProcess> s_process;
    static inline QString s_base;
};

} // namespace

TEST_F(PrometheusFixture, RejectsABrokenExpression)
{
    // The control: the check below would catch a typo in a default query.
    const Reply r = instantQuery(QStringLiteral("sum(rate(inference_requests_total[5m])"));
    EXPECT_EQ(r.body.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    EXPECT_EQ(r.body.value(QStringLiteral("errorType")).toString(), QStringLiteral("bad_data"));
    EXPECT_EQ(r.httpStatus, 400);
}

TEST_F(PrometheusFixture, EveryDefaultDashboardQueryIsValidPromQl)
{
    const LoadResult loaded = loadDashboardFile(
        QStringLiteral(VITALS_SOURCE_DIR "/resources/dashboards/model-health.json"));
    ASSERT_TRUE(loaded.ok()) << loaded.error.toStdString();
    expectValidPromQl(*loaded.dashboard);
}

TEST_F(PrometheusFixture, EveryImportedGrafanaQueryIsValidPromQl)
{
    for (const char *name : {"iris-serving-g10.json", "legacy-api-g9.json"}) {
        const OpenResult opened = openDashboardFile(
            QStringLiteral(VITALS_SOURCE_DIR "/tests/fixtures/grafana/") + QLatin1String(name));
        ASSERT_TRUE(opened.ok()) << opened.error.toStdString();
        Dashboard d = *opened.dashboard;
        // The fixture's deliberately broken variable query is reported at import; leave it out.
        std::erase_if(d.variables,
                      [](const Variable &v) { return v.name == QLatin1String("broken"); });
        SCOPED_TRACE(name);
        expectValidPromQl(d);
    }
}

TEST_F(PrometheusFixture, MultiValueSelectionIsAValidMatcher)
{
    // Several instances selected on an = matcher become a regex matcher Prometheus accepts.
    VariableValues values;
    values.insert(QStringLiteral("instance"),
                  VariableValue{{QStringLiteral("127.0.0.1:8000"), QStringLiteral("[::1]:8001")},
                                true,
                                false});
    const QString expr = expandVariables(QStringLiteral(R"(up{instance="$instance"})"), values, {});
    EXPECT_EQ(expr, QStringLiteral(R"~(up{instance=~"(127\\.0\\.0\\.1:8000|\\[::1\\]:8001)"})~"));
    const Reply r = instantQuery(expr);
    EXPECT_EQ(r.body.value(QStringLiteral("status")).toString(), QStringLiteral("success"))
        << r.body.value(QStringLiteral("error")).toString().toStdString();
}

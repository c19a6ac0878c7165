// dashboard::VariableResolver against a real Prometheus scraping itself (job "self"): query
// variables resolved in dependency order, the file's stale selection replaced, pins kept.
#include "core/dashboard/variableresolver.h"
#include "core/prom/promclient.h"

#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

using namespace vitals;
using namespace vitals::dashboard;
using vitals::testsupport::PrometheusProcess;
using vitals::testsupport::waitUntil;

namespace {

Variable variable(const QString &name, const QString &query, const QString &current,
                  bool includeAll = false)
{
    Variable v;
    v.name = name;
    v.query = query;
    v.current = current;
    v.includeAll = includeAll;
    return v;
}

Dashboard selfDashboard()
{
    Dashboard d;
    d.title = QStringLiteral("self");
    // A published dashboard's selection is stale (or empty) on someone else's server.
    d.variables.push_back(variable(QStringLiteral("job"), QStringLiteral("label_values(up, job)"),
                                   QStringLiteral("iris")));
    d.variables.push_back(variable(QStringLiteral("instance"),
                                   QStringLiteral("label_values(up{job=\"$job\"}, instance)"),
                                   QString(), true));
    d.variables.push_back(variable(QStringLiteral("nothing"),
                                   QStringLiteral("label_values(no_such_metric_total, job)"),
                                   QStringLiteral("x")));
    return d;
}

struct Server {
    PrometheusProcess prometheus;
    std::unique_ptr<prom::PromClient> client;

    bool start()
    {
        if (!prometheus.start({}))
            return false;
        prom::ConnectionProfile p;
        p.baseUrl = prometheus.baseUrl();
        client = std::make_unique<prom::PromClient>(p);
        // `up` exists after the first scrape.
        return waitUntil(
            [&] {
                std::optional<prom::StringListResult> r;
                auto h = client->labelValues(QStringLiteral("job"), {}, nullptr,
                                             [&](const prom::StringListResult &x) { r = x; });
                waitUntil([&] { return r.has_value(); }, 10000);
                return r && r->values.contains(u"self");
            },
            60000);
    }
};

Dashboard resolve(VariableResolver &resolver, const Dashboard &d)
{
    int loaded = 0;
    const auto c = QObject::connect(&resolver, &VariableResolver::loaded, [&] { ++loaded; });
    resolver.setDashboard(d);
    EXPECT_TRUE(waitUntil([&] { return loaded > 0; }, 30000));
    QObject::disconnect(c);
    return resolver.dashboard();
}

} // namespace

TEST(VariableResolverIntegration, StaleSelectionsBecomeWhatTheServerHas)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus));
    Server server;
    ASSERT_TRUE(server.start()) << server.prometheus.log().toStdString();
    VariableResolver resolver(server.client.get());
    const Dashboard d = resolve(resolver, selfDashboard());

    EXPECT_EQ(d.variables[0].options, QStringList{"self"});
    EXPECT_EQ(d.variables[0].current, "self"); // "iris" is not on this server
    // $instance was asked with $job = self, and selects All (it allows it).
    EXPECT_EQ(d.variables[1].options,
              QStringList{QStringLiteral("127.0.0.1:%1").arg(server.prometheus.port())});
    EXPECT_EQ(d.variables[1].current, QString::fromLatin1(kAllValue));
    // A variable whose query matches nothing keeps the file's selection and has no options.
    EXPECT_TRUE(d.variables[2].options.isEmpty());
    EXPECT_EQ(d.variables[2].current, "x");
    EXPECT_EQ(selectionSummary(d), (QStringList{"job = self", "instance = All", "nothing = x"}));
}

TEST(VariableResolverIntegration, PinnedSelectionsWinAndAreReported)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus));
    Server server;
    ASSERT_TRUE(server.start()) << server.prometheus.log().toStdString();
    VariableResolver resolver(server.client.get());
    QMap<QString, QStringList> pins;
    QString error;
    ASSERT_TRUE(parseVariableAssignments({QStringLiteral("job=elsewhere")}, &pins, &error));
    resolver.pin(pins);
    const Dashboard d = resolve(resolver, selfDashboard());
    EXPECT_EQ(d.variables[0].current, "elsewhere");
    ASSERT_FALSE(resolver.problems().isEmpty());
    EXPECT_TRUE(
        resolver.problems().front().contains(u"elsewhere is not among the server's values (self)"))
        << resolver.problems().join(u'\n').toStdString();
    // $instance followed the pinned $job: nothing is scraped under job "elsewhere".
    EXPECT_TRUE(d.variables[1].options.isEmpty());
}

TEST(VariableResolverIntegration, ASelectionReloadsOnlyItsDependants)
{
    ASSERT_TRUE(PrometheusProcess::isAvailable(PrometheusProcess::Kind::Prometheus));
    Server server;
    ASSERT_TRUE(server.start()) << server.prometheus.log().toStdString();
    VariableResolver resolver(server.client.get());
    resolve(resolver, selfDashboard());
    QList<std::size_t> indices;
    int loaded = 0;
    QObject::connect(&resolver, &VariableResolver::variableUpdated,
                     [&](std::size_t index, const QString &) { indices << index; });
    QObject::connect(&resolver, &VariableResolver::loaded, [&] { ++loaded; });
    ASSERT_TRUE(resolver.select(QStringLiteral("job"), {QStringLiteral("self")}));
    ASSERT_TRUE(waitUntil([&] { return loaded > 0; }, 30000));
    // job itself, then instance (refers to $job); "nothing" does not refer to it.
    EXPECT_EQ(indices, (QList<std::size_t>{0, 1}));
}

TEST(VariableAssignments, ParsedFromTheCommandLine)
{
    QMap<QString, QStringList> pins;
    QString error;
    ASSERT_TRUE(parseVariableAssignments(
        {QStringLiteral("job=node"), QStringLiteral("instance=a:9100"),
         QStringLiteral("instance=b:9100"), QStringLiteral("mode=All"), QStringLiteral("expr=a=b")},
        &pins, &error));
    EXPECT_EQ(pins.value("job"), QStringList{"node"});
    EXPECT_EQ(pins.value("instance"), (QStringList{"a:9100", "b:9100"}));
    EXPECT_EQ(pins.value("mode"), QStringList{QString::fromLatin1(kAllValue)});
    EXPECT_EQ(pins.value("expr"), QStringList{"a=b"});
    EXPECT_FALSE(parseVariableAssignments({QStringLiteral("novalue")}, &pins, &error));
    EXPECT_TRUE(error.contains(u"NAME=VALUE"));
    EXPECT_FALSE(parseVariableAssignments({QStringLiteral("=x")}, &pins, &error));
}

// The default "Model health" dashboard shipped in resources/dashboards/model-health.json.
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/templating.h"
#include "core/dashboard/variablequery.h"

#include <QFile>

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

const QString kPath = QStringLiteral(VITALS_SOURCE_DIR "/resources/dashboards/model-health.json");

Dashboard modelHealth()
{
    const LoadResult r = loadDashboardFile(kPath);
    if (!r.ok())
        ADD_FAILURE() << r.error.toStdString();
    return r.dashboard.value_or(Dashboard{});
}

// Brackets nest and quotes close; the weakest form of "this is an expression".
bool balanced(const QString &expr)
{
    QString stack;
    for (qsizetype i = 0; i < expr.size(); ++i) {
        const QChar c = expr.at(i);
        if (c == QLatin1Char('"')) {
            ++i;
            while (i < expr.size() && expr.at(i) != QLatin1Char('"'))
                i += expr.at(i) == QLatin1Char('\\') ? 2 : 1;
            if (i >= expr.size())
                return false;
        } else if (QStringLiteral("([{").contains(c)) {
            stack += c;
        } else if (QStringLiteral(")]}").contains(c)) {
            const QChar open = c == QLatin1Char(')')   ? QLatin1Char('(')
                               : c == QLatin1Char(']') ? QLatin1Char('[')
                                                       : QLatin1Char('{');
            if (stack.isEmpty() || stack.back() != open)
                return false;
            stack.chop(1);
        }
    }
    return stack.isEmpty();
}

TemplateContext fifteenMinutes()
{
    TemplateContext ctx;
    ctx.rangeMs = 15 * 60 * 1000;
    ctx.intervalMs = 1000;
    ctx.scrapeIntervalMs = 1000;
    return ctx;
}

} // namespace

TEST(DefaultDashboard, LoadsAndIsInCanonicalForm)
{
    QFile file(kPath);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << kPath.toStdString();
    const QByteArray bytes = file.readAll();
    const LoadResult r = parseDashboard(bytes);
    ASSERT_TRUE(r.ok()) << r.error.toStdString();
    EXPECT_EQ(r.dashboard->title, QStringLiteral("Model health"));
    // Saved by Vitals it is byte for byte the same file: editing and saving it shows no noise.
    EXPECT_EQ(serializeDashboard(*r.dashboard), bytes);
}

TEST(DefaultDashboard, HasTheStatTilesAcrossTheTop)
{
    const Dashboard d = modelHealth();
    const QStringList tiles{QStringLiteral("requests-per-second"),
                            QStringLiteral("latency-p95"),
                            QStringLiteral("error-percent"),
                            QStringLiteral("prediction-mix-shift"),
                            QStringLiteral("accuracy"),
                            QStringLiteral("instances-up")};
    int width = 0;
    for (const QString &id : tiles) {
        const Panel *p = d.panel(id);
        ASSERT_NE(p, nullptr) << id.toStdString();
        EXPECT_EQ(p->type, PanelType::Stat) << id.toStdString();
        EXPECT_EQ(p->gridPos.y, 0) << id.toStdString();
        EXPECT_FALSE(p->thresholds.isEmpty()) << id.toStdString();
        // Every tile can show all three colours.
        bool amberOrRed = false;
        for (const ThresholdStep &s : p->thresholds.steps)
            amberOrRed = amberOrRed || s.level != ThresholdLevel::Ok;
        EXPECT_TRUE(amberOrRed) << id.toStdString();
        width += p->gridPos.w;
    }
    EXPECT_EQ(width, kGridColumns); // the tiles fill the first row exactly

    // Spot checks of the colours: 0.3 s p95 is red, 0 instances red, 2% errors amber.
    EXPECT_EQ(d.panel(QStringLiteral("latency-p95"))->thresholds.levelFor(0.3),
              ThresholdLevel::Critical);
    EXPECT_EQ(d.panel(QStringLiteral("instances-up"))->thresholds.levelFor(0),
              ThresholdLevel::Critical);
    EXPECT_EQ(d.panel(QStringLiteral("instances-up"))->thresholds.levelFor(1), ThresholdLevel::Ok);
    EXPECT_EQ(d.panel(QStringLiteral("error-percent"))->thresholds.levelFor(2),
              ThresholdLevel::Warning);
}

TEST(DefaultDashboard, HasTheModelHealthPanels)
{
    const Dashboard d = modelHealth();
    struct Expected {
        const char *id;
        PanelType type;
        const char *unit;
        const char *metric; // a metric its queries must read
        std::size_t queries;
    };
    const Expected expected[] = {
        {"throughput", PanelType::TimeSeries, "reqps", "inference_requests_total", 1},
        {"latency", PanelType::TimeSeries, "s", "inference_duration_seconds_bucket", 4},
        {"error-rate", PanelType::TimeSeries, "percent", "inference_requests_total", 2},
        {"prediction-mix", PanelType::TimeSeries, "percentunit", "prediction_output_total", 1},
        {"prediction-mix-now", PanelType::Distribution, "percentunit", "prediction_output_total",
         2},
        {"cpu", PanelType::TimeSeries, "percent", "process_cpu_seconds_total", 1},
        {"memory", PanelType::TimeSeries, "bytes", "process_resident_memory_bytes", 1},
        // The drift view sends its own queries; its one query is the label selector.
        {"data-drift", PanelType::DriftTable, "", "job=", 1},
        {"accuracy", PanelType::Stat, "percentunit", "iris_feedback_correct_total", 1},
        // Like the drift view, Model quality sends its own queries.
        {"model-quality", PanelType::ModelQuality, "", "job=", 1},
    };
    for (const Expected &e : expected) {
        const Panel *p = d.panel(QString::fromLatin1(e.id));
        ASSERT_NE(p, nullptr) << e.id;
        EXPECT_EQ(p->type, e.type) << e.id;
        EXPECT_EQ(p->unit, QString::fromLatin1(e.unit)) << e.id;
        EXPECT_EQ(p->queries.size(), e.queries) << e.id;
        EXPECT_TRUE(p->queries.at(0).expr.contains(QString::fromLatin1(e.metric))) << e.id;
    }
    const Panel *throughput = d.panel(QStringLiteral("throughput"));
    EXPECT_EQ(
        throughput->queries[0].expr,
        QStringLiteral("sum by (status) (rate(inference_requests_total{job=\"$job\", "
                       "instance=~\"$instance\", endpoint!~\"/metrics/?\"}[$__rate_interval]))"));
    EXPECT_EQ(throughput->queries[0].legendFormat, QStringLiteral("{{status}}"));

    const Panel *latency = d.panel(QStringLiteral("latency"));
    QStringList legends;
    for (const Query &q : latency->queries)
        legends << q.legendFormat;
    EXPECT_EQ(legends, (QStringList{QStringLiteral("p50"), QStringLiteral("p95"),
                                    QStringLiteral("p99"), QStringLiteral("average")}));

    // 4xx and 5xx apart: bad input is visible, not lumped with server faults.
    const Panel *errors = d.panel(QStringLiteral("error-rate"));
    EXPECT_TRUE(errors->queries[0].expr.contains(QStringLiteral("status=~\"4..\"")));
    EXPECT_TRUE(errors->queries[1].expr.contains(QStringLiteral("status=~\"5..\"")));
    EXPECT_TRUE(d.panel(QStringLiteral("prediction-mix"))->stacked);
}

TEST(DefaultDashboard, EveryPanelExplainsAnEmptyState)
{
    for (const Panel &p : modelHealth().panels) {
        EXPECT_FALSE(p.emptyHint.isEmpty()) << p.id.toStdString();
        EXPECT_TRUE(p.emptyHint.contains(QStringLiteral("Stack page"))) << p.id.toStdString();
        EXPECT_FALSE(p.description.isEmpty()) << p.id.toStdString();
    }
}

TEST(DefaultDashboard, PanelsDoNotOverlap)
{
    const Dashboard d = modelHealth();
    for (std::size_t i = 0; i < d.panels.size(); ++i) {
        for (std::size_t j = i + 1; j < d.panels.size(); ++j) {
            const GridPos &a = d.panels[i].gridPos;
            const GridPos &b = d.panels[j].gridPos;
            const bool apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            EXPECT_TRUE(apart) << d.panels[i].id.toStdString() << " overlaps "
                               << d.panels[j].id.toStdString();
        }
    }
}

TEST(DefaultDashboard, EveryQueryExpandsToABalancedExpression)
{
    const Dashboard d = modelHealth();
    const TemplateContext ctx = fifteenMinutes();
    const VariableValues values = selectedValues(d, ctx);
    int checked = 0;
    for (const Panel &p : d.panels) {
        for (const Query &q : p.queries) {
            const QString expanded = expandVariables(q.expr, values, ctx);
            EXPECT_FALSE(expanded.contains(QLatin1Char('$')))
                << p.id.toStdString() << ": " << expanded.toStdString();
            EXPECT_TRUE(balanced(expanded)) << p.id.toStdString() << ": " << expanded.toStdString();
            ++checked;
        }
    }
    EXPECT_GE(checked, 16);
    for (const Variable &v : d.variables) {
        const VariableQueryParse parsed = parseVariableQuery(expandVariables(v.query, values, ctx));
        EXPECT_TRUE(parsed.ok()) << v.name.toStdString() << ": " << parsed.error.toStdString();
    }
}

TEST(DefaultDashboard, VariablesSelectTheIrisJobAndEveryInstance)
{
    const Dashboard d = modelHealth();
    const TemplateContext ctx = fifteenMinutes();
    const VariableValues values = selectedValues(d, ctx);
    // scrape 1 s, step 1 s: $__rate_interval = max(4 x 1 s, 1 s + 1 s) = 4 s.
    EXPECT_EQ(expandVariables(d.panel(QStringLiteral("throughput"))->queries[0].expr, values, ctx),
              QStringLiteral("sum by (status) (rate(inference_requests_total{job=\"iris\", "
                             "instance=~\".+\", endpoint!~\"/metrics/?\"}[4s]))"));
    const VariableQueryParse instances = parseVariableQuery(
        expandVariables(d.variable(QStringLiteral("instance"))->query, values, ctx));
    ASSERT_TRUE(instances.ok());
    EXPECT_EQ(instances.query->call, VariableQueryCall::Series);
    EXPECT_EQ(instances.query->match, QStringLiteral("inference_requests_total{job=\"iris\"}"));
    EXPECT_EQ(instances.query->label, QStringLiteral("instance"));
}

#include "core/dashboard/emptypanel.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

EmptyPanelFacts facts()
{
    EmptyPanelFacts f;
    f.rawExpressions = {
        QStringLiteral("sum(rate(inference_requests_total{job=\"$job\"}[$__rate_interval]))")};
    f.sentExpressions = {QStringLiteral("sum(rate(inference_requests_total{job=\"ml\"}[1m]))")};
    f.serverMetrics =
        QSet<QString>{QStringLiteral("inference_requests_total"), QStringLiteral("up")};
    f.scrapeIntervalMs = 15000;
    return f;
}

Variable jobVariable(QStringList options)
{
    Variable v;
    v.name = QStringLiteral("job");
    v.query = QStringLiteral("label_values(inference_requests_total, job)");
    v.options = options;
    return v;
}

} // namespace

TEST(EmptyPanel, MetricWithoutSamplesInRange)
{
    const EmptyPanelExplanation e = explainEmptyPanel(facts());
    EXPECT_TRUE(e.text.contains(u"no samples in this range")) << e.text.toStdString();
    EXPECT_EQ(e.query, facts().sentExpressions.front());
}

TEST(EmptyPanel, MetricTheServerDoesNotHave)
{
    EmptyPanelFacts f = facts();
    f.sentExpressions = {
        QStringLiteral("sum by (reason) (rate(inference_request_errors_total[1m]))")};
    const EmptyPanelExplanation e = explainEmptyPanel(f);
    EXPECT_EQ(e.text,
              "This server has no metric inference_request_errors_total — the panel needs it.");
    EXPECT_EQ(e.query, f.sentExpressions.front());

    f.sentExpressions << QStringLiteral("iris_model_class_prior");
    EXPECT_TRUE(explainEmptyPanel(f).text.contains(
        u"inference_request_errors_total, iris_model_class_prior"));
    // When the names could not be read, nothing is blamed on a metric.
    f.serverMetrics.reset();
    EXPECT_TRUE(explainEmptyPanel(f).text.contains(u"no samples in this range"));
}

TEST(EmptyPanel, RateWindowShorterThanTwoScrapes)
{
    EmptyPanelFacts f = facts();
    f.sentExpressions = {QStringLiteral("sum(rate(inference_requests_total[20s]))")};
    const EmptyPanelExplanation e = explainEmptyPanel(f);
    EXPECT_TRUE(e.text.contains(u"[20s] is shorter than two scrapes")) << e.text.toStdString();
    EXPECT_TRUE(e.text.contains(u"every 15 s")) << e.text.toStdString();
    EXPECT_TRUE(e.text.contains(u"at least 30s")) << e.text.toStdString();
    // Exactly two scrapes is enough.
    f.sentExpressions = {QStringLiteral("sum(rate(inference_requests_total[30s]))")};
    EXPECT_FALSE(explainEmptyPanel(f).text.contains(u"shorter"));
}

TEST(EmptyPanel, VariableThatMatchedNothingComesFirst)
{
    EmptyPanelFacts f = facts();
    f.resolvedVariables = {jobVariable({})};
    f.serverMetrics = QSet<QString>{}; // the metric is missing too: the variable explains more
    const EmptyPanelExplanation e = explainEmptyPanel(f);
    EXPECT_TRUE(e.text.startsWith(u"The variable $job matched nothing")) << e.text.toStdString();
    EXPECT_TRUE(e.text.contains(u"label_values(inference_requests_total, job)"));
    // A variable with values, or one the panel does not use, is not blamed.
    f.resolvedVariables = {jobVariable({QStringLiteral("ml")})};
    EXPECT_FALSE(explainEmptyPanel(f).text.contains(u"$job"));
}

TEST(EmptyPanel, PanelHintOnlyWhereItApplies)
{
    EmptyPanelFacts f = facts();
    f.serverMetrics = QSet<QString>{};
    f.panelHint = QStringLiteral("No data yet — is iris-server being scraped?");
    EXPECT_FALSE(explainEmptyPanel(f).text.contains(u"iris-server"));
    f.panelHintApplies = true;
    EXPECT_EQ(explainEmptyPanel(f).text, f.panelHint);
}

// PanelData is built from query answers by a pure function: these tests feed it answers as the
// data service receives them and check every field a renderer, the report or CSV export reads.
#include "core/dashboard/templating.h"
#include "core/panel/paneldata.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals;
using namespace vitals::panel;
using series::LabelSet;

namespace {

dashboard::Query query(const QString &refId, const QString &legend = {}, bool instant = false)
{
    dashboard::Query q;
    q.refId = refId;
    q.expr = QStringLiteral("expr_") + refId;
    q.legendFormat = legend;
    q.instant = instant;
    return q;
}

dashboard::Panel panelOf(dashboard::PanelType type, std::vector<dashboard::Query> queries)
{
    dashboard::Panel p;
    p.id = QStringLiteral("p");
    p.type = type;
    p.queries = std::move(queries);
    p.unit = QStringLiteral("percentunit");
    return p;
}

series::Series seriesOf(LabelSet labels, std::vector<std::pair<qint64, double>> samples)
{
    series::Series s(std::move(labels));
    for (const auto &[t, v] : samples)
        s.append(t, v);
    return s;
}

// A list of move-only series (a braced list would copy them).
template<typename... S> series::SeriesList listOf(S &&...s)
{
    series::SeriesList out;
    (out.push_back(std::forward<S>(s)), ...);
    return out;
}

prom::VectorSample sample(LabelSet labels, qint64 t, double v)
{
    prom::VectorSample s;
    s.labels = std::move(labels);
    s.tMs = t;
    s.value = v;
    return s;
}

} // namespace

TEST(SeriesName, OneRuleForLabelSetsAndLabelMaps)
{
    const LabelSet sets[] = {
        LabelSet(),
        LabelSet::fromPairs({{QStringLiteral("__name__"), QStringLiteral("up")}}),
        LabelSet::fromPairs({{QStringLiteral("status"), QStringLiteral("200")}}),
        LabelSet::fromPairs({{QStringLiteral("__name__"), QStringLiteral("up")},
                             {QStringLiteral("job"), QStringLiteral("a\"b\\c\nd")},
                             {QStringLiteral("instance"), QStringLiteral("x:1")}}),
    };
    for (const LabelSet &set : sets)
        EXPECT_EQ(set.toString(), series::seriesName(set.toMap())) << set.toString().toStdString();
    EXPECT_EQ(sets[0].toString(), QStringLiteral("{}"));
    EXPECT_EQ(sets[1].toString(), QStringLiteral("up"));
    EXPECT_EQ(sets[2].toString(), QStringLiteral("{status=\"200\"}"));
    // Labels by name, values escaped as in a PromQL string.
    EXPECT_EQ(sets[3].toString(), QStringLiteral("up{instance=\"x:1\", job=\"a\\\"b\\\\c\\nd\"}"));
    // The dashboard's name for it is the same rule.
    EXPECT_EQ(dashboard::seriesName(sets[3].toMap()), sets[3].toString());
}

TEST(PanelData, RangeSeriesKeepTheirSamplesAndTakeTheLegendName)
{
    const LabelSet ok = LabelSet::fromPairs({{QStringLiteral("status"), QStringLiteral("200")}});
    const LabelSet bad = LabelSet::fromPairs({{QStringLiteral("status"), QStringLiteral("500")}});
    std::vector<QueryAnswer> answers(2);
    answers[0].range = true;
    answers[0].expr = QStringLiteral("sent A");
    answers[0].series = listOf(seriesOf(ok, {{1000, 1.0}, {2000, 2.0}}),
                               seriesOf(bad, {{1000, 0.5}, {2000, qQNaN()}}));
    answers[1].range = true;
    answers[1].expr = QStringLiteral("sent B");
    answers[1].series = listOf(seriesOf(ok, {{1000, 3.0}}));
    const auto panel = panelOf(dashboard::PanelType::TimeSeries,
                               {query(QStringLiteral("A"), QStringLiteral("HTTP {{status}}")),
                                query(QStringLiteral("B"))});
    const PanelData data = buildPanelData(panel, std::move(answers), 500, 2500, 1000);

    EXPECT_EQ(data.panelId, QStringLiteral("p"));
    EXPECT_EQ(data.fromMs, 500);
    EXPECT_EQ(data.toMs, 2500);
    EXPECT_EQ(data.stepMs, 1000);
    EXPECT_EQ(data.unit, units::Unit::PercentUnit); // the panel's "percentunit"
    EXPECT_EQ(data.expressions, (QStringList{QStringLiteral("sent A"), QStringLiteral("sent B")}));
    EXPECT_EQ(data.refIds, (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
    ASSERT_EQ(data.series.size(), 3u);
    // Query A's legend format; query B has none: series::seriesName of its labels.
    EXPECT_EQ(data.series[0].name, QStringLiteral("HTTP 200"));
    EXPECT_EQ(data.series[1].name, QStringLiteral("HTTP 500"));
    EXPECT_EQ(data.series[2].name, ok.toString());
    EXPECT_EQ(data.series[2].refId, QStringLiteral("B"));
    EXPECT_EQ(data.series[2].query, 1u);
    // Samples as answered, NaN kept (a gap).
    EXPECT_EQ(data.series[0].samples.values(), (std::vector<double>{1.0, 2.0}));
    EXPECT_TRUE(std::isnan(data.series[1].samples.value(1)));
    EXPECT_TRUE(data.hasData());
    EXPECT_FALSE(data.failed());
}

TEST(PanelData, InstantQueryInATimeSeriesPanelIsAFlatLineOverTheSpan)
{
    std::vector<QueryAnswer> answers(2);
    answers[0].range = true;
    answers[0].series = listOf(seriesOf(LabelSet(), {{1000, 1.0}}));
    answers[1].values = {
        sample(LabelSet::fromPairs({{QStringLiteral("job"), QStringLiteral("iris")}}), 9000, 0.75)};
    const auto panel =
        panelOf(dashboard::PanelType::TimeSeries,
                {query(QStringLiteral("A")),
                 query(QStringLiteral("B"), QStringLiteral("target {{job}}"), true)});
    const PanelData data = buildPanelData(panel, std::move(answers), 1000, 9000, 1000);

    // The range series first, then the instant value drawn from fromMs to toMs at its value.
    ASSERT_EQ(data.series.size(), 2u);
    const PanelSeries &line = data.series[1];
    EXPECT_TRUE(line.instant);
    EXPECT_EQ(line.name, QStringLiteral("target iris"));
    EXPECT_EQ(line.samples.timestampsMs(), (std::vector<qint64>{1000, 9000}));
    EXPECT_EQ(line.samples.values(), (std::vector<double>{0.75, 0.75}));
    // The value itself is kept too (CSV exports the sample the server gave: t = 9000).
    ASSERT_EQ(data.values.size(), 1u);
    EXPECT_EQ(data.values[0].tMs, 9000);
    EXPECT_EQ(data.values[0].value, 0.75);
}

TEST(PanelData, InstantAnswersOfEveryShapeBecomeValues)
{
    // A scalar: one value without labels, at the answer's time.
    prom::QueryResult scalar;
    scalar.type = prom::ResultType::Scalar;
    scalar.tMs = 5000;
    scalar.scalar = 42;
    const auto fromScalar = instantValues(scalar);
    ASSERT_EQ(fromScalar.size(), 1u);
    EXPECT_EQ(fromScalar[0].value, 42);
    EXPECT_EQ(fromScalar[0].tMs, 5000);
    EXPECT_TRUE(fromScalar[0].labels.isEmpty());
    // A matrix (a range selector): each non-empty series' last sample.
    prom::QueryResult matrix;
    matrix.type = prom::ResultType::Matrix;
    const LabelSet a = LabelSet::fromPairs({{QStringLiteral("x"), QStringLiteral("a")}});
    matrix.matrix = listOf(seriesOf(a, {{1000, 1}, {2000, 7}}), seriesOf(LabelSet(), {}));
    const auto fromMatrix = instantValues(matrix);
    ASSERT_EQ(fromMatrix.size(), 1u);
    EXPECT_EQ(fromMatrix[0].labels, a);
    EXPECT_EQ(fromMatrix[0].tMs, 2000);
    EXPECT_EQ(fromMatrix[0].value, 7);
    // A failed answer: nothing.
    prom::QueryResult failed = scalar.clone();
    failed.error.type = prom::ErrorType::Server;
    EXPECT_TRUE(instantValues(failed).empty());
}

TEST(PanelData, StatTakesTheFirstValueAndItsThresholdLevel)
{
    auto panel = panelOf(dashboard::PanelType::Stat, {query(QStringLiteral("A"), {}, true),
                                                      query(QStringLiteral("B"), {}, true)});
    // Higher is better: below 0.5 critical, below 0.9 warning, else ok.
    panel.thresholds.higherIsBetter = true;
    panel.thresholds.steps = {{0.5, dashboard::ThresholdLevel::Critical},
                              {0.9, dashboard::ThresholdLevel::Warning}};
    std::vector<QueryAnswer> answers(2);
    answers[1].values = {sample(LabelSet(), 1, 0.7), sample(LabelSet(), 1, 0.95)};
    const PanelData data = buildPanelData(panel, std::move(answers), 0, 1, 1);
    // Query A answered nothing: the first value is B's first, 0.7, between 0.5 and 0.9.
    EXPECT_EQ(data.statValue(), 0.7);
    EXPECT_EQ(data.statLevel(), panel.thresholds.levelFor(0.7));
    EXPECT_EQ(data.statLevel(), dashboard::ThresholdLevel::Warning);

    const PanelData none = buildPanelData(panel, std::vector<QueryAnswer>(2), 0, 1, 1);
    EXPECT_TRUE(std::isnan(none.statValue()));
    EXPECT_FALSE(none.statLevel().has_value());
    EXPECT_TRUE(none.isEmpty());
}

TEST(PanelData, TheFirstErrorWinsAndCanceledIsNoError)
{
    std::vector<QueryAnswer> answers(3);
    answers[0].expr = QStringLiteral("first");
    answers[0].error.type = prom::ErrorType::Canceled;
    answers[1].expr = QStringLiteral("second");
    answers[1].error.type = prom::ErrorType::BadData;
    answers[1].error.message = QStringLiteral("The query is not valid PromQL.");
    answers[1].error.detail = QStringLiteral("parse error");
    answers[2].expr = QStringLiteral("third");
    answers[2].error.type = prom::ErrorType::Server;
    const auto panel = panelOf(dashboard::PanelType::Table, {query(QStringLiteral("A"), {}, true),
                                                             query(QStringLiteral("B"), {}, true),
                                                             query(QStringLiteral("C"), {}, true)});
    const PanelData data = buildPanelData(panel, std::move(answers), 0, 1, 1);
    EXPECT_TRUE(data.failed());
    EXPECT_EQ(data.error.type, prom::ErrorType::BadData);
    EXPECT_EQ(data.errorExpr, QStringLiteral("second"));
    EXPECT_EQ(data.errorText(), QStringLiteral("The query is not valid PromQL. — parse error"));
    EXPECT_FALSE(data.isEmpty()); // failed, not empty
}

TEST(PanelData, BarsGroupPerQueryOverTheNamesOfAllQueries)
{
    const auto cls = [](const char *c) {
        return LabelSet::fromPairs({{QStringLiteral("class"), QString::fromLatin1(c)}});
    };
    std::vector<QueryAnswer> answers(2);
    answers[0].values = {sample(cls("setosa"), 1, 0.2), sample(cls("virginica"), 1, 0.8)};
    answers[1].values = {sample(cls("versicolor"), 1, 0.3), sample(cls("setosa"), 1, 0.4)};
    const auto panel = panelOf(dashboard::PanelType::Distribution,
                               {query(QStringLiteral("now"), QStringLiteral("{{class}}"), true),
                                query(QStringLiteral("prior"), QStringLiteral("{{class}}"), true)});
    const PanelBars bars = panelBars(buildPanelData(panel, std::move(answers), 0, 1, 1));
    // Categories in order of first appearance over the queries.
    EXPECT_EQ(bars.categories, (QStringList{QStringLiteral("setosa"), QStringLiteral("virginica"),
                                            QStringLiteral("versicolor")}));
    ASSERT_EQ(bars.groups.size(), 2u);
    EXPECT_EQ(bars.groups[0].name, QStringLiteral("now"));
    EXPECT_EQ(bars.groups[0].values[0], 0.2);
    EXPECT_EQ(bars.groups[0].values[1], 0.8);
    EXPECT_TRUE(std::isnan(bars.groups[0].values[2])); // "now" has no versicolor
    EXPECT_EQ(bars.groups[1].values[0], 0.4);
    EXPECT_TRUE(std::isnan(bars.groups[1].values[1]));
    EXPECT_EQ(bars.groups[1].values[2], 0.3);
}

TEST(PanelData, TableHasAColumnPerLabelThenTheValue)
{
    std::vector<QueryAnswer> answers(1);
    answers[0].values = {
        sample(LabelSet::fromPairs({{QStringLiteral("job"), QStringLiteral("iris")},
                                    {QStringLiteral("instance"), QStringLiteral("a:1")}}),
               1, 0.5),
        sample(LabelSet::fromPairs({{QStringLiteral("zone"), QStringLiteral("eu")}}), 1, 1.0)};
    const auto panel = panelOf(dashboard::PanelType::Table, {query(QStringLiteral("A"), {}, true)});
    const PanelData data = buildPanelData(panel, std::move(answers), 0, 1, 1);
    const PanelTable table = panelTable(data);
    // Label names sorted over every row; a row without a label has it empty.
    EXPECT_EQ(table.header, (QStringList{QStringLiteral("instance"), QStringLiteral("job"),
                                         QStringLiteral("zone"), QStringLiteral("Value")}));
    ASSERT_EQ(table.rows.size(), 2u);
    // Values formatted in the panel's unit (percentunit), as the table showed them before.
    EXPECT_EQ(table.rows[0], (QStringList{QStringLiteral("a:1"), QStringLiteral("iris"), QString(),
                                          units::format(0.5, units::Unit::PercentUnit)}));
    EXPECT_EQ(table.rows[1], (QStringList{QString(), QString(), QStringLiteral("eu"),
                                          units::format(1.0, units::Unit::PercentUnit)}));
}

TEST(PanelData, SeriesStatsSkipGapsAndLeaveInfinityOutOfTheMean)
{
    const series::Series s =
        seriesOf(LabelSet(), {{1, 2.0}, {2, qQNaN()}, {3, 6.0}, {4, qInf()}, {5, 1.0}});
    const SeriesStats stats = seriesStats(s);
    EXPECT_EQ(stats.last, 1.0);
    EXPECT_EQ(stats.min, 1.0);
    EXPECT_EQ(stats.max, qInf());
    // The mean of the finite values 2, 6 and 1: 9 / 3.
    EXPECT_DOUBLE_EQ(stats.mean, (2.0 + 6.0 + 1.0) / 3.0);
}

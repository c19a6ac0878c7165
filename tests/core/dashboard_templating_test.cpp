#include "core/dashboard/templating.h"
#include "core/dashboard/variablequery.h"

#include <gtest/gtest.h>

using namespace vitals::dashboard;

namespace {

VariableValue single(const QString &v)
{
    return VariableValue{{v}, false, false};
}

VariableValue multi(const QStringList &v)
{
    return VariableValue{v, true, false};
}

VariableValues sampleValues()
{
    VariableValues values;
    values.insert(QStringLiteral("job"), single(QStringLiteral("iris")));
    values.insert(QStringLiteral("instance"),
                  multi({QStringLiteral("127.0.0.1:8000"), QStringLiteral("127.0.0.1:8001")}));
    values.insert(QStringLiteral("one"), multi({QStringLiteral("a.b")}));
    values.insert(QStringLiteral("all"), VariableValue{{QStringLiteral(".+")}, true, true});
    values.insert(QStringLiteral("window"), single(QStringLiteral("5m")));
    values.insert(QStringLiteral("quote"), single(QStringLiteral("say \"hi\" \\o/")));
    values.insert(QStringLiteral("none"), multi({}));
    return values;
}

TemplateContext context()
{
    TemplateContext ctx;
    ctx.rangeMs = 3600 * 1000;    // 1 h
    ctx.intervalMs = 30 * 1000;   // 30 s step
    ctx.scrapeIntervalMs = 15000; // Prometheus default
    ctx.fromMs = 1700000000000;
    ctx.toMs = 1700003600000;
    return ctx;
}

QString expand(const char *expr)
{
    return expandVariables(QString::fromUtf8(expr), sampleValues(), context());
}

} // namespace

TEST(Templating, RateIntervalIsFourScrapesOrStepPlusScrape)
{
    TemplateContext ctx;
    ctx.scrapeIntervalMs = 15000;
    ctx.intervalMs = 15000;
    EXPECT_EQ(rateIntervalMs(ctx), 60000); // max(4 x 15 s, 15 s + 15 s) = 60 s
    ctx.intervalMs = 120000;
    EXPECT_EQ(rateIntervalMs(ctx), 135000); // max(60 s, 120 s + 15 s) = 135 s
    ctx.intervalMs = 0;                     // unknown step: the scrape interval
    EXPECT_EQ(rateIntervalMs(ctx), 60000);
}

struct ExpandCase {
    const char *name;
    const char *expr;
    const char *expected;
};

class TemplatingExpand : public ::testing::TestWithParam<ExpandCase>
{};

TEST_P(TemplatingExpand, Expands)
{
    EXPECT_EQ(expand(GetParam().expr), QString::fromUtf8(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Table, TemplatingExpand,
    ::testing::Values(
        ExpandCase{"Dollar", R"(up{job="$job"})", R"(up{job="iris"})"},
        ExpandCase{"Braces", R"(up{job="${job}"})", R"(up{job="iris"})"},
        ExpandCase{"Brackets", R"(up{job="[[job]]"})", R"(up{job="iris"})"},
        ExpandCase{"InCode", "rate(x[$window])", "rate(x[5m])"},
        // Grafana style: several values as a regex alternation, regex-escaped.
        ExpandCase{"MultiInRegex", R"(up{instance=~"$instance"})",
                   R"~(up{instance=~"(127\\.0\\.0\\.1:8000|127\\.0\\.0\\.1:8001)"})~"},
        ExpandCase{"MultiInNotRegex", R"(up{instance!~"$instance"})",
                   R"~(up{instance!~"(127\\.0\\.0\\.1:8000|127\\.0\\.0\\.1:8001)"})~"},
        // = cannot match several values: the matcher becomes =~, != becomes !~.
        ExpandCase{"MultiInEquals", R"(up{instance="$instance"})",
                   R"~(up{instance=~"(127\\.0\\.0\\.1:8000|127\\.0\\.0\\.1:8001)"})~"},
        ExpandCase{"MultiInNotEquals", R"(up{instance != "$instance"})",
                   R"~(up{instance !~ "(127\\.0\\.0\\.1:8000|127\\.0\\.0\\.1:8001)"})~"},
        ExpandCase{"MultiInEqualsEscapesLiteralText", R"(up{instance="$instance.x"})",
                   R"~(up{instance=~"(127\\.0\\.0\\.1:8000|127\\.0\\.0\\.1:8001)\\.x"})~"},
        ExpandCase{"SingleOfMultiInRegexIsEscaped", R"(up{a=~"$one"})", R"(up{a=~"a\\.b"})"},
        ExpandCase{"SingleOfMultiInEqualsIsLiteral", R"(up{a="$one"})", R"(up{a="a.b"})"},
        ExpandCase{"AllValueVerbatim", R"(up{instance=~"$all"})", R"(up{instance=~".+"})"},
        ExpandCase{"QuotesAndBackslashesEscaped", R"(up{a="$quote"})",
                   R"(up{a="say \"hi\" \\o/"})"},
        ExpandCase{"SingleQuotedString", R"(up{a='$quote'})", R"(up{a='say "hi" \\o/'})"},
        ExpandCase{"BacktickStringIsRaw", "up{a=~`$one`}", "up{a=~`a\\.b`}"},
        ExpandCase{"NothingSelected", R"(up{a=~"$none"})", R"(up{a=~""})"},
        ExpandCase{"UnknownLeftAsWritten", R"(up{a="$nope"} + $nope)", R"(up{a="$nope"} + $nope)"},
        ExpandCase{"RegexAnchorUntouched", R"(up{a=~"x$"})", R"(up{a=~"x$"})"},
        ExpandCase{"FormatRaw", R"(up{a=~"${instance:raw}"})",
                   R"(up{a=~"127.0.0.1:8000,127.0.0.1:8001"})"},
        ExpandCase{"FormatPipe", R"(up{a=~"${instance:pipe}"})",
                   R"(up{a=~"127.0.0.1:8000|127.0.0.1:8001"})"},
        ExpandCase{"FormatRegexInCode", "${one:regex}", R"(a\.b)"},
        ExpandCase{"Range", "increase(x[$__range])", "increase(x[3600s])"},
        ExpandCase{"RangeSeconds", "x / $__range_s", "x / 3600"},
        ExpandCase{"RangeMs", "$__range_ms", "3600000"},
        ExpandCase{"Interval", "rate(x[$__interval])", "rate(x[30s])"},
        ExpandCase{"IntervalMs", "$__interval_ms", "30000"},
        // max(4 x 15 s, 30 s + 15 s) = 60 s
        ExpandCase{"RateInterval", "rate(x[$__rate_interval])", "rate(x[1m])"},
        ExpandCase{"RateIntervalBraces", "rate(x[${__rate_interval}])", "rate(x[1m])"},
        ExpandCase{"FromTo", "$__from $__to", "1700000000000 1700003600000"},
        ExpandCase{"NoVariables", R"(sum(rate(x{a="b"}[5m])))", R"(sum(rate(x{a="b"}[5m])))"},
        ExpandCase{"UnterminatedStringKept", R"(up{a="$job)", R"(up{a="iris)"}),
    [](const ::testing::TestParamInfo<ExpandCase> &info) { return std::string(info.param.name); });

TEST(Templating, SelectedValuesFollowTheVariables)
{
    Dashboard d;
    Variable job;
    job.name = QStringLiteral("job");
    job.current = QStringLiteral("iris");
    Variable inst;
    inst.name = QStringLiteral("instance");
    inst.multi = true;
    inst.includeAll = true;
    inst.options = {QStringLiteral("a"), QStringLiteral("b")};
    inst.current = QString::fromLatin1(kAllValue);
    Variable window;
    window.name = QStringLiteral("window");
    window.kind = VariableKind::Interval;
    window.current = QStringLiteral("auto");
    Variable slo;
    slo.name = QStringLiteral("slo");
    slo.kind = VariableKind::Constant;
    slo.query = QStringLiteral("0.25");
    d.variables = {job, inst, window, slo};

    TemplateContext ctx;
    ctx.intervalMs = 20000;
    ctx.rangeMs = 3'600'000; // auto: 1 h / 30 = 120 s, rounded as Grafana does → 2m
    const VariableValues values = selectedValues(d, ctx);
    EXPECT_EQ(expandVariables(QStringLiteral(R"(x{job="$job", i=~"$instance"}[$window] > $slo)"),
                              values, ctx),
              QStringLiteral(R"~(x{job="iris", i=~"(a|b)"}[2m] > 0.25)~"));

    d.variables[1].allValue = QStringLiteral(".*");
    EXPECT_EQ(expandVariables(QStringLiteral(R"(x{i=~"$instance"})"), selectedValues(d), ctx),
              QStringLiteral(R"(x{i=~".*"})"));
    d.variables[1].current = QStringLiteral("b");
    EXPECT_EQ(expandVariables(QStringLiteral(R"(x{i=~"$instance"})"), selectedValues(d), ctx),
              QStringLiteral(R"(x{i=~"b"})"));
}

TEST(Templating, ReferencedVariablesInOrderWithoutBuiltins)
{
    EXPECT_EQ(
        referencedVariables(QStringLiteral(
            R"(rate(x{a="$job", b=~"${inst:regex}", c="[[job]]"}[$__rate_interval]) > $slo)")),
        (QStringList{QStringLiteral("job"), QStringLiteral("inst"), QStringLiteral("slo")}));
}

TEST(Templating, LegendRendersLabelsAndBlanksMissingOnes)
{
    const QMap<QString, QString> labels{{QStringLiteral("__name__"), QStringLiteral("up")},
                                        {QStringLiteral("class"), QStringLiteral("setosa")},
                                        {QStringLiteral("instance"), QStringLiteral("h:1")}};
    EXPECT_EQ(renderLegend(QStringLiteral("{{class}}"), labels), QStringLiteral("setosa"));
    EXPECT_EQ(renderLegend(QStringLiteral("{{ class }} on {{instance}}"), labels),
              QStringLiteral("setosa on h:1"));
    EXPECT_EQ(renderLegend(QStringLiteral("{{missing}}!"), labels), QStringLiteral("!"));
    EXPECT_EQ(renderLegend(QStringLiteral("p95"), labels), QStringLiteral("p95"));
    EXPECT_EQ(renderLegend(QString(), labels),
              QStringLiteral(R"(up{class="setosa", instance="h:1"})"));
    EXPECT_EQ(seriesName({}), QStringLiteral("{}"));
}

struct VariableQueryCase {
    const char *name;
    const char *text;
    VariableQueryCall call;
    const char *label;
    const char *match;
    const char *expr;
};

class VariableQueryParsing : public ::testing::TestWithParam<VariableQueryCase>
{};

TEST_P(VariableQueryParsing, TellsWhichCallToMake)
{
    const VariableQueryCase &c = GetParam();
    const VariableQueryParse p = parseVariableQuery(QString::fromUtf8(c.text));
    ASSERT_TRUE(p.ok()) << p.error.toStdString();
    EXPECT_EQ(p.query->call, c.call);
    EXPECT_EQ(p.query->label, QString::fromUtf8(c.label));
    EXPECT_EQ(p.query->match, QString::fromUtf8(c.match));
    EXPECT_EQ(p.query->expr, QString::fromUtf8(c.expr));
}

INSTANTIATE_TEST_SUITE_P(
    Table, VariableQueryParsing,
    ::testing::Values(
        VariableQueryCase{"LabelOnly", "label_values(job)", VariableQueryCall::LabelValues, "job",
                          "", ""},
        VariableQueryCase{"MetricAndLabel", "label_values(up, instance)", VariableQueryCall::Series,
                          "instance", "up", ""},
        VariableQueryCase{
            "SelectorWithCommas", R"~( label_values(up{job="a,b", x=~"(c|d)"} , instance) )~",
            VariableQueryCall::Series, "instance", R"~(up{job="a,b", x=~"(c|d)"})~", ""},
        VariableQueryCase{"LabelNames", "label_names()", VariableQueryCall::LabelNames, "", "", ""},
        VariableQueryCase{"Metrics", "metrics(^inference_)", VariableQueryCall::LabelValues,
                          "__name__", "", ""},
        VariableQueryCase{"QueryResult", "query_result(topk(3, sum by (job) (up)))",
                          VariableQueryCall::InstantQuery, "", "", "topk(3, sum by (job) (up))"},
        VariableQueryCase{"BareSelector", R"(up{job="iris"})", VariableQueryCall::Series, "",
                          R"(up{job="iris"})", ""}),
    [](const ::testing::TestParamInfo<VariableQueryCase> &info) {
        return std::string(info.param.name);
    });

TEST(VariableQueryParsing, ErrorsAreClear)
{
    const std::pair<const char *, const char *> cases[] = {
        {"", "the query is empty"},
        {"label_values()", "label_values(): expected an argument"},
        {"label_values(up, 1abc)", "expected a label name, found \"1abc\""},
        {"label_values(up{job=\"x\", instance)", "'{' at offset 15 is never closed"},
        {"label_values(up{job=\"x}, instance)", "unterminated string"},
        {"label_values( , job)", "the series selector before the comma is empty"},
        {"query_result()", "query_result(): expected an argument"},
        {"label_valuez(job)", "unknown function label_valuez()"},
        {"metrics(a{2,1})", "metrics(): regex:"},
        {"up)", "unbalanced ')'"},
    };
    for (const auto &[text, expected] : cases) {
        const VariableQueryParse p = parseVariableQuery(QString::fromUtf8(text));
        EXPECT_FALSE(p.ok()) << text;
        EXPECT_TRUE(p.error.contains(QString::fromUtf8(expected)))
            << text << " -> " << p.error.toStdString();
    }
}

TEST(VariableOptions, RegexFiltersAndExtracts)
{
    const QStringList values{QStringLiteral("127.0.0.1:8000"), QStringLiteral("10.0.0.1:9090"),
                             QStringLiteral("127.0.0.1:8001"), QStringLiteral("127.0.0.1:8000"),
                             QString()};
    // No regex: distinct, in order, empty dropped.
    EXPECT_EQ(extractOptions(values, {}),
              (QStringList{QStringLiteral("127.0.0.1:8000"), QStringLiteral("10.0.0.1:9090"),
                           QStringLiteral("127.0.0.1:8001")}));
    // Slashes: search, first group is the option.
    EXPECT_EQ(extractOptions(values, QStringLiteral("/127\\.0\\.0\\.1:(\\d+)/")),
              (QStringList{QStringLiteral("8000"), QStringLiteral("8001")}));
    // Named group "value" wins over group 1.
    EXPECT_EQ(extractOptions(values, QStringLiteral("/(\\d+)\\.0\\.0\\.1:(?<value>9\\d+)/")),
              (QStringList{QStringLiteral("9090")}));
    // A bare pattern must match the whole value.
    EXPECT_EQ(extractOptions(values, QStringLiteral("10\\..*")),
              (QStringList{QStringLiteral("10.0.0.1:9090")}));
    EXPECT_TRUE(extractOptions(values, QStringLiteral("10")).isEmpty());
    // Flag i.
    EXPECT_EQ(extractOptions({QStringLiteral("Setosa")}, QStringLiteral("/setosa/i")),
              (QStringList{QStringLiteral("Setosa")}));
    QString error;
    EXPECT_TRUE(extractOptions(values, QStringLiteral("/(/"), &error).isEmpty());
    EXPECT_TRUE(error.startsWith(QStringLiteral("regex: "))) << error.toStdString();
}

TEST(VariableOptions, FromSeriesAndQueryResults)
{
    const std::vector<QMap<QString, QString>> series{
        {{QStringLiteral("__name__"), QStringLiteral("up")},
         {QStringLiteral("job"), QStringLiteral("iris")}},
        {{QStringLiteral("__name__"), QStringLiteral("up")},
         {QStringLiteral("job"), QStringLiteral("prom")}},
        {{QStringLiteral("__name__"), QStringLiteral("up")},
         {QStringLiteral("job"), QStringLiteral("iris")}}};
    EXPECT_EQ(extractOptions(seriesCandidates(series, QStringLiteral("job")), {}),
              (QStringList{QStringLiteral("iris"), QStringLiteral("prom")}));
    EXPECT_EQ(seriesCandidates(series, {}).first(), QStringLiteral(R"(up{job="iris"})"));

    const QString text = queryResultText({{QStringLiteral("__name__"), QStringLiteral("x")},
                                          {QStringLiteral("instance"), QStringLiteral("h:1")},
                                          {QStringLiteral("job"), QStringLiteral("iris")}},
                                         QStringLiteral("42.5"), 1700000000000);
    EXPECT_EQ(text, QStringLiteral(R"(x{instance="h:1",job="iris"} 42.5 1700000000000)"));
    EXPECT_EQ(extractOptions({text}, QStringLiteral(R"~(/instance="([^"]+)"/)~")),
              (QStringList{QStringLiteral("h:1")}));
}

TEST(VariableOptions, MetricNamesAndCustomLists)
{
    const QStringList names{QStringLiteral("inference_requests_total"), QStringLiteral("up"),
                            QStringLiteral("inference_in_flight")};
    EXPECT_EQ(filterMetricNames(names, QStringLiteral("^inference_")),
              (QStringList{QStringLiteral("inference_requests_total"),
                           QStringLiteral("inference_in_flight")}));
    EXPECT_EQ(filterMetricNames(names, {}), names);

    EXPECT_EQ(customOptions(QStringLiteral("a, b,c ,a")),
              (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    EXPECT_EQ(customOptions(QStringLiteral(R"(one : 1,two : 2,x\,y)")),
              (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("x,y")}));
    EXPECT_TRUE(customOptions(QString()).isEmpty());
}

#include "core/dashboard/transformations.h"
#include "core/panel/paneldata.h"

#include <gtest/gtest.h>

#include <QJsonDocument>

#include <cmath>

// Grafana's table transformations over hand-worked tables. Expected tables are worked out by
// hand from Grafana's documented semantics ("Transformation types and options", Grafana 7.4–8.3
// docs: reduce's series-to-rows example, merge's rows of equal time and labels, joinByField's
// outer join with numbered duplicate names as the Kubernetes mixin's tables rely on).
namespace {

using namespace vitals::dashboard;

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

Field numbers(const QString &name, std::vector<double> values, FieldType type = FieldType::Number)
{
    Field f;
    f.name = name;
    f.type = type;
    f.numbers = std::move(values);
    return f;
}

Field strings(const QString &name, QStringList values)
{
    Field f;
    f.name = name;
    f.type = FieldType::String;
    f.strings = std::move(values);
    return f;
}

QStringList names(const Frame &frame)
{
    QStringList out;
    for (const Field &f : frame.fields)
        out << f.name;
    return out;
}

// Two of the Kubernetes mixin's "table" answers: pods (A) and workloads (B) per namespace.
Frames namespaceFrames()
{
    Frame a{
        QStringLiteral("A"),
        {numbers(QStringLiteral("Time"), {1000, 1000}, FieldType::Time),
         strings(QStringLiteral("namespace"), {QStringLiteral("default"), QStringLiteral("kube")}),
         numbers(QStringLiteral("Value #A"), {3, 12})}};
    Frame b{QStringLiteral("B"),
            {numbers(QStringLiteral("Time"), {1000, 1000}, FieldType::Time),
             strings(QStringLiteral("namespace"), {QStringLiteral("kube"), QStringLiteral("mon")}),
             numbers(QStringLiteral("Value #B"), {4, 2})}};
    return {a, b};
}

TEST(Transformations, JoinByFieldOuterKeepsEveryKeyAndNumbersDuplicateNames)
{
    const Frames out =
        joinByField(namespaceFrames(), json(R"({"byField":"namespace","mode":"outer"})"));
    ASSERT_EQ(out.size(), 1u);
    const Frame &f = out.front();
    EXPECT_EQ(names(f), (QStringList{"namespace", "Time 1", "Value #A", "Time 2", "Value #B"}));
    EXPECT_EQ(f.field("namespace")->strings, (QStringList{"default", "kube", "mon"}));
    // default has no workloads, mon no pods: nulls (NaN) where a frame has no row for the key.
    const std::vector<double> &pods = f.field("Value #A")->numbers;
    const std::vector<double> &workloads = f.field("Value #B")->numbers;
    ASSERT_EQ(pods.size(), 3u);
    EXPECT_EQ(pods[0], 3);
    EXPECT_EQ(pods[1], 12);
    EXPECT_TRUE(std::isnan(pods[2]));
    EXPECT_TRUE(std::isnan(workloads[0]));
    EXPECT_EQ(workloads[1], 4);
    EXPECT_EQ(workloads[2], 2);
}

TEST(Transformations, OrganizeHidesOrdersAndRenames)
{
    Frames frames =
        joinByField(namespaceFrames(), json(R"({"byField":"namespace","mode":"outer"})"));
    frames = organize(std::move(frames), json(R"({
        "excludeByName": {"Time 1": true, "Time 2": true},
        "indexByName": {"Value #B": 0, "namespace": 1, "Value #A": 2},
        "renameByName": {"Value #A": "Pods", "Value #B": "Workloads", "namespace": "Namespace",
                         "Time 1": ""}})"));
    EXPECT_EQ(names(frames.front()), (QStringList{"Workloads", "Namespace", "Pods"}));
}

TEST(Transformations, MergeJoinsRowsOfEqualTimeAndLabels)
{
    // Grafana's merge example: Query A (Time, Job, Uptime) and Query B (Time, Job, Errors); the
    // rows with the same time and job become one row.
    Frame a{{},
            {numbers(QStringLiteral("Time"), {1000, 2000}, FieldType::Time),
             strings(QStringLiteral("Job"), {QStringLiteral("node"), QStringLiteral("postgre")}),
             numbers(QStringLiteral("Uptime"), {25260122, 123001233})}};
    Frame b{{},
            {numbers(QStringLiteral("Time"), {1000, 3000}, FieldType::Time),
             strings(QStringLiteral("Job"), {QStringLiteral("node"), QStringLiteral("node")}),
             numbers(QStringLiteral("Errors"), {15, 5})}};
    const Frames out = merge({a, b});
    ASSERT_EQ(out.size(), 1u);
    const Frame &f = out.front();
    EXPECT_EQ(names(f), (QStringList{"Time", "Job", "Uptime", "Errors"}));
    ASSERT_EQ(f.rows(), 3u); // (1000, node) merged; (2000, postgre) and (3000, node) alone
    EXPECT_EQ(f.field("Uptime")->numbers[0], 25260122);
    EXPECT_EQ(f.field("Errors")->numbers[0], 15);
    EXPECT_TRUE(std::isnan(f.field("Errors")->numbers[1]));
    EXPECT_TRUE(std::isnan(f.field("Uptime")->numbers[2]));
    EXPECT_EQ(f.field("Errors")->numbers[2], 5);
}

TEST(Transformations, ReduceSeriesToRowsAsGrafanasExample)
{
    // Grafana's docs: Temp 12.3 then 15.4, Uptime 256122 then 1230233, First and Last.
    Frame a{{},
            {numbers(QStringLiteral("Time"), {1, 2}, FieldType::Time),
             numbers(QStringLiteral("Temp"), {12.3, 15.4}),
             numbers(QStringLiteral("Uptime"), {256122, 1230233})}};
    const Frames out = reduce({a}, json(R"({"reducers":["first","last"]})"));
    ASSERT_EQ(out.size(), 1u);
    const Frame &f = out.front();
    EXPECT_EQ(names(f), (QStringList{"Field", "First", "Last"}));
    EXPECT_EQ(f.field("Field")->strings, (QStringList{"Temp", "Uptime"}));
    EXPECT_EQ(f.field("First")->numbers, (std::vector<double>{12.3, 256122}));
    EXPECT_EQ(f.field("Last")->numbers, (std::vector<double>{15.4, 1230233}));
    EXPECT_EQ(reducerTitle(QStringLiteral("lastNotNull")), QStringLiteral("Last *"));
    EXPECT_EQ(*reduceValues(QStringLiteral("mean"), {1, qQNaN(), 5}), 3); // nulls skipped
}

TEST(Transformations, LabelsToFieldsThenMergeGivesOneRowPerSeries)
{
    // Promscale's "instances" table: count by (version, instance) answered as series.
    Field v1 = numbers(QStringLiteral("{instance=\"a\", version=\"0.1\"}"), {2});
    v1.labels = {{"instance", "a"}, {"version", "0.1"}};
    Field v2 = numbers(QStringLiteral("{instance=\"b\", version=\"0.2\"}"), {1});
    v2.labels = {{"instance", "b"}, {"version", "0.2"}};
    Frames frames{{{}, {numbers(QStringLiteral("Time"), {5}, FieldType::Time), v1}},
                  {{}, {numbers(QStringLiteral("Time"), {5}, FieldType::Time), v2}}};
    frames = labelsToFields(std::move(frames), json(R"({"keepLabels":["version"]})"));
    EXPECT_EQ(names(frames.front()), (QStringList{"Time", "version", "Value"}));
    frames = merge(std::move(frames));
    frames = organize(std::move(frames),
                      json(R"({"excludeByName":{"Time":true},"renameByName":{"Value":"n"}})"));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(names(frames.front()), (QStringList{"version", "n"}));
    EXPECT_EQ(frames.front().field("version")->strings, (QStringList{"0.1", "0.2"}));
    EXPECT_EQ(frames.front().field("n")->numbers, (std::vector<double>{2, 1}));
}

TEST(Transformations, CalculateSortFilterAndRename)
{
    Frames frames{{{},
                   {strings(QStringLiteral("pod"), {"x", "y", "z"}),
                    numbers(QStringLiteral("Value #A"), {10, 30, 20}),
                    numbers(QStringLiteral("Value #B"), {4, 5, 8})}}};
    frames = calculateField(std::move(frames), json(R"({"mode":"binary",
        "binary":{"left":"Value #A","operator":"/","right":"Value #B"}})"));
    EXPECT_EQ(names(frames.front()).last(), QStringLiteral("Value #A / Value #B"));
    EXPECT_EQ(frames.front().fields.back().numbers, (std::vector<double>{2.5, 6, 2.5}));
    frames = sortBy(std::move(frames), json(R"({"sort":[{"field":"Value #A","desc":true}]})"));
    EXPECT_EQ(frames.front().field("pod")->strings, (QStringList{"y", "z", "x"}));
    frames = filterFieldsByName(std::move(frames), json(R"({"include":{"pattern":"/Value #/"}})"));
    EXPECT_EQ(names(frames.front()), (QStringList{"Value #A", "Value #B", "Value #A / Value #B"}));
    frames = renameByRegex(std::move(frames),
                           json(R"j({"regex":"Value #(.)","renamePattern":"Query $1"})j"));
    EXPECT_EQ(names(frames.front()), (QStringList{"Query A", "Query B", "Query A / Value #B"}));
}

TEST(Transformations, UnsupportedIdsAreNamedAndSkipped)
{
    QStringList unsupported;
    const Frames out = applyTransformations(
        {{QStringLiteral("groupBy"), {}, false}, {QStringLiteral("merge"), {}, true}},
        namespaceFrames(), &unsupported);
    EXPECT_EQ(unsupported, QStringList{QStringLiteral("groupBy")});
    EXPECT_EQ(out.size(), 2u); // the disabled merge did not run
}

// A Kubernetes-mixin table through buildPanelData: two "table" queries joined by namespace,
// organized, each column in its override's unit.
TEST(Transformations, TablePanelShowsTheTransformedColumnsInTheirUnits)
{
    using namespace vitals;
    Panel panel;
    panel.type = PanelType::Table;
    Query a;
    a.refId = QStringLiteral("A");
    a.instant = true;
    Query b = a;
    b.refId = QStringLiteral("B");
    panel.queries = {a, b};
    panel.tableFormat = true;
    panel.transformations = {
        {QStringLiteral("joinByField"), json(R"({"byField":"namespace","mode":"outer"})"), false},
        {QStringLiteral("organize"), json(R"({"excludeByName":{"Time 1":true,"Time 2":true},
                  "renameByName":{"Value #A":"Memory","Value #B":"Memory %","namespace":"NS"}})"),
         false}};
    SeriesOverride percent;
    percent.match = SeriesOverride::Match::Regex;
    percent.pattern = QStringLiteral(".*(?:%).*");
    percent.style.unit = QStringLiteral("percentunit");
    SeriesOverride bytes;
    bytes.pattern = QStringLiteral("Memory");
    bytes.style.unit = QStringLiteral("bytes");
    panel.overrides = {percent, bytes};

    auto answer = [](const char *ns, double v) {
        prom::VectorSample s;
        s.labels =
            series::LabelSet::fromPairs({{QStringLiteral("namespace"), QString::fromLatin1(ns)}});
        s.tMs = 1000;
        s.value = v;
        return s;
    };
    std::vector<panel::QueryAnswer> answers(2);
    answers[0].values = {answer("default", 2048)};
    answers[1].values = {answer("default", 0.25), answer("kube", 0.5)};
    const panel::PanelTable t =
        panel::panelTable(panel::buildPanelData(panel, std::move(answers), 0, 1000, 1000));
    EXPECT_EQ(t.header, (QStringList{"NS", "Memory", "Memory %"}));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0], (QStringList{"default", "2 KiB", "25%"}));
    EXPECT_EQ(t.rows[1], (QStringList{"kube", "", "50%"}));
}

} // namespace

// Value mappings: Grafana's value, range, regex and special mappings, their import, and the file
// format.
#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/grafanaimport.h"
#include "core/dashboard/valuemapping.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace vitals::dashboard;

namespace {

ValueMapping valueMapping(const char *value, const char *text)
{
    ValueMapping m;
    m.kind = ValueMapping::Kind::Value;
    m.value = QString::fromUtf8(value);
    m.text = QString::fromUtf8(text);
    return m;
}

QString textFor(const std::vector<ValueMapping> &mappings, double value)
{
    const auto mapped = mapValue(mappings, value);
    return mapped ? mapped->text : QStringLiteral("(none)");
}

} // namespace

TEST(ValueMapping, ValueRangeRegexAndSpecialAsGrafana)
{
    ValueMapping range;
    range.kind = ValueMapping::Kind::Range;
    range.from = 10;
    range.to = 20;
    range.text = QStringLiteral("busy");
    ValueMapping regex;
    regex.kind = ValueMapping::Kind::Regex;
    regex.value = QStringLiteral("^4\\d\\d$");
    regex.text = QStringLiteral("client error");
    ValueMapping nan;
    nan.kind = ValueMapping::Kind::Special;
    nan.special = ValueMapping::Special::NullOrNaN;
    nan.text = QStringLiteral("UNKNOWN");
    const std::vector<ValueMapping> mappings{valueMapping("0", "OFF"),
                                             valueMapping("1", "ON"),
                                             valueMapping("0.5", "half"),
                                             range,
                                             regex,
                                             nan};
    EXPECT_EQ(textFor(mappings, 0), QStringLiteral("OFF"));
    EXPECT_EQ(textFor(mappings, 1), QStringLiteral("ON"));
    EXPECT_EQ(textFor(mappings, 0.5), QStringLiteral("half")); // String(0.5) is "0.5"
    EXPECT_EQ(textFor(mappings, 10), QStringLiteral("busy"));  // bounds are inclusive
    EXPECT_EQ(textFor(mappings, 20), QStringLiteral("busy"));
    EXPECT_EQ(textFor(mappings, 404), QStringLiteral("client error"));
    EXPECT_EQ(textFor(mappings, std::nan("")), QStringLiteral("UNKNOWN"));
    EXPECT_EQ(textFor(mappings, 2), QStringLiteral("(none)"));

    ValueMapping yes;
    yes.kind = ValueMapping::Kind::Special;
    yes.special = ValueMapping::Special::True;
    yes.text = QStringLiteral("yes");
    EXPECT_EQ(textFor({yes}, 1), QStringLiteral("yes"));
    EXPECT_EQ(textFor({yes}, 0), QStringLiteral("(none)"));

    ValueMapping empty;
    empty.kind = ValueMapping::Kind::Special;
    empty.special = ValueMapping::Special::Empty;
    empty.text = QStringLiteral("(no job)");
    EXPECT_EQ(mapText({empty}, QString())->text, QStringLiteral("(no job)"));
    EXPECT_EQ(mapText({valueMapping("up", "Up")}, QStringLiteral("up"))->text,
              QStringLiteral("Up"));
}

TEST(ValueMapping, ImportedFromGrafanaWithColoursAndSaved)
{
    // The promscale mixin's health tile, as published (tests/fixtures/grafana/corpus/).
    const QByteArray json = R"json({"title": "M", "panels": [
      {"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
       "targets": [{"expr": "up", "refId": "A"}],
       "fieldConfig": {"defaults": {"mappings": [
         {"options": {"0": {"color": "red", "index": 2, "text": "OFF"},
                      "1": {"color": "green", "index": 0, "text": "ON"}}, "type": "value"},
         {"options": {"match": "null+nan", "result": {"color": "orange", "index": 1,
                      "text": "UNKNOWN"}}, "type": "special"},
         {"options": {"from": 2, "to": 5, "result": {"text": "many"}}, "type": "range"},
         {"options": {"pattern": "/^9/", "result": {"text": "nines", "color": "blue"}},
          "type": "regex"}]}}}]})json";
    const GrafanaImport g = importGrafanaDashboard(json);
    ASSERT_TRUE(g.ok()) << g.error.toStdString();
    const Panel &p = g.dashboard->panels.at(0);
    ASSERT_EQ(p.mappings.size(), 5u);
    const auto on = mapValue(p.mappings, 1);
    ASSERT_TRUE(on);
    EXPECT_EQ(on->text, QStringLiteral("ON"));
    EXPECT_EQ(on->color, QStringLiteral("#73bf69")); // Grafana's "green"
    EXPECT_EQ(on->level, ThresholdLevel::Ok);
    EXPECT_EQ(mapValue(p.mappings, 0)->level, ThresholdLevel::Critical);
    EXPECT_EQ(mapValue(p.mappings, std::nan(""))->level, ThresholdLevel::Warning);
    EXPECT_EQ(mapValue(p.mappings, 3)->text, QStringLiteral("many"));
    EXPECT_EQ(mapValue(p.mappings, 99)->text, QStringLiteral("nines"));
    // Blue has no traffic-light meaning: the text is shown, the colour is reported.
    ASSERT_EQ(g.report.issues.size(), 1u) << g.report.toText().toStdString();
    EXPECT_TRUE(g.report.issues[0].message.contains(QStringLiteral("blue")));

    const LoadResult reloaded = parseDashboard(serializeDashboard(*g.dashboard));
    ASSERT_TRUE(reloaded.ok()) << reloaded.error.toStdString();
    EXPECT_EQ(*reloaded.dashboard, *g.dashboard);
}

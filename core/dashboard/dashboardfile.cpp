#include "core/dashboard/dashboardfile.h"

#include "core/dashboard/dashboardlogging.h"
#include "core/dashboard/jsonreader.h"
#include "core/dashboard/panelextras.h"
#include "core/unitcatalogue.h"
#include "core/units.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <utility>
#include <variant>

namespace vitals::dashboard {

using detail::indexPath;
using detail::joinPath;
using detail::JsonReader;

namespace {

// ---- reading ----------------------------------------------------------------------------

Query readQuery(JsonReader &r, const QJsonObject &o, const QString &path)
{
    Query q;
    q.expr = r.string(o, path, QStringLiteral("expr"), true);
    q.legendFormat = r.string(o, path, QStringLiteral("legendFormat"));
    q.refId = r.string(o, path, QStringLiteral("refId"));
    q.instant = r.boolean(o, path, QStringLiteral("instant"));
    q.interval = r.string(o, path, QStringLiteral("interval"));
    return q;
}

Thresholds readThresholds(JsonReader &r, const QJsonObject &o, const QString &path)
{
    Thresholds t;
    t.higherIsBetter = r.boolean(o, path, QStringLiteral("higherIsBetter"));
    const QString stepsPath = joinPath(path, QStringLiteral("steps"));
    const QJsonArray steps = r.array(o, path, QStringLiteral("steps"));
    for (qsizetype i = 0; i < steps.size() && !r.failed(); ++i) {
        const QString p = indexPath(stepsPath, i);
        const QJsonObject s = r.objectAt(steps, stepsPath, i);
        ThresholdStep step;
        step.value = r.number(s, p, QStringLiteral("value"), true).value_or(0.0);
        const QString level = r.string(s, p, QStringLiteral("level"), true);
        if (r.failed())
            break;
        const auto parsed = thresholdLevelFromName(level);
        if (!parsed) {
            r.fail(
                joinPath(p, QStringLiteral("level")),
                QStringLiteral("unknown level \"%1\" (expected green, amber or red)").arg(level));
            break;
        }
        step.level = *parsed;
        t.steps.push_back(step);
    }
    return t;
}

Panel readPanel(JsonReader &r, const QJsonObject &o, const QString &path, qsizetype index)
{
    Panel p;
    p.id =
        r.string(o, path, QStringLiteral("id"), false, QStringLiteral("panel-%1").arg(index + 1));
    p.title = r.string(o, path, QStringLiteral("title"));
    const QString type = r.string(o, path, QStringLiteral("type"), true);
    if (!r.failed()) {
        const auto parsed = panelTypeFromName(type);
        if (!parsed) {
            r.fail(joinPath(path, QStringLiteral("type")),
                   QStringLiteral("unknown panel type \"%1\" (expected timeseries, stat, bar, "
                                  "distribution, table, drifttable, modelquality or text)")
                       .arg(type));
        } else {
            p.type = *parsed;
        }
    }
    const QString queriesPath = joinPath(path, QStringLiteral("queries"));
    const QJsonArray queries = r.array(o, path, QStringLiteral("queries"));
    for (qsizetype i = 0; i < queries.size() && !r.failed(); ++i)
        p.queries.push_back(
            readQuery(r, r.objectAt(queries, queriesPath, i), indexPath(queriesPath, i)));
    p.unit = r.string(o, path, QStringLiteral("unit"));
    const QJsonObject thresholds = r.object(o, path, QStringLiteral("thresholds"));
    p.thresholds = readThresholds(r, thresholds, joinPath(path, QStringLiteral("thresholds")));

    const QString gridPath = joinPath(path, QStringLiteral("gridPos"));
    const QJsonObject grid = r.object(o, path, QStringLiteral("gridPos"), true);
    p.gridPos.x = r.integer(grid, gridPath, QStringLiteral("x"), 0, kGridColumns - 1, 0, true);
    p.gridPos.y = r.integer(grid, gridPath, QStringLiteral("y"), 0, 100000, 0, true);
    p.gridPos.w = r.integer(grid, gridPath, QStringLiteral("w"), 1, kGridColumns, 12, true);
    p.gridPos.h = r.integer(grid, gridPath, QStringLiteral("h"), 1, 1000, 8, true);

    p.stacked = r.boolean(o, path, QStringLiteral("stacked"));
    p.description = r.string(o, path, QStringLiteral("description"));
    p.min = r.number(o, path, QStringLiteral("min"));
    p.max = r.number(o, path, QStringLiteral("max"));
    p.emptyHint = r.string(o, path, QStringLiteral("emptyHint"));
    p.content = r.string(o, path, QStringLiteral("content"));
    if (const QString problem = readPanelExtras(o, p); !problem.isEmpty() && !r.failed())
        r.fail(path, problem);
    return p;
}

QStringList readStringList(JsonReader &r, const QJsonObject &o, const QString &path,
                           const QString &key)
{
    QStringList out;
    const QString listPath = joinPath(path, key);
    const QJsonArray items = r.array(o, path, key);
    for (qsizetype i = 0; i < items.size() && !r.failed(); ++i) {
        const QJsonValue v = items.at(i);
        if (!v.isString()) {
            r.fail(indexPath(listPath, i),
                   QStringLiteral("expected a string, found %1").arg(detail::jsonTypeName(v)));
            break;
        }
        out.append(v.toString());
    }
    return out;
}

Variable readVariable(JsonReader &r, const QJsonObject &o, const QString &path)
{
    Variable v;
    v.name = r.string(o, path, QStringLiteral("name"), true);
    v.label = r.string(o, path, QStringLiteral("label"));
    const QString kind = r.string(o, path, QStringLiteral("kind"), true);
    if (!r.failed()) {
        const auto parsed = variableKindFromName(kind);
        if (!parsed) {
            r.fail(joinPath(path, QStringLiteral("kind")),
                   QStringLiteral("unknown variable kind \"%1\" (expected query, custom, "
                                  "interval or constant)")
                       .arg(kind));
        } else {
            v.kind = *parsed;
        }
    }
    v.query = r.string(o, path, QStringLiteral("query"));
    v.regex = r.string(o, path, QStringLiteral("regex"));
    v.multi = r.boolean(o, path, QStringLiteral("multi"));
    v.includeAll = r.boolean(o, path, QStringLiteral("includeAll"));
    v.allValue = r.string(o, path, QStringLiteral("allValue"));
    v.autoCount = r.integer(o, path, QStringLiteral("autoCount"), 0, 100000, 0);
    v.autoMin = r.string(o, path, QStringLiteral("autoMin"));
    if (!v.autoMin.isEmpty() && units::parseDurationMs(v.autoMin) <= 0)
        r.fail(joinPath(path, QStringLiteral("autoMin")),
               QStringLiteral("\"%1\" is not a duration").arg(v.autoMin));
    v.options = readStringList(r, o, path, QStringLiteral("options"));
    const QJsonValue current = o.value(QStringLiteral("current"));
    if (current.isArray()) {
        v.currentValues = readStringList(r, o, path, QStringLiteral("current"));
        v.current = v.currentValues.value(0);
    } else {
        v.current = r.string(o, path, QStringLiteral("current"));
    }
    return v;
}

// ---- validation -------------------------------------------------------------------------

bool isDuration(const QString &text)
{
    return units::parseDurationMs(text) > 0;
}

QString checkVariable(const Variable &v, const QString &path)
{
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!namePattern.match(v.name).hasMatch())
        return joinPath(path, QStringLiteral("name"))
               + QStringLiteral(": \"%1\" is not a valid name (letters, digits and _, not "
                                "starting with a digit)")
                     .arg(v.name);
    if (v.name.startsWith(QLatin1String("__")))
        return joinPath(path, QStringLiteral("name"))
               + QStringLiteral(": names starting with __ are reserved for built-in variables");
    if (v.kind == VariableKind::Interval) {
        const QStringList items = v.query.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &item : items) {
            if (!isDuration(item.trimmed()))
                return joinPath(path, QStringLiteral("query"))
                       + QStringLiteral(": \"%1\" is not a duration such as 30s, 5m or 1h")
                             .arg(item.trimmed());
        }
    }
    if (!v.currentValues.isEmpty()) {
        if (!v.multi)
            return joinPath(path, QStringLiteral("current"))
                   + QStringLiteral(": several values selected but the variable is not multi");
        if (v.current != v.currentValues.first())
            return joinPath(path, QStringLiteral("current"))
                   + QStringLiteral(": the first selected value differs from current");
    }
    return {};
}

QString checkPanel(const Panel &p, const QString &path)
{
    if (p.id.isEmpty())
        return joinPath(path, QStringLiteral("id")) + QStringLiteral(": must not be empty");
    if (!isKnownUnitName(p.unit))
        return joinPath(path, QStringLiteral("unit"))
               + QStringLiteral(": unknown unit \"%1\" (expected a Grafana unit id such as s, ms, "
                                "percent, bytes, reqps, or suffix:<text>)")
                     .arg(p.unit);
    const GridPos &g = p.gridPos;
    const QString gridPath = joinPath(path, QStringLiteral("gridPos"));
    if (g.x < 0 || g.x >= kGridColumns || g.w < 1 || g.x + g.w > kGridColumns)
        return gridPath
               + QStringLiteral(": x %1 and w %2 do not fit the %3-column grid")
                     .arg(g.x)
                     .arg(g.w)
                     .arg(kGridColumns);
    if (g.y < 0 || g.h < 1)
        return gridPath + QStringLiteral(": y must be >= 0 and h >= 1");
    const QString stepsPath = joinPath(path, QStringLiteral("thresholds.steps"));
    for (std::size_t i = 0; i < p.thresholds.steps.size(); ++i) {
        const double value = p.thresholds.steps[i].value;
        const QString stepPath = indexPath(stepsPath, qsizetype(i)) + QStringLiteral(".value");
        if (!std::isfinite(value))
            return stepPath + QStringLiteral(": must be a finite number");
        if (i > 0 && value < p.thresholds.steps[i - 1].value)
            return stepPath + QStringLiteral(": steps must be in ascending order of value");
    }
    if (p.min && p.max && *p.min > *p.max)
        return joinPath(path, QStringLiteral("min"))
               + QStringLiteral(": %1 is larger than max %2").arg(*p.min).arg(*p.max);
    if ((p.min && !std::isfinite(*p.min)) || (p.max && !std::isfinite(*p.max)))
        return joinPath(path, QStringLiteral("min")) + QStringLiteral(": must be finite");
    QSet<QString> refIds;
    for (std::size_t i = 0; i < p.queries.size(); ++i) {
        const Query &q = p.queries[i];
        const QString qPath = indexPath(joinPath(path, QStringLiteral("queries")), qsizetype(i));
        if (q.expr.trimmed().isEmpty())
            return joinPath(qPath, QStringLiteral("expr")) + QStringLiteral(": must not be empty");
        if (!q.interval.isEmpty() && !q.interval.contains(QLatin1Char('$'))
            && !isDuration(q.interval))
            return joinPath(qPath, QStringLiteral("interval"))
                   + QStringLiteral(": \"%1\" is not a duration such as 30s or 1m").arg(q.interval);
        if (!q.refId.isEmpty()) {
            if (refIds.contains(q.refId))
                return joinPath(qPath, QStringLiteral("refId"))
                       + QStringLiteral(": \"%1\" is used twice in this panel").arg(q.refId);
            refIds.insert(q.refId);
        }
    }
    return {};
}

} // namespace

bool isKnownUnitName(const QString &unit)
{
    return unit.isEmpty() || units::isKnownUnit(unit);
}

QString validateDashboard(const Dashboard &d)
{
    if (!isDuration(d.defaultRange))
        return QStringLiteral("defaultRange: \"%1\" is not a duration such as 15m or 6h")
            .arg(d.defaultRange);
    if (!d.refresh.isEmpty() && !isDuration(d.refresh))
        return QStringLiteral("refresh: \"%1\" is not a duration such as 10s or 1m (or empty "
                              "for off)")
            .arg(d.refresh);
    if (d.alertShading != u"related" && d.alertShading != u"all" && d.alertShading != u"none")
        return QStringLiteral("alertShading: \"%1\" is not one of related, all, none")
            .arg(d.alertShading);
    QSet<QString> names;
    for (std::size_t i = 0; i < d.variables.size(); ++i) {
        const QString path = indexPath(QStringLiteral("variables"), qsizetype(i));
        const QString problem = checkVariable(d.variables[i], path);
        if (!problem.isEmpty())
            return problem;
        if (names.contains(d.variables[i].name))
            return path + QStringLiteral(".name: \"%1\" is defined twice").arg(d.variables[i].name);
        names.insert(d.variables[i].name);
    }
    QSet<QString> ids;
    for (std::size_t i = 0; i < d.panels.size(); ++i) {
        const QString path = indexPath(QStringLiteral("panels"), qsizetype(i));
        const QString problem = checkPanel(d.panels[i], path);
        if (!problem.isEmpty())
            return problem;
        if (ids.contains(d.panels[i].id))
            return path
                   + QStringLiteral(".id: \"%1\" is used by another panel").arg(d.panels[i].id);
        ids.insert(d.panels[i].id);
    }
    return {};
}

LoadResult parseDashboard(const QByteArray &json)
{
    LoadResult result;
    const std::optional<QJsonObject> root = detail::parseJsonObject(json, &result.error);
    if (!root)
        return result;

    const QJsonValue version = root->value(QLatin1String(kFormatVersionKey));
    if (version.isUndefined()) {
        result.error =
            root->contains(QLatin1String("panels")) || root->contains(QLatin1String("dashboard"))
                ? QStringLiteral("vitalsDashboard: missing; this looks like a Grafana "
                                 "dashboard, import it instead")
                : QStringLiteral("vitalsDashboard: missing; not a Vitals dashboard");
        return result;
    }
    const double v = version.toDouble(-1);
    if (!version.isDouble() || v != std::floor(v) || v < 1) {
        result.error = QStringLiteral("vitalsDashboard: expected a format version number >= 1");
        return result;
    }
    if (v > kFormatVersion) {
        result.error = QStringLiteral("vitalsDashboard: this dashboard uses format version %1, "
                                      "written by a newer Vitals; this version reads format "
                                      "versions up to %2")
                           .arg(v)
                           .arg(kFormatVersion);
        return result;
    }

    JsonReader r;
    Dashboard d;
    d.schemaVersion = int(v);
    d.title = r.string(*root, {}, QStringLiteral("title"), true);
    d.uid = r.string(*root, {}, QStringLiteral("uid"));
    d.description = r.string(*root, {}, QStringLiteral("description"));
    d.defaultRange = r.string(*root, {}, QStringLiteral("defaultRange"), false, d.defaultRange);
    d.refresh = r.string(*root, {}, QStringLiteral("refresh"));
    d.alertShading = r.string(*root, {}, QStringLiteral("alertShading"), false, d.alertShading);

    const QJsonArray variables = r.array(*root, {}, QStringLiteral("variables"));
    for (qsizetype i = 0; i < variables.size() && !r.failed(); ++i) {
        const QString path = indexPath(QStringLiteral("variables"), i);
        d.variables.push_back(
            readVariable(r, r.objectAt(variables, QStringLiteral("variables"), i), path));
    }
    const QJsonArray panels = r.array(*root, {}, QStringLiteral("panels"));
    for (qsizetype i = 0; i < panels.size() && !r.failed(); ++i) {
        const QString path = indexPath(QStringLiteral("panels"), i);
        d.panels.push_back(readPanel(r, r.objectAt(panels, QStringLiteral("panels"), i), path, i));
    }
    if (r.failed()) {
        result.error = r.error();
        return result;
    }
    result.error = validateDashboard(d);
    if (result.error.isEmpty())
        result.dashboard = std::move(d);
    return result;
}

namespace {

// Reads at most the size cap (plus one byte to notice a larger file), so a huge file or a
// device node is refused without being loaded.
std::optional<QByteArray> readCapped(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return std::nullopt;
    }
    if (!file.isSequential() && file.size() > detail::kMaxDashboardBytes) {
        *error = path
                 + QStringLiteral(": the file is %1 MiB; dashboards larger than %2 MiB are "
                                  "refused")
                       .arg(file.size() / (1024 * 1024))
                       .arg(detail::kMaxDashboardBytes / (1024 * 1024));
        return std::nullopt;
    }
    QByteArray bytes = file.read(detail::kMaxDashboardBytes + 1);
    if (bytes.size() > detail::kMaxDashboardBytes) {
        *error = path
                 + QStringLiteral(": the file is larger than %1 MiB; refused")
                       .arg(detail::kMaxDashboardBytes / (1024 * 1024));
        return std::nullopt;
    }
    return bytes;
}

} // namespace

LoadResult loadDashboardFile(const QString &path)
{
    LoadResult result;
    const std::optional<QByteArray> bytes = readCapped(path, &result.error);
    if (!bytes)
        return result;
    result = parseDashboard(*bytes);
    if (!result.ok()) {
        result.error = path + QStringLiteral(": ") + result.error;
        qCWarning(lcDashboard).noquote() << "cannot load dashboard" << result.error;
    }
    return result;
}

OpenResult openDashboard(const QByteArray &json)
{
    OpenResult result;
    const std::optional<QJsonObject> root = detail::parseJsonObject(json, &result.error);
    if (!root)
        return result;
    if (root->contains(QLatin1String(kFormatVersionKey))) {
        LoadResult loaded = parseDashboard(json);
        result.dashboard = std::move(loaded.dashboard);
        result.error = loaded.error;
        return result;
    }
    GrafanaImport imported = importGrafanaDashboard(json);
    result.importedFromGrafana = true;
    result.dashboard = std::move(imported.dashboard);
    result.error = imported.error;
    result.report = std::move(imported.report);
    return result;
}

OpenResult openDashboardFile(const QString &path)
{
    OpenResult result;
    const std::optional<QByteArray> bytes = readCapped(path, &result.error);
    if (!bytes)
        return result;
    result = openDashboard(*bytes);
    if (!result.ok())
        result.error = path + QStringLiteral(": ") + result.error;
    return result;
}

} // namespace vitals::dashboard

#include "core/dashboard/grafanaimport.h"

#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/dashboardlogging.h"
#include "core/dashboard/jsonreader.h"
#include "core/dashboard/variablequery.h"
#include "core/units.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace vitals::dashboard {

using detail::indexPath;
using detail::joinPath;

std::vector<ImportIssue> ImportReport::issuesAt(const QString &pathPrefix) const
{
    std::vector<ImportIssue> out;
    for (const ImportIssue &issue : issues) {
        if (issue.path.startsWith(pathPrefix))
            out.push_back(issue);
    }
    return out;
}

QString ImportReport::toText() const
{
    QStringList lines;
    for (const ImportIssue &issue : issues) {
        lines.append((issue.kind == ImportIssue::Kind::Skipped ? QStringLiteral("skipped ")
                                                               : QStringLiteral("approximated "))
                     + issue.path + QStringLiteral(": ") + issue.message);
    }
    return lines.join(QLatin1Char('\n'));
}

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

QJsonArray arr(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toArray();
}

// Grafana writes some numbers as strings (graph yaxes min "0"); null and "" mean unset.
std::optional<double> numberOf(const QJsonValue &v)
{
    if (v.isDouble() && std::isfinite(v.toDouble()))
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(d))
            return d;
    }
    return std::nullopt;
}

enum class SourceKind { Prometheus, Other, Mixed, DashboardReuse, Unknown };

struct Source {
    SourceKind kind = SourceKind::Unknown;
    QString type; // plugin id when known
};

bool isPrometheusType(const QString &type)
{
    return type.contains(QLatin1String("prometheus"), Qt::CaseInsensitive);
}

// The hue (0-359) of "#rgb", "#rrggbb", "#rrggbbaa" or "rgb(a)(r, g, b...)" when the colour is
// saturated enough to mean something; nullopt for greys and anything unparsable.
std::optional<int> hueOf(const QString &color)
{
    double r = 0, g = 0, b = 0;
    static const QRegularExpression hex(QStringLiteral("^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$"));
    static const QRegularExpression rgb(
        QStringLiteral(R"(^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(,[^)]*)?\)$)"));
    if (const QRegularExpressionMatch m = hex.match(color); m.hasMatch()) {
        const QString digits = m.captured(1);
        const int step = digits.size() == 3 ? 1 : 2;
        auto channel = [&](int i) {
            const QString part = digits.mid(i * step, step);
            const int v = part.toInt(nullptr, 16);
            return step == 1 ? v * 17 : v;
        };
        r = channel(0);
        g = channel(1);
        b = channel(2);
    } else if (const QRegularExpressionMatch m = rgb.match(color); m.hasMatch()) {
        r = std::min(255, m.captured(1).toInt());
        g = std::min(255, m.captured(2).toInt());
        b = std::min(255, m.captured(3).toInt());
    } else {
        return std::nullopt;
    }
    const double maxC = std::max({r, g, b});
    const double minC = std::min({r, g, b});
    const double delta = maxC - minC;
    if (maxC <= 0 || delta / maxC < 0.25)
        return std::nullopt;
    double hue = 0;
    if (maxC == r)
        hue = 60.0 * std::fmod((g - b) / delta, 6.0);
    else if (maxC == g)
        hue = 60.0 * ((b - r) / delta + 2.0);
    else
        hue = 60.0 * ((r - g) / delta + 4.0);
    if (hue < 0)
        hue += 360.0;
    return int(hue) % 360;
}

// A Grafana colour name or hex code to a traffic-light level; *exact is false for colours with
// no traffic-light meaning (blue, purple), which are taken as green.
ThresholdLevel colorLevel(const QString &color, bool *exact)
{
    *exact = true;
    const QString c = color.trimmed().toLower();
    if (c.contains(QLatin1String("red")))
        return ThresholdLevel::Critical;
    if (c.contains(QLatin1String("orange")) || c.contains(QLatin1String("yellow"))
        || c.contains(QLatin1String("amber")))
        return ThresholdLevel::Warning;
    if (c.contains(QLatin1String("green")) || c == QLatin1String("text")
        || c == QLatin1String("transparent"))
        return ThresholdLevel::Ok;
    const std::optional<int> hue = hueOf(c);
    if (hue) {
        if (*hue < 20 || *hue >= 330)
            return ThresholdLevel::Critical;
        if (*hue >= 20 && *hue < 70)
            return ThresholdLevel::Warning;
        if (*hue >= 70 && *hue < 170)
            return ThresholdLevel::Ok;
    }
    *exact = false;
    return ThresholdLevel::Ok;
}

struct GrafanaStep {
    std::optional<double> value; // nullopt = base (-Infinity)
    QString color;
};

class Importer
{
public:
    GrafanaImport run(const QByteArray &json);

private:
    void skipped(const QString &path, const QString &message)
    {
        m_report.issues.push_back({ImportIssue::Kind::Skipped, path, message});
    }
    void approximated(const QString &path, const QString &message)
    {
        m_report.issues.push_back({ImportIssue::Kind::Approximated, path, message});
    }

    void readInputs(const QJsonObject &root);
    QString substituteInputs(QString text) const;
    Source resolve(const QJsonValue &ds) const;

    void readVariables(const QJsonObject &root, const QString &base);
    void readVariable(const QJsonObject &v, const QString &path);
    void readPanels(const QJsonArray &panels, const QString &path);
    void readPanel(const QJsonObject &p, const QString &path, int y);
    void addRowHeader(const QJsonObject &row, int y);
    QString unitOf(const QString &grafanaUnit, const QString &path);
    Thresholds thresholdsOf(std::vector<GrafanaStep> steps, const QString &path);
    Thresholds graphThresholds(const QJsonArray &list, const QString &path);
    QString intervalOf(const QString &interval, const QString &path);
    QString uniquePanelId(const QJsonValue &id, const QString &prefix);

    Dashboard m_dashboard;
    ImportReport m_report;
    QHash<QString, QString> m_datasourceInputs;    // DS_PROMETHEUS -> plugin id
    QHash<QString, QString> m_constantInputs;      // VAR_JOB -> value
    QHash<QString, QString> m_datasourceVariables; // datasource variable name -> plugin id
    QSet<QString> m_panelIds;
};

void Importer::readInputs(const QJsonObject &root)
{
    for (const QJsonValue &value : arr(root, "__inputs")) {
        const QJsonObject input = value.toObject();
        const QString name = str(input, "name");
        if (name.isEmpty())
            continue;
        if (str(input, "type") == QLatin1String("datasource"))
            m_datasourceInputs.insert(name, str(input, "pluginId"));
        else if (str(input, "type") == QLatin1String("constant"))
            m_constantInputs.insert(name, str(input, "value"));
    }
}

QString Importer::substituteInputs(QString text) const
{
    for (auto it = m_constantInputs.cbegin(); it != m_constantInputs.cend(); ++it)
        text.replace(QStringLiteral("${") + it.key() + QLatin1Char('}'), it.value());
    return text;
}

Source Importer::resolve(const QJsonValue &ds) const
{
    auto fromName = [this](const QString &raw) -> Source {
        const QString name = raw.trimmed();
        if (name == QLatin1String("-- Mixed --"))
            return {SourceKind::Mixed, {}};
        if (name == QLatin1String("-- Dashboard --"))
            return {SourceKind::DashboardReuse, {}};
        if (name == QLatin1String("-- Grafana --") || name == QLatin1String("grafana"))
            return {SourceKind::Other, QStringLiteral("grafana")};
        static const QRegularExpression variable(
            QStringLiteral(R"(^(?:\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\])$)"));
        const QRegularExpressionMatch m = variable.match(name);
        if (m.hasMatch()) {
            QString var = m.captured(1);
            if (var.isEmpty())
                var = m.captured(2);
            if (var.isEmpty())
                var = m.captured(3);
            QString type = m_datasourceInputs.value(var);
            if (type.isEmpty())
                type = m_datasourceVariables.value(var);
            if (type.isEmpty())
                return {SourceKind::Unknown, {}};
            return {isPrometheusType(type) ? SourceKind::Prometheus : SourceKind::Other, type};
        }
        return {SourceKind::Unknown, {}};
    };
    if (ds.isString())
        return fromName(ds.toString());
    if (!ds.isObject())
        return {};
    const QJsonObject o = ds.toObject();
    const QString type = str(o, "type");
    const QString uid = str(o, "uid");
    if (uid == QLatin1String("-- Mixed --") || uid == QLatin1String("-- Dashboard --")
        || uid == QLatin1String("grafana"))
        return fromName(uid);
    if (isPrometheusType(type))
        return {SourceKind::Prometheus, type};
    if (!type.isEmpty() && !type.startsWith(QLatin1Char('$')))
        return {SourceKind::Other, type};
    return fromName(type.isEmpty() ? uid : type);
}

QString Importer::unitOf(const QString &grafanaUnit, const QString &path)
{
    const QString u = grafanaUnit.trimmed();
    if (u.isEmpty() || u == QLatin1String("none"))
        return {};
    if (u == QLatin1String("short"))
        return QStringLiteral("short");
    if (u == QLatin1String("s") || u == QLatin1String("dtdurations"))
        return QStringLiteral("s");
    if (u == QLatin1String("percent") || u == QLatin1String("percentunit")
        || u == QLatin1String("bytes") || u == QLatin1String("reqps"))
        return u;
    if (u == QLatin1String("decbytes"))
        return QStringLiteral("bytes");
    if (u == QLatin1String("rps"))
        return QStringLiteral("reqps");
    approximated(path, QStringLiteral("unit \"%1\" is not supported; values are shown as plain "
                                      "numbers (supported: s, percent, percentunit, bytes, "
                                      "reqps, short)")
                           .arg(u));
    return {};
}

Thresholds Importer::thresholdsOf(std::vector<GrafanaStep> steps, const QString &path)
{
    Thresholds t;
    // Only the first step may be the open-ended base (value null); later ones without a value
    // mean nothing.
    for (std::size_t i = 1; i < steps.size();) {
        if (!steps[i].value)
            steps.erase(steps.begin() + std::ptrdiff_t(i));
        else
            ++i;
    }
    if (steps.empty())
        return t;
    std::stable_sort(steps.begin(), steps.end(), [](const GrafanaStep &a, const GrafanaStep &b) {
        if (!a.value || !b.value)
            return !a.value && b.value;
        return *a.value < *b.value;
    });
    std::vector<ThresholdLevel> levels;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        bool exact = true;
        levels.push_back(colorLevel(steps[i].color, &exact));
        if (!exact)
            approximated(indexPath(path, qsizetype(i)),
                         QStringLiteral("colour \"%1\" has no traffic-light meaning; shown as "
                                        "green")
                             .arg(steps[i].color));
    }
    // Grafana's first step is the base colour for everything below the second step.
    const bool hasBase = !steps.front().value;
    const ThresholdLevel base = hasBase ? levels.front() : ThresholdLevel::Ok;
    const std::size_t first = hasBase ? 1 : 0;
    if (first >= steps.size())
        return t;
    const ThresholdLevel top = levels.back();
    if (base == ThresholdLevel::Ok || top != ThresholdLevel::Ok) {
        if (base != ThresholdLevel::Ok)
            approximated(path, QStringLiteral("the base colour applies below the first step and "
                                              "neither it nor the last step is green; values "
                                              "below the first step are shown as green"));
        for (std::size_t i = first; i < steps.size(); ++i)
            t.steps.push_back({*steps[i].value, levels[i]});
        return t;
    }
    // Green at the top: a higher-is-better scale; each boundary colours what lies below it.
    t.higherIsBetter = true;
    for (std::size_t i = first; i < steps.size(); ++i)
        t.steps.push_back({*steps[i].value, i == 0 ? base : levels[i - 1]});
    return t;
}

Thresholds Importer::graphThresholds(const QJsonArray &list, const QString &path)
{
    Thresholds above;
    Thresholds below;
    below.higherIsBetter = true;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject t = list.at(i).toObject();
        const auto value = numberOf(t.value(QLatin1String("value")));
        if (!value)
            continue;
        const QString mode = str(t, "colorMode");
        const ThresholdLevel level = mode == QLatin1String("critical")  ? ThresholdLevel::Critical
                                     : mode == QLatin1String("warning") ? ThresholdLevel::Warning
                                                                        : ThresholdLevel::Ok;
        if (mode == QLatin1String("custom"))
            approximated(indexPath(path, i),
                         QStringLiteral("custom threshold colours are shown as green"));
        (str(t, "op") == QLatin1String("lt") ? below : above).steps.push_back({*value, level});
    }
    auto sorted = [](Thresholds t) {
        std::stable_sort(
            t.steps.begin(), t.steps.end(),
            [](const ThresholdStep &a, const ThresholdStep &b) { return a.value < b.value; });
        return t;
    };
    if (!above.steps.empty() && !below.steps.empty())
        approximated(path, QStringLiteral("thresholds in both directions (gt and lt); only the "
                                          "gt thresholds are kept"));
    return sorted(above.steps.empty() ? below : above);
}

QString Importer::intervalOf(const QString &interval, const QString &path)
{
    QString value = interval.trimmed();
    if (value.startsWith(QLatin1Char('>')))
        value = value.mid(1).trimmed();
    if (value.isEmpty() || value.contains(QLatin1Char('$')) || units::parseDurationMs(value) > 0)
        return value;
    approximated(path, QStringLiteral("interval \"%1\" is not a duration; the automatic step "
                                      "is used")
                           .arg(interval));
    return {};
}

QString Importer::uniquePanelId(const QJsonValue &id, const QString &prefix)
{
    QString candidate;
    if (id.isDouble())
        candidate = prefix + QString::number(qint64(id.toDouble()));
    else if (id.isString() && !id.toString().isEmpty())
        candidate = prefix + id.toString();
    if (candidate.isEmpty() || m_panelIds.contains(candidate)) {
        int n = int(m_panelIds.size()) + 1;
        do {
            candidate = prefix + QStringLiteral("panel-%1").arg(n++);
        } while (m_panelIds.contains(candidate));
    }
    m_panelIds.insert(candidate);
    return candidate;
}

void Importer::readVariables(const QJsonObject &root, const QString &base)
{
    const QJsonArray list = arr(obj(root, "templating"), "list");
    const QString listPath = joinPath(base, QStringLiteral("templating.list"));
    // Datasource variables first: panels and query variables refer to them by name.
    for (const QJsonValue &value : list) {
        const QJsonObject v = value.toObject();
        if (str(v, "type") == QLatin1String("datasource"))
            m_datasourceVariables.insert(str(v, "name"), str(v, "query"));
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject()) {
            skipped(indexPath(listPath, i), QStringLiteral("not a variable object"));
            continue;
        }
        readVariable(list.at(i).toObject(), indexPath(listPath, i));
    }
}

void Importer::readVariable(const QJsonObject &v, const QString &path)
{
    const QString type = str(v, "type");
    const QString name = str(v, "name");
    if (type == QLatin1String("datasource")) {
        const QString plugin = str(v, "query");
        if (!isPrometheusType(plugin))
            skipped(path, QStringLiteral("datasource variable \"%1\" chooses %2 data sources; "
                                         "Vitals reads Prometheus only")
                              .arg(name, plugin.isEmpty() ? QStringLiteral("unknown") : plugin));
        return;
    }
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!namePattern.match(name).hasMatch() || name.startsWith(QLatin1String("__"))) {
        skipped(path, QStringLiteral("variable name \"%1\" is not usable").arg(name));
        return;
    }
    if (m_dashboard.variable(name)) {
        skipped(path, QStringLiteral("variable \"%1\" is defined twice").arg(name));
        return;
    }
    Variable out;
    out.name = name;
    out.label = str(v, "label");
    out.regex = str(v, "regex");
    out.multi = v.value(QLatin1String("multi")).toBool();
    out.includeAll = v.value(QLatin1String("includeAll")).toBool();
    out.allValue = v.value(QLatin1String("allValue")).toString();

    const QJsonValue queryValue = v.value(QLatin1String("query"));
    QString query;
    if (queryValue.isString()) {
        query = queryValue.toString();
    } else if (queryValue.isObject()) {
        const QJsonObject q = queryValue.toObject();
        query = str(q, "query");
        if (query.isEmpty() && !str(q, "label").isEmpty()) {
            query =
                str(q, "metric").isEmpty()
                    ? QStringLiteral("label_values(%1)").arg(str(q, "label"))
                    : QStringLiteral("label_values(%1, %2)").arg(str(q, "metric"), str(q, "label"));
        }
    }
    if (query.isEmpty())
        query = str(v, "definition");
    query = substituteInputs(query);

    if (type == QLatin1String("query")) {
        const Source source = resolve(v.value(QLatin1String("datasource")));
        if (source.kind == SourceKind::Other) {
            skipped(path, QStringLiteral("variable \"%1\" queries a %2 data source; Vitals reads "
                                         "Prometheus only")
                              .arg(name, source.type));
            return;
        }
        out.kind = VariableKind::Query;
        out.query = query;
        const VariableQueryParse parsed = parseVariableQuery(query);
        if (!parsed.ok())
            approximated(
                joinPath(path, QStringLiteral("query")),
                QStringLiteral("variable \"%1\": %2; kept as written").arg(name, parsed.error));
    } else if (type == QLatin1String("custom")) {
        out.kind = VariableKind::Custom;
        out.query = query;
        out.options = customOptions(query);
    } else if (type == QLatin1String("interval")) {
        out.kind = VariableKind::Interval;
        QStringList kept;
        for (const QString &item : customOptions(query)) {
            if (units::parseDurationMs(item) > 0)
                kept.append(item);
            else
                approximated(
                    joinPath(path, QStringLiteral("query")),
                    QStringLiteral("interval option \"%1\" is not a duration; left out").arg(item));
        }
        out.query = kept.join(QLatin1Char(','));
        out.options = kept;
        if (v.value(QLatin1String("auto")).toBool()) {
            out.options.prepend(QStringLiteral("auto"));
            approximated(joinPath(path, QStringLiteral("auto")),
                         QStringLiteral("the auto option of interval variable \"%1\" is offered "
                                        "as \"auto\" (the query step)")
                             .arg(name));
        }
    } else if (type == QLatin1String("constant")) {
        out.kind = VariableKind::Constant;
        out.query = query;
    } else if (type == QLatin1String("textbox")) {
        out.kind = VariableKind::Constant;
        const QJsonValue current = obj(v, "current").value(QLatin1String("value"));
        out.query =
            current.isString() && !current.toString().isEmpty() ? current.toString() : query;
        approximated(path, QStringLiteral("text box variable \"%1\" becomes a constant (\"%2\")")
                               .arg(name, out.query));
        m_dashboard.variables.push_back(out);
        return;
    } else {
        skipped(path, QStringLiteral("variable \"%1\" of type \"%2\" is not supported")
                          .arg(name, type.isEmpty() ? QStringLiteral("(none)") : type));
        return;
    }
    if (out.kind == VariableKind::Constant) {
        m_dashboard.variables.push_back(out);
        return;
    }

    const QJsonValue current = obj(v, "current").value(QLatin1String("value"));
    QStringList selected;
    if (current.isArray()) {
        for (const QJsonValue &item : current.toArray()) {
            if (item.isString())
                selected.append(substituteInputs(item.toString()));
        }
    } else if (current.isString() && !current.toString().isEmpty()) {
        selected.append(substituteInputs(current.toString()));
    }
    if (out.kind == VariableKind::Interval) {
        selected.erase(std::remove_if(selected.begin(), selected.end(),
                                      [](const QString &s) {
                                          return s != QLatin1String("auto")
                                                 && s != QLatin1String(kAllValue)
                                                 && units::parseDurationMs(s) <= 0;
                                      }),
                       selected.end());
    }
    if (selected.size() > 1 && !out.multi) {
        approximated(joinPath(path, QStringLiteral("current")),
                     QStringLiteral("several values selected on a single-value variable; the "
                                    "first is kept"));
        selected = selected.mid(0, 1);
    }
    out.current = selected.value(0);
    if (selected.size() > 1)
        out.currentValues = selected;
    m_dashboard.variables.push_back(out);
}

void Importer::addRowHeader(const QJsonObject &row, int y)
{
    const QString title = str(row, "title");
    if (title.trimmed().isEmpty())
        return;
    Panel header;
    header.id = uniquePanelId(row.value(QLatin1String("id")), QStringLiteral("row-"));
    header.title = title;
    header.type = PanelType::Text;
    header.gridPos = {0, y, kGridColumns, 1};
    m_dashboard.panels.push_back(header);
}

struct Placed {
    qsizetype index;
    QJsonObject panel;
    int x;
    int y;
};

std::vector<Placed> inLayoutOrder(const QJsonArray &panels)
{
    std::vector<Placed> out;
    for (qsizetype i = 0; i < panels.size(); ++i) {
        const QJsonObject p = panels.at(i).toObject();
        const QJsonObject grid = obj(p, "gridPos");
        out.push_back({i, p, int(grid.value(QLatin1String("x")).toDouble(0)),
                       int(grid.value(QLatin1String("y")).toDouble(0))});
    }
    std::stable_sort(out.begin(), out.end(), [](const Placed &a, const Placed &b) {
        return a.y != b.y ? a.y < b.y : a.x < b.x;
    });
    return out;
}

void Importer::readPanels(const QJsonArray &panels, const QString &path)
{
    // Collapsed rows keep their panels inside the row, with the positions they have when the
    // row is open; opening every row pushes everything below it down by the row's height.
    int shift = 0;
    for (const Placed &placed : inLayoutOrder(panels)) {
        const QString panelPath = indexPath(path, placed.index);
        if (!panels.at(placed.index).isObject()) {
            skipped(panelPath, QStringLiteral("not a panel object"));
            continue;
        }
        const QJsonObject &p = placed.panel;
        const int y = std::max(0, placed.y) + shift;
        if (str(p, "type") != QLatin1String("row")) {
            readPanel(p, panelPath, y);
            continue;
        }
        addRowHeader(p, y);
        if (p.contains(QLatin1String("repeat")) && !str(p, "repeat").isEmpty())
            approximated(panelPath, QStringLiteral("row repeated by variable \"%1\" is shown "
                                                   "once")
                                        .arg(str(p, "repeat")));
        const QJsonArray nested = arr(p, "panels");
        if (nested.isEmpty())
            continue;
        const std::vector<Placed> inner = inLayoutOrder(nested);
        int top = inner.front().y;
        int bottom = top;
        for (const Placed &n : inner) {
            const int h = int(obj(n.panel, "gridPos").value(QLatin1String("h")).toDouble(8));
            bottom = std::max(bottom, n.y + std::max(1, h));
        }
        const QString nestedPath = joinPath(panelPath, QStringLiteral("panels"));
        for (const Placed &n : inner) {
            const QString innerPath = indexPath(nestedPath, n.index);
            if (str(n.panel, "type") == QLatin1String("row")) {
                skipped(innerPath, QStringLiteral("a row inside a row"));
                continue;
            }
            readPanel(n.panel, innerPath, y + 1 + (n.y - top));
        }
        shift += bottom - top;
    }
}

void Importer::readPanel(const QJsonObject &p, const QString &path, int y)
{
    const QString type = str(p, "type");
    const QString title = str(p, "title");
    const QString what = QStringLiteral("%1 \"%2\"").arg(type, title);

    if (p.contains(QLatin1String("libraryPanel")) && !p.contains(QLatin1String("targets"))) {
        skipped(path,
                QStringLiteral("library panel %1: its definition is not in the file").arg(what));
        return;
    }
    Panel out;
    if (type == QLatin1String("timeseries") || type == QLatin1String("graph"))
        out.type = PanelType::TimeSeries;
    else if (type == QLatin1String("stat") || type == QLatin1String("singlestat")
             || type == QLatin1String("gauge"))
        out.type = PanelType::Stat;
    else if (type == QLatin1String("bargauge") || type == QLatin1String("barchart"))
        out.type = PanelType::Bar;
    else if (type == QLatin1String("piechart"))
        out.type = PanelType::Distribution;
    else if (type == QLatin1String("table") || type == QLatin1String("table-old"))
        out.type = PanelType::Table;
    else if (type == QLatin1String("text"))
        out.type = PanelType::Text;
    else {
        skipped(path, QStringLiteral("panel %1: panel type \"%2\" is not supported")
                          .arg(what, type.isEmpty() ? QStringLiteral("(none)") : type));
        return;
    }
    out.title = title;
    out.description = str(p, "description");

    const QJsonObject grid = obj(p, "gridPos");
    auto gridInt = [&](const char *key, int fallback) {
        const QJsonValue v = grid.value(QLatin1String(key));
        return v.isDouble() && std::isfinite(v.toDouble())
                   ? int(std::clamp(v.toDouble(), -1e6, 1e6))
                   : fallback;
    };
    GridPos g{gridInt("x", 0), y, gridInt("w", 12), gridInt("h", 8)};
    const GridPos asWritten = g;
    g.x = std::clamp(g.x, 0, kGridColumns - 1);
    g.w = std::clamp(g.w, 1, kGridColumns - g.x);
    g.h = std::clamp(g.h, 1, 1000);
    if (g.x != asWritten.x || g.w != asWritten.w || g.h != asWritten.h)
        approximated(joinPath(path, QStringLiteral("gridPos")),
                     QStringLiteral("position x=%1 w=%2 h=%3 does not fit the 24-column grid; "
                                    "moved to x=%4 w=%5 h=%6")
                         .arg(asWritten.x)
                         .arg(asWritten.w)
                         .arg(asWritten.h)
                         .arg(g.x)
                         .arg(g.w)
                         .arg(g.h));
    out.gridPos = g;

    if (!arr(p, "transformations").isEmpty())
        skipped(joinPath(path, QStringLiteral("transformations")),
                QStringLiteral("transformations of panel %1 are not applied").arg(what));
    if (p.contains(QLatin1String("alert")))
        skipped(joinPath(path, QStringLiteral("alert")),
                QStringLiteral("the alert rule of panel %1 is not imported; alerts come from "
                               "Prometheus rules")
                    .arg(what));
    if (!str(p, "repeat").isEmpty())
        approximated(joinPath(path, QStringLiteral("repeat")),
                     QStringLiteral("panel repeated by variable \"%1\" is shown once")
                         .arg(str(p, "repeat")));
    if (!str(p, "timeFrom").isEmpty() || !str(p, "timeShift").isEmpty())
        approximated(path, QStringLiteral("the panel's own time range (timeFrom/timeShift) is "
                                          "ignored; it follows the dashboard's range"));

    // Field config: units, bounds, thresholds (Grafana 7+ panels).
    const QJsonObject fieldConfig = obj(p, "fieldConfig");
    const QJsonObject defaults = obj(fieldConfig, "defaults");
    const QString fcPath = joinPath(path, QStringLiteral("fieldConfig.defaults"));
    if (defaults.contains(QLatin1String("unit")))
        out.unit = unitOf(str(defaults, "unit"), joinPath(fcPath, QStringLiteral("unit")));
    out.min = numberOf(defaults.value(QLatin1String("min")));
    out.max = numberOf(defaults.value(QLatin1String("max")));
    const QJsonObject thresholds = obj(defaults, "thresholds");
    if (!thresholds.isEmpty()) {
        const QString tPath = joinPath(fcPath, QStringLiteral("thresholds"));
        if (str(thresholds, "mode") == QLatin1String("percentage")) {
            approximated(tPath, QStringLiteral("percentage thresholds are not supported; left "
                                               "out"));
        } else {
            std::vector<GrafanaStep> steps;
            for (const QJsonValue &s : arr(thresholds, "steps")) {
                const QJsonObject step = s.toObject();
                steps.push_back({numberOf(step.value(QLatin1String("value"))), str(step, "color")});
            }
            out.thresholds = thresholdsOf(steps, joinPath(tPath, QStringLiteral("steps")));
        }
    }
    const QString stacking = str(obj(obj(defaults, "custom"), "stacking"), "mode");
    if (stacking == QLatin1String("normal")) {
        out.stacked = true;
    } else if (stacking == QLatin1String("percent")) {
        out.stacked = true;
        approximated(joinPath(fcPath, QStringLiteral("custom.stacking.mode")),
                     QStringLiteral("100% stacking is shown as normal stacking"));
    }
    if (!arr(defaults, "mappings").isEmpty())
        skipped(joinPath(fcPath, QStringLiteral("mappings")),
                QStringLiteral("value mappings are not supported"));
    if (!arr(fieldConfig, "overrides").isEmpty())
        skipped(joinPath(path, QStringLiteral("fieldConfig.overrides")),
                QStringLiteral("per-series overrides are not supported"));

    // The graph panel (Grafana <= 7, still loaded by 9-12) keeps units on its y axes.
    if (type == QLatin1String("graph")) {
        const QJsonObject left = p.value(QLatin1String("yaxes")).toArray().at(0).toObject();
        if (out.unit.isEmpty() && left.contains(QLatin1String("format")))
            out.unit =
                unitOf(str(left, "format"), joinPath(path, QStringLiteral("yaxes[0].format")));
        if (!out.min)
            out.min = numberOf(left.value(QLatin1String("min")));
        if (!out.max)
            out.max = numberOf(left.value(QLatin1String("max")));
        if (p.value(QLatin1String("stack")).toBool())
            out.stacked = true;
        if (out.thresholds.isEmpty())
            out.thresholds =
                graphThresholds(arr(p, "thresholds"), joinPath(path, QStringLiteral("thresholds")));
        if (!arr(p, "seriesOverrides").isEmpty())
            skipped(joinPath(path, QStringLiteral("seriesOverrides")),
                    QStringLiteral("per-series overrides are not supported"));
    }
    if (type == QLatin1String("singlestat")) {
        if (out.unit.isEmpty() && p.contains(QLatin1String("format")))
            out.unit = unitOf(str(p, "format"), joinPath(path, QStringLiteral("format")));
        const QStringList values = str(p, "thresholds").split(QLatin1Char(','), Qt::SkipEmptyParts);
        const QJsonArray colors = arr(p, "colors");
        if (!values.isEmpty() && out.thresholds.isEmpty()) {
            std::vector<GrafanaStep> steps{{std::nullopt, colors.at(0).toString()}};
            for (qsizetype i = 0; i < values.size(); ++i) {
                bool ok = false;
                const double d = values.at(i).trimmed().toDouble(&ok);
                if (ok && std::isfinite(d))
                    steps.push_back({d, colors.at(i + 1).toString(i == 0 ? QStringLiteral("orange")
                                                                         : QStringLiteral("red"))});
            }
            if (colors.isEmpty())
                steps.front().color = QStringLiteral("green");
            out.thresholds = thresholdsOf(steps, joinPath(path, QStringLiteral("thresholds")));
        }
    }

    if (out.type == PanelType::Text) {
        const QJsonObject options = obj(p, "options");
        out.content = options.contains(QLatin1String("content")) ? str(options, "content")
                                                                 : str(p, "content");
        const QString mode =
            options.contains(QLatin1String("mode")) ? str(options, "mode") : str(p, "mode");
        if (mode == QLatin1String("html"))
            approximated(path, QStringLiteral("HTML text is shown as plain text"));
        out.id = uniquePanelId(p.value(QLatin1String("id")), {});
        m_dashboard.panels.push_back(out);
        return;
    }

    // Queries.
    const Source panelSource = resolve(p.value(QLatin1String("datasource")));
    if (panelSource.kind == SourceKind::DashboardReuse) {
        skipped(path, QStringLiteral("panel %1 reuses another panel's query results (-- "
                                     "Dashboard --), which Vitals does not support")
                          .arg(what));
        return;
    }
    if (panelSource.kind == SourceKind::Other) {
        skipped(path, QStringLiteral("panel %1 reads a %2 data source; Vitals reads Prometheus "
                                     "only")
                          .arg(what, panelSource.type));
        return;
    }
    const QString panelInterval =
        intervalOf(str(p, "interval"), joinPath(path, QStringLiteral("interval")));
    const QJsonArray targets = arr(p, "targets");
    const QString targetsPath = joinPath(path, QStringLiteral("targets"));
    QSet<QString> refIds;
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const QString tPath = indexPath(targetsPath, i);
        const QJsonObject t = targets.at(i).toObject();
        if (t.value(QLatin1String("hide")).toBool())
            continue;
        const Source source = t.contains(QLatin1String("datasource"))
                                  ? resolve(t.value(QLatin1String("datasource")))
                                  : panelSource;
        if (source.kind == SourceKind::Other) {
            skipped(tPath, QStringLiteral("query %1 reads a %2 data source; Vitals reads "
                                          "Prometheus only")
                               .arg(str(t, "refId"), source.type));
            continue;
        }
        if (source.kind == SourceKind::DashboardReuse) {
            skipped(tPath,
                    QStringLiteral("query %1 reuses another panel's results").arg(str(t, "refId")));
            continue;
        }
        const QString expr = str(t, "expr").trimmed();
        if (expr.isEmpty()) {
            skipped(tPath,
                    QStringLiteral("query %1 has no PromQL expression").arg(str(t, "refId")));
            continue;
        }
        Query q;
        q.expr = expr;
        q.legendFormat = str(t, "legendFormat");
        if (q.legendFormat == QLatin1String("__auto"))
            q.legendFormat.clear();
        q.refId = str(t, "refId");
        if (q.refId.isEmpty() || refIds.contains(q.refId)) {
            for (char c = 'A'; c <= 'Z'; ++c) {
                if (!refIds.contains(QString(QLatin1Char(c)))) {
                    q.refId = QString(QLatin1Char(c));
                    break;
                }
            }
            if (refIds.contains(q.refId))
                q.refId.clear();
        }
        if (!q.refId.isEmpty())
            refIds.insert(q.refId);
        q.instant = t.value(QLatin1String("instant")).toBool()
                    && !t.value(QLatin1String("range")).toBool(false);
        q.interval =
            t.contains(QLatin1String("interval"))
                ? intervalOf(str(t, "interval"), joinPath(tPath, QStringLiteral("interval")))
                : QString();
        if (q.interval.isEmpty())
            q.interval = panelInterval;
        out.queries.push_back(q);
    }
    if (out.queries.empty()) {
        skipped(path, QStringLiteral("panel %1 has no Prometheus query left to run").arg(what));
        return;
    }
    out.id = uniquePanelId(p.value(QLatin1String("id")), {});
    m_dashboard.panels.push_back(out);
}

GrafanaImport Importer::run(const QByteArray &json)
{
    GrafanaImport result;
    const std::optional<QJsonObject> parsed = detail::parseJsonObject(json, &result.error);
    if (!parsed)
        return result;
    QJsonObject root = *parsed;
    QString base;
    if (root.value(QLatin1String("dashboard")).isObject()
        && !root.contains(QLatin1String("panels"))) {
        root = obj(root, "dashboard");
        base = QStringLiteral("dashboard");
    }
    if (root.contains(QLatin1String("vitalsDashboard"))) {
        result.error = QStringLiteral("this is a Vitals dashboard file, not a Grafana one; open "
                                      "it directly");
        return result;
    }
    const QJsonValue panels = root.value(QLatin1String("panels"));
    if (!panels.isArray()) {
        if (root.value(QLatin1String("rows")).isArray())
            result.error = QStringLiteral("this Grafana dashboard uses the \"rows\" layout of "
                                          "Grafana 4 and older, which is not supported; open and "
                                          "save it in a newer Grafana first");
        else if (panels.isUndefined())
            result.error = QStringLiteral("not a Grafana dashboard: no \"panels\" list");
        else
            result.error = QStringLiteral("panels: expected an array, found %1")
                               .arg(detail::jsonTypeName(panels));
        return result;
    }

    readInputs(root);
    m_dashboard.title = str(root, "title").trimmed();
    if (m_dashboard.title.isEmpty())
        m_dashboard.title = QStringLiteral("Imported dashboard");
    m_dashboard.uid = str(root, "uid");
    m_dashboard.description = str(root, "description");

    const QJsonObject time = obj(root, "time");
    const QString from = str(time, "from");
    const QString to = str(time, "to");
    static const QRegularExpression relative(QStringLiteral(R"(^now-(\w+)$)"));
    const QRegularExpressionMatch m = relative.match(from);
    if (m.hasMatch() && units::parseDurationMs(m.captured(1)) > 0
        && (to.isEmpty() || to == QLatin1String("now"))) {
        m_dashboard.defaultRange = m.captured(1);
    } else if (!from.isEmpty()) {
        approximated(joinPath(base, QStringLiteral("time")),
                     QStringLiteral("time range %1 to %2 is not a \"last ...\" range; the default "
                                    "range (15m) is used")
                         .arg(from, to));
    }
    const QJsonValue refresh = root.value(QLatin1String("refresh"));
    if (refresh.isString() && !refresh.toString().isEmpty()) {
        if (units::parseDurationMs(refresh.toString()) > 0)
            m_dashboard.refresh = refresh.toString();
        else
            approximated(joinPath(base, QStringLiteral("refresh")),
                         QStringLiteral("refresh \"%1\" is not a duration; auto-refresh is off")
                             .arg(refresh.toString()));
    }
    const QJsonArray annotations = arr(obj(root, "annotations"), "list");
    for (qsizetype i = 0; i < annotations.size(); ++i) {
        const QJsonObject a = annotations.at(i).toObject();
        if (a.value(QLatin1String("builtIn")).toInt() == 1)
            continue;
        skipped(indexPath(joinPath(base, QStringLiteral("annotations.list")), i),
                QStringLiteral("annotation \"%1\" is not supported").arg(str(a, "name")));
    }

    readVariables(root, base);
    readPanels(panels.toArray(), joinPath(base, QStringLiteral("panels")));

    const QString problem = validateDashboard(m_dashboard);
    if (!problem.isEmpty()) {
        result.error = QStringLiteral("the imported dashboard is not valid: ") + problem;
        return result;
    }
    qCDebug(lcDashboard).noquote()
        << "imported Grafana dashboard" << m_dashboard.title << "with" << m_dashboard.panels.size()
        << "panels and" << m_report.issues.size() << "report entries";
    result.dashboard = std::move(m_dashboard);
    result.report = std::move(m_report);
    return result;
}

} // namespace

GrafanaImport importGrafanaDashboard(const QByteArray &json)
{
    Importer importer;
    return importer.run(json);
}

} // namespace vitals::dashboard

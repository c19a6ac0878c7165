#include "core/dashboard/grafanaimporter.h"

#include "core/dashboard/grafanalayout.h"

#include "core/dashboard/jsonreader.h"
#include "core/units.h"

#include <algorithm>

// Panels, rows and their queries.
namespace vitals::dashboard::grafana {

using detail::indexPath;
using detail::joinPath;

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

void Importer::addRowHeader(const QJsonObject &row, int y, const QString &path)
{
    const QString title = str(row, "title");
    const QString repeat = str(row, "repeat");
    // A repeated row keeps its (empty) header: the header marks the rows that repeat.
    if (!repeat.isEmpty() && !m_dashboard.variable(repeat)) {
        approximated(path, QStringLiteral("row repeated by variable \"%1\", which the dashboard "
                                          "does not define; shown once")
                               .arg(repeat));
        if (title.trimmed().isEmpty())
            return;
    } else if (title.trimmed().isEmpty() && repeat.isEmpty()) {
        return;
    }
    Panel header;
    header.id = uniquePanelId(row.value(QLatin1String("id")), QStringLiteral("row-"));
    header.title = title;
    header.type = PanelType::Text;
    header.gridPos = {0, y, kGridColumns, 1};
    header.rowHeader = true;
    if (m_dashboard.variable(repeat))
        header.repeat = repeat;
    m_dashboard.panels.push_back(header);
}

namespace {

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

} // namespace

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
        addRowHeader(p, y, panelPath);
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

void Importer::readRowsLayout(const QJsonArray &rows, const QString &path)
{
    for (const MigratedPanel &m : migrateRowsLayout(rows, path)) {
        const int y = obj(m.panel, "gridPos").value(QLatin1String("y")).toInt();
        if (!m.isRow) {
            readPanel(m.panel, m.path, y);
            continue;
        }
        addRowHeader(m.panel, y, m.path);
    }
}

void Importer::readRepeat(const QJsonObject &p, const QString &path, Panel &out)
{
    const QString variable = str(p, "repeat");
    if (variable.isEmpty())
        return;
    const Variable *v = m_dashboard.variable(variable);
    if (!v) {
        approximated(joinPath(path, QStringLiteral("repeat")),
                     QStringLiteral("panel repeated by variable \"%1\", which the dashboard does "
                                    "not define; shown once")
                         .arg(variable));
        return;
    }
    out.repeat = variable;
    out.repeatVertical = str(p, "repeatDirection") == QLatin1String("v");
    out.maxPerRow = std::max(0, p.value(QLatin1String("maxPerRow")).toInt());
}

void Importer::readTimeOverride(const QJsonObject &p, const QString &path, Panel &out)
{
    for (const char *key : {"timeFrom", "timeShift"}) {
        QString value = str(p, key).trimmed();
        if (value.startsWith(QLatin1String("now-")))
            value = value.mid(4);
        if (value.isEmpty())
            continue;
        if (units::parseDurationMs(value) <= 0) {
            approximated(joinPath(path, QLatin1String(key)),
                         QStringLiteral("\"%1\" is not a duration; left out").arg(value));
            continue;
        }
        (QLatin1String(key) == QLatin1String("timeFrom") ? out.timeFrom : out.timeShift) = value;
    }
    out.hideTimeOverride = p.value(QLatin1String("hideTimeOverride")).toBool();
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
    else if (type == QLatin1String("heatmap"))
        out.type = PanelType::Heatmap;
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

    readTransformations(p, path, what, out);
    if (p.contains(QLatin1String("alert")))
        skipped(joinPath(path, QStringLiteral("alert")),
                QStringLiteral("the alert rule of panel %1 is not imported; alerts come from "
                               "Prometheus rules")
                    .arg(what));
    readRepeat(p, path, out);
    readTimeOverride(p, path, out);

    readFieldConfig(p, path, what, out);
    if (out.type == PanelType::Heatmap)
        readHeatmap(p, path, what, out);

    if (out.type == PanelType::Text) {
        const QJsonObject options = obj(p, "options");
        out.content = options.contains(QLatin1String("content")) ? str(options, "content")
                                                                 : str(p, "content");
        const QString mode =
            options.contains(QLatin1String("mode")) ? str(options, "mode") : str(p, "mode");
        out.contentHtml = mode == QLatin1String("html");
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
        out.tableFormat = out.tableFormat || str(t, "format") == QLatin1String("table");
        out.queries.push_back(q);
    }
    if (out.queries.empty()) {
        skipped(path, QStringLiteral("panel %1 has no Prometheus query left to run").arg(what));
        return;
    }
    out.id = uniquePanelId(p.value(QLatin1String("id")), {});
    m_dashboard.panels.push_back(out);
}

} // namespace vitals::dashboard::grafana

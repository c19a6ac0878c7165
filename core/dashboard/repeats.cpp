#include "core/dashboard/repeats.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>

namespace vitals::dashboard {

namespace {

constexpr int kDefaultMaxPerRow = 4; // Grafana's default for side by side repeats

struct Expansion {
    std::vector<Panel> copies;
    int addedRows = 0; // grid rows the copies take beyond the panel's own height
};

Expansion expand(const Panel &panel, const QStringList &values, QSet<QString> &ids)
{
    Expansion out;
    const int count = int(values.size());
    const GridPos &g = panel.gridPos;
    const int perRow = panel.maxPerRow > 0 ? panel.maxPerRow : kDefaultMaxPerRow;
    const int width = std::max(kGridColumns / std::max(1, count), kGridColumns / perRow);
    const int columns = std::max(1, kGridColumns / width);
    for (int i = 0; i < count; ++i) {
        Panel copy = panel;
        copy.repeat.clear();
        if (i > 0) {
            QString id = panel.id + QLatin1Char('-') + values.at(i);
            for (int n = 2; ids.contains(id); ++n)
                id = panel.id + QLatin1Char('-') + values.at(i) + QLatin1Char('-')
                     + QString::number(n);
            copy.id = id;
            ids.insert(id);
        }
        for (Query &q : copy.queries) {
            q.expr = substituteVariable(q.expr, panel.repeat, values.at(i));
            q.legendFormat = substituteVariable(q.legendFormat, panel.repeat, values.at(i));
        }
        copy.title = substituteVariable(copy.title, panel.repeat, values.at(i));
        if (panel.repeatVertical) {
            copy.gridPos = {g.x, g.y + i * g.h, g.w, g.h};
        } else {
            copy.gridPos = {(i % columns) * width, g.y + (i / columns) * g.h, width, g.h};
        }
        out.copies.push_back(std::move(copy));
    }
    if (count > 1)
        out.addedRows = panel.repeatVertical ? (count - 1) * g.h : ((count - 1) / columns) * g.h;
    return out;
}

QString uniqueId(const QString &base, const QString &value, QSet<QString> &ids)
{
    QString id = base + QLatin1Char('-') + value;
    for (int n = 2; ids.contains(id); ++n)
        id = base + QLatin1Char('-') + value + QLatin1Char('-') + QString::number(n);
    ids.insert(id);
    return id;
}

// Repeated rows: the header and the panels from it down to the next row header, once per
// value, each copy below the previous one; the panels further down move down by the copies.
std::vector<Panel> expandRows(const Dashboard &dashboard, QSet<QString> &ids)
{
    const std::vector<Panel> &panels = dashboard.panels;
    std::vector<Panel> out;
    std::vector<std::pair<int, int>> pushes; // (bottom of the original row, rows added)
    std::vector<bool> inRepeatedRow(panels.size(), false);
    std::vector<std::vector<Panel>> expanded(panels.size());
    for (std::size_t i = 0; i < panels.size(); ++i) {
        const Panel &header = panels[i];
        const Variable *v = header.rowHeader && !header.repeat.isEmpty()
                                ? dashboard.variable(header.repeat)
                                : nullptr;
        const QStringList values = v ? repeatValues(*v) : QStringList();
        if (values.isEmpty())
            continue;
        const int top = header.gridPos.y;
        int next = std::numeric_limits<int>::max();
        for (const Panel &p : panels)
            if (p.rowHeader && p.gridPos.y > top)
                next = std::min(next, p.gridPos.y);
        std::vector<std::size_t> members;
        int bottom = top + header.gridPos.h;
        for (std::size_t j = 0; j < panels.size(); ++j) {
            const int y = panels[j].gridPos.y;
            if (j == i || (y > top && y < next && !panels[j].rowHeader)) {
                members.push_back(j);
                bottom = std::max(bottom, y + panels[j].gridPos.h);
            }
        }
        const int height = bottom - top;
        for (qsizetype k = 0; k < values.size(); ++k) {
            for (std::size_t j : members) {
                Panel copy = panels[j];
                if (j == i)
                    copy.repeat.clear();
                if (k > 0)
                    copy.id = uniqueId(panels[j].id, values.at(k), ids);
                for (Query &q : copy.queries) {
                    q.expr = substituteVariable(q.expr, header.repeat, values.at(k));
                    q.legendFormat =
                        substituteVariable(q.legendFormat, header.repeat, values.at(k));
                }
                copy.title = substituteVariable(copy.title, header.repeat, values.at(k));
                copy.gridPos.y += int(k) * height;
                expanded[i].push_back(std::move(copy));
                inRepeatedRow[j] = true;
            }
        }
        if (values.size() > 1)
            pushes.emplace_back(bottom, int(values.size() - 1) * height);
    }
    for (std::size_t i = 0; i < panels.size(); ++i) {
        int shift = 0;
        for (const auto &[bottom, rows] : pushes)
            if (panels[i].gridPos.y >= bottom)
                shift += rows;
        if (!expanded[i].empty()) {
            for (Panel &copy : expanded[i]) {
                copy.gridPos.y += shift;
                out.push_back(std::move(copy));
            }
        } else if (!inRepeatedRow[i]) {
            Panel copy = panels[i];
            copy.gridPos.y += shift;
            out.push_back(std::move(copy));
        }
    }
    return out;
}

} // namespace

QStringList repeatValues(const Variable &variable)
{
    const QStringList selection = variable.selection();
    if (selection.contains(QLatin1String(kAllValue)))
        return variable.options;
    return selection;
}

QString substituteVariable(const QString &expr, const QString &name, const QString &value)
{
    const QString n = QRegularExpression::escape(name);
    const QRegularExpression re(
        QStringLiteral(R"(\$\{%1(?::[^}]*)?\}|\[\[%1(?::[^\]]*)?\]\]|\$%1\b)").arg(n));
    QString out = expr;
    out.replace(re, value);
    return out;
}

static Dashboard expandPanels(const Dashboard &dashboard, QSet<QString> &ids);

Dashboard expandRepeats(const Dashboard &dashboard)
{
    const bool any = std::any_of(dashboard.panels.begin(), dashboard.panels.end(),
                                 [](const Panel &p) { return !p.repeat.isEmpty(); });
    if (!any)
        return dashboard;
    QSet<QString> ids;
    for (const Panel &p : dashboard.panels)
        ids.insert(p.id);
    Dashboard rowsExpanded = dashboard;
    rowsExpanded.panels = expandRows(dashboard, ids);
    return expandPanels(rowsExpanded, ids);
}

static Dashboard expandPanels(const Dashboard &dashboard, QSet<QString> &ids)
{
    Dashboard out = dashboard;
    out.panels.clear();
    // Rows added by each repeated panel, with the row below which they push panels down.
    std::vector<std::pair<int, int>> pushes; // (bottom of the original panel, rows added)
    std::vector<std::vector<Panel>> expanded;
    for (const Panel &p : dashboard.panels) {
        const Variable *v =
            p.repeat.isEmpty() || p.rowHeader ? nullptr : dashboard.variable(p.repeat);
        const QStringList values = v ? repeatValues(*v) : QStringList();
        if (values.isEmpty()) {
            Panel copy = p;
            expanded.push_back({copy});
            continue;
        }
        Expansion e = expand(p, values, ids);
        if (e.addedRows > 0)
            pushes.emplace_back(p.gridPos.y + p.gridPos.h, e.addedRows);
        expanded.push_back(std::move(e.copies));
    }
    for (std::size_t i = 0; i < expanded.size(); ++i) {
        const int originalY = dashboard.panels[i].gridPos.y;
        int shift = 0;
        for (const auto &[bottom, rows] : pushes) {
            if (originalY >= bottom)
                shift += rows;
        }
        for (Panel &copy : expanded[i]) {
            copy.gridPos.y += shift;
            out.panels.push_back(std::move(copy));
        }
    }
    return out;
}

} // namespace vitals::dashboard

#include "core/dashboard/repeats.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

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

Dashboard expandRepeats(const Dashboard &dashboard)
{
    const bool any = std::any_of(dashboard.panels.begin(), dashboard.panels.end(),
                                 [](const Panel &p) { return !p.repeat.isEmpty(); });
    if (!any)
        return dashboard;
    Dashboard out = dashboard;
    out.panels.clear();
    QSet<QString> ids;
    for (const Panel &p : dashboard.panels)
        ids.insert(p.id);
    // Rows added by each repeated panel, with the row below which they push panels down.
    std::vector<std::pair<int, int>> pushes; // (bottom of the original panel, rows added)
    std::vector<std::vector<Panel>> expanded;
    for (const Panel &p : dashboard.panels) {
        const Variable *v = p.repeat.isEmpty() ? nullptr : dashboard.variable(p.repeat);
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

#include "core/alertgrouping.h"

#include <QStringList>

#include <algorithm>

namespace vitals::alertgrouping {

bool AlertNameGroup::isFiring() const
{
    return std::any_of(alerts.begin(), alerts.end(),
                       [](const prom::Alert &a) { return a.state == QLatin1String("firing"); });
}

std::vector<AlertNameGroup> groupByName(const std::vector<prom::Alert> &alerts)
{
    std::vector<AlertNameGroup> groups;
    for (const prom::Alert &a : alerts) {
        const QString name = a.labels.value(u"alertname");
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const AlertNameGroup &g) { return g.name == name; });
        if (it == groups.end()) {
            groups.push_back({name, {}});
            it = groups.end() - 1;
        }
        it->alerts.push_back(a);
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const AlertNameGroup &a, const AlertNameGroup &b) {
                         const bool fa = a.isFiring(), fb = b.isFiring();
                         if (fa != fb)
                             return fa;
                         return a.name < b.name;
                     });
    return groups;
}

QString differingLabels(const std::vector<prom::Alert> &alerts)
{
    if (alerts.empty())
        return {};
    QStringList common, differing;
    for (const auto &l : alerts.front().labels.labels()) {
        if (l.name == u"alertname")
            continue;
        const bool same = std::all_of(alerts.begin(), alerts.end(), [&](const prom::Alert &a) {
            return a.labels.value(l.name) == l.value;
        });
        if (same)
            common << l.name + QStringLiteral("=") + l.value;
        else
            differing << l.name;
    }
    QStringList parts = common;
    for (const QString &name : std::as_const(differing)) {
        QStringList values;
        for (const auto &a : alerts)
            if (!values.contains(a.labels.value(name)))
                values << a.labels.value(name);
        parts << name + QStringLiteral(": ") + values.join(QStringLiteral(", "));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace vitals::alertgrouping

#include "core/dashboard/legendnames.h"

#include <QSet>

namespace vitals::dashboard {

QStringList distinguishingNames(const std::vector<QMap<QString, QString>> &labels)
{
    // Label names whose value is not the same in every series (absent counts as a value).
    QSet<QString> differing;
    if (labels.size() > 1) {
        QSet<QString> all;
        for (const auto &map : labels)
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                all.insert(it.key());
        for (const QString &name : all) {
            const QString first = labels.front().value(name);
            const bool present = labels.front().contains(name);
            for (const auto &map : labels)
                if (map.contains(name) != present || map.value(name) != first) {
                    differing.insert(name);
                    break;
                }
        }
    }
    auto quoted = [](const QString &value) {
        QString v = value;
        v.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('"'), QStringLiteral("\\\""));
        return QLatin1Char('"') + v + QLatin1Char('"');
    };
    QStringList out;
    for (const auto &map : labels) {
        QStringList first, rest;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (it.key() == QLatin1String("__name__"))
                continue;
            (differing.contains(it.key()) ? first : rest)
                << it.key() + QLatin1Char('=') + quoted(it.value());
        }
        const QString metric = map.value(QStringLiteral("__name__"));
        const QStringList parts = first + rest;
        out << (parts.isEmpty() && !metric.isEmpty()
                    ? metric
                    : metric + QLatin1Char('{') + parts.join(QStringLiteral(", "))
                          + QLatin1Char('}'));
    }
    return out;
}

} // namespace vitals::dashboard

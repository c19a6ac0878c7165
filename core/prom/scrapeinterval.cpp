#include "core/prom/scrapeinterval.h"

#include "core/units.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace vitals::prom {

QString ScrapeInterval::describe() const
{
    const QString value = units::formatDuration(double(ms) / 1000.0);
    switch (source) {
    case Source::Override:
        return QStringLiteral("scrape %1 (set for this connection)").arg(value);
    case Source::Targets:
        return QStringLiteral("scrape %1 (from the targets)").arg(value);
    case Source::Config:
        return QStringLiteral("scrape %1 (from the configuration)").arg(value);
    case Source::Default:
        return QStringLiteral("scrape %1 (assumed: the server does not say)").arg(value);
    }
    return value;
}

std::optional<qint64> globalScrapeIntervalMs(const QString &yaml, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<qint64> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (!root.IsMap())
            return fail(QStringLiteral("the configuration is not a YAML mapping"));
        const YAML::Node global = root["global"];
        if (!global || !global.IsMap())
            return fail(QStringLiteral("the configuration has no global section"));
        const YAML::Node interval = global["scrape_interval"];
        if (!interval || !interval.IsScalar())
            return fail(QStringLiteral("global.scrape_interval is missing"));
        const QString text = QString::fromStdString(interval.Scalar());
        const qint64 ms = units::parseDurationMs(text);
        if (ms <= 0)
            return fail(QStringLiteral("global.scrape_interval is not a duration: %1").arg(text));
        return ms;
    } catch (const YAML::Exception &e) {
        return fail(QStringLiteral("the configuration is not valid YAML: %1")
                        .arg(QString::fromStdString(e.msg)));
    }
}

ScrapeInterval chooseScrapeInterval(qint64 overrideMs, const TargetsResult *targets,
                                    const ConfigResult *config)
{
    if (overrideMs > 0)
        return {overrideMs, ScrapeInterval::Source::Override};
    if (targets && targets->ok()) {
        qint64 longest = 0;
        for (const Target &t : targets->active)
            longest = std::max(longest, t.scrapeIntervalMs);
        if (longest > 0)
            return {longest, ScrapeInterval::Source::Targets};
    }
    if (config && config->ok())
        if (const auto ms = globalScrapeIntervalMs(config->yaml))
            return {*ms, ScrapeInterval::Source::Config};
    return {};
}

} // namespace vitals::prom

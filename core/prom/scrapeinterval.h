#pragma once

#include "core/prom/results.h"

#include <QString>

#include <optional>

// The backend's scrape interval: how far apart the samples of a series are. Range-query steps,
// $__interval and $__rate_interval are planned from it (a rate window must span at least two
// scrapes), so it is read from the server, never assumed. Pure functions, thread-safe; the
// requests are PromClient::scrapeInterval().
namespace vitals::prom {

// Prometheus's own default, used when the server does not say (VictoriaMetrics without
// -promscrape.config, Thanos Query, Mimir, Cortex). Grafana uses the same default.
inline constexpr qint64 kDefaultScrapeIntervalMs = 15000;

struct ScrapeInterval {
    enum class Source {
        Override, // the connection's own setting (Grafana's data-source "Scrape interval")
        Targets,  // the longest scrapeInterval of the active targets (/api/v1/targets)
        Config,   // global.scrape_interval of the loaded configuration (/api/v1/status/config)
        Default,  // the server said nothing usable: Prometheus's default, 15 s
    };
    qint64 ms = kDefaultScrapeIntervalMs;
    Source source = Source::Default;

    // For the status bar: "scrape 15 s (from the targets)".
    QString describe() const;
    bool operator==(const ScrapeInterval &) const = default;
};

// global.scrape_interval of a Prometheus configuration, in ms. Prometheus renders its loaded
// configuration with every default filled in, so the key is always there; nullopt when the
// YAML does not parse, has no such key, or the value is not a positive duration. `error` (if
// given) says which.
std::optional<qint64> globalScrapeIntervalMs(const QString &yaml, QString *error = nullptr);

// The interval to plan with, from what the server answered (either result may have failed):
//  1. `overrideMs` > 0 wins;
//  2. else the longest scrapeInterval among the active targets: a rate window long enough for
//     the slowest-scraped target is long enough for all (Prometheus 2.33+ reports it per target);
//  3. else global.scrape_interval of the configuration;
//  4. else kDefaultScrapeIntervalMs.
ScrapeInterval chooseScrapeInterval(qint64 overrideMs, const TargetsResult *targets,
                                    const ConfigResult *config);

} // namespace vitals::prom

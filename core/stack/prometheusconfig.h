#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// The Prometheus and Alertmanager configurations of the local stack, generated in code. Pure
// functions.
namespace vitals::stack {

// A scrape job besides iris-server's: the user's own model servers.
struct ScrapeJob {
    QString name;
    QStringList targets; // "host:port"
    QString metricsPath = QStringLiteral("/metrics");
    QString scheme = QStringLiteral("http");
};

struct PrometheusConfig {
    // Scrape and rule evaluation interval, seconds (>= 1).
    int scrapeIntervalSeconds = 1;
    // The scrape job of the iris-server replicas; each target's `instance` label is its
    // "host:port".
    QString jobName = QStringLiteral("iris");
    // "127.0.0.1:port" of every replica.
    QStringList targets;
    // Absolute paths of rule files on disk.
    QStringList ruleFiles;
    QList<ScrapeJob> extraJobs;
    // "127.0.0.1:port" of the Alertmanagers Prometheus sends its alerts to (API v2); none =
    // no `alerting` section.
    QStringList alertmanagers;
};

// prometheus.yml text for `config`. Strings are emitted double-quoted and escaped, so paths
// with spaces, quotes or backslashes stay intact.
QByteArray prometheusConfigYaml(const PrometheusConfig &config);

// alertmanager.yml text for the local stack: one route to a receiver with no integrations, so
// Alertmanager groups, silences and inhibits alerts for the console to show but never sends a
// notification anywhere. Alerts are grouped by alertname.
QByteArray alertmanagerConfigYaml();

// A port on 127.0.0.1 that was free a moment ago (0 if none could be found). Another process
// may take it before it is used; callers retry on "address already in use".
quint16 findFreeLoopbackPort();

} // namespace vitals::stack

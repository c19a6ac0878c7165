#pragma once

#include <QString>
#include <QStringList>

namespace vitals::bench {

// A day of node-exporter-like history for a real Prometheus, written as OpenMetrics text and
// turned into TSDB blocks by Debian's `promtool tsdb create-blocks-from openmetrics`, so the
// benchmark does not wait for scrapes.
//
// The metric names are the caller's (the ones a dashboard queries). Each host gets one series
// per name, except where node exporter has more: node_cpu* per cpu (4) and mode (8), node_disk*
// per device (sda, sdb), node_network* per device (eth0, lo), node_filesystem* per mountpoint
// ("/", "/home"), node_hwmon* per sensor. Every series carries job="node" and
// instance="hostN:9100". Counters (cpu seconds, bytes, packets, netstat and vmstat events…)
// only grow; gauges swing daily with noise. Values are deterministic (seeded).
struct NodeHistoryOptions {
    QStringList metricNames;
    int hosts = 4;
    int stepSeconds = 60;     // the scrape interval the history was "scraped" at
    int spanSeconds = 86'400; // history length, ending at endMs
    qint64 endMs = 0;         // Unix ms of the last sample, a whole number of seconds
};

struct NodeHistoryResult {
    bool ok = false;
    QString error;         // why it failed (promtool's output included)
    qint64 series = 0;     // series written
    qint64 samples = 0;    // samples written
    double generateMs = 0; // writing the OpenMetrics file
    double promtoolMs = 0; // promtool turning it into blocks
};

// Writes the history to `workDir`/history.om, then blocks into `dataDir` (one promtool pass:
// blocks up to 54 h, so the day is read once). Blocking; GUI thread not involved.
NodeHistoryResult writeNodeHistory(const NodeHistoryOptions &options, const QString &workDir,
                                   const QString &dataDir);

// The node_* metric names an expression text mentions (regex over the text), deduplicated.
QStringList nodeMetricNames(const QStringList &expressions);

} // namespace vitals::bench

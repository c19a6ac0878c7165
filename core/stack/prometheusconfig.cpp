#include "core/stack/prometheusconfig.h"

#include <QHostAddress>
#include <QTcpServer>

#include <algorithm>

namespace vitals::stack {

namespace {

QByteArray quoted(const QString &s)
{
    QByteArray out = "\"";
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c.unicode() < 0x20)
                out += "\\x" + QByteArray::number(c.unicode(), 16).rightJustified(2, '0');
            else
                out += QString(c).toUtf8();
        }
    }
    return out + '"';
}

} // namespace

QByteArray prometheusConfigYaml(const PrometheusConfig &config)
{
    const QByteArray interval = QByteArray::number(std::max(1, config.scrapeIntervalSeconds)) + 's';
    QByteArray y;
    y += "# Written by Vitals for its local stack; rewritten whenever the stack starts.\n";
    y += "global:\n";
    y += "  scrape_interval: " + interval + "\n";
    y += "  scrape_timeout: " + interval + "\n";
    y += "  evaluation_interval: " + interval + "\n";
    if (config.ruleFiles.isEmpty()) {
        y += "rule_files: []\n";
    } else {
        y += "rule_files:\n";
        for (const QString &f : config.ruleFiles)
            y += "  - " + quoted(f) + "\n";
    }
    y += "scrape_configs:\n";
    y += "  - job_name: " + quoted(config.jobName) + "\n";
    y += "    static_configs:\n";
    y += "      - targets:";
    if (config.targets.isEmpty()) {
        y += " []\n";
    } else {
        y += "\n";
        for (const QString &t : config.targets)
            y += "          - " + quoted(t) + "\n";
    }
    for (const ScrapeJob &job : config.extraJobs) {
        y += "  - job_name: " + quoted(job.name) + "\n";
        y += "    metrics_path: " + quoted(job.metricsPath) + "\n";
        y += "    scheme: " + quoted(job.scheme) + "\n";
        y += "    static_configs:\n";
        y += "      - targets:";
        if (job.targets.isEmpty()) {
            y += " []\n";
            continue;
        }
        y += "\n";
        for (const QString &t : job.targets)
            y += "          - " + quoted(t) + "\n";
    }
    if (!config.alertmanagers.isEmpty()) {
        y += "alerting:\n";
        y += "  alertmanagers:\n";
        y += "    - api_version: v2\n";
        y += "      static_configs:\n";
        y += "        - targets:\n";
        for (const QString &t : config.alertmanagers)
            y += "            - " + quoted(t) + "\n";
    }
    return y;
}

QByteArray alertmanagerConfigYaml()
{
    QByteArray y;
    y += "# Written by Vitals for its local stack; rewritten whenever the stack starts.\n";
    y += "# The receiver has no integrations: alerts are grouped, silenced and inhibited for the\n";
    y += "# console to show, and no notification leaves this machine.\n";
    y += "route:\n";
    y += "  receiver: \"console\"\n";
    y += "  group_by: [\"alertname\"]\n";
    y += "  group_wait: 5s\n";
    y += "  group_interval: 1m\n";
    y += "  repeat_interval: 4h\n";
    y += "receivers:\n";
    y += "  - name: \"console\"\n";
    // Alertmanager's documented example rule: while a critical alert about a job fires (the
    // server is down, most requests fail), that job's warnings (latency, drift, skew, accuracy)
    // follow from it; they are kept and shown as inhibited, not notified.
    y += "inhibit_rules:\n";
    y += "  - source_matchers: ['severity=\"critical\"']\n";
    y += "    target_matchers: ['severity=\"warning\"']\n";
    y += "    equal: [\"job\"]\n";
    return y;
}

quint16 findFreeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace vitals::stack

#include "bigboard/nodehistory.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <vector>

namespace vitals::bench {

namespace {

struct SeriesShape {
    QByteArray labels; // without the braces' job/instance part
    double base = 1;   // gauge level, or counter increase per second
};

bool startsWith(const QString &name, const char *prefix)
{
    return name.startsWith(QLatin1String(prefix));
}

// Node exporter's counters among the names the dashboard queries (the old, suffix-less names
// included): they only grow, and the dashboard takes rate() or irate() of them.
bool isCounter(const QString &name)
{
    static const QRegularExpression gauge(QStringLiteral(
        "^node_(disk_io_now|netstat_Tcp_CurrEstab|netstat_Tcp_(Max|Rto)|netstat_Ip_(DefaultTTL|"
        "Forwarding)|vmstat_nr_|sockstat|load|memory|filesystem|filefd|entropy|boot_time|time|"
        "procs|nf_conntrack|hwmon|textfile|network_(up|mtu|speed|info))"));
    static const QRegularExpression counter(
        QStringLiteral("^node_(cpu|context_switches|forks|intr|disk_|network_|netstat_|vmstat_|"
                       "exporter_scrape)|_total$|_count$|_sum$"));
    return counter.match(name).hasMatch() && !gauge.match(name).hasMatch();
}

std::vector<SeriesShape> shapesOf(const QString &name)
{
    std::vector<SeriesShape> out;
    if (startsWith(name, "node_cpu")) {
        static const char *modes[] = {"user",   "nice", "system",  "idle",
                                      "iowait", "irq",  "softirq", "steal"};
        static const double share[] = {0.18, 0.01, 0.07, 0.68, 0.03, 0.005, 0.02, 0.005};
        for (int cpu = 0; cpu < 4; ++cpu)
            for (int m = 0; m < 8; ++m)
                out.push_back({QByteArray("cpu=\"cpu") + QByteArray::number(cpu) + "\",mode=\""
                                   + modes[m] + '"',
                               share[m]});
    } else if (startsWith(name, "node_disk")) {
        for (const char *dev : {"sda", "sdb"})
            out.push_back({QByteArray("device=\"") + dev + '"', 2.0e5});
    } else if (startsWith(name, "node_network")) {
        out.push_back({"device=\"eth0\"", 1.5e6});
        out.push_back({"device=\"lo\"", 4.0e4});
    } else if (startsWith(name, "node_filesystem")) {
        out.push_back({"device=\"/dev/sda1\",fstype=\"ext4\",mountpoint=\"/\"", 4.0e10});
        out.push_back({"device=\"/dev/sda2\",fstype=\"ext4\",mountpoint=\"/home\"", 2.0e11});
    } else if (startsWith(name, "node_hwmon")) {
        out.push_back({"chip=\"platform_coretemp_0\",sensor=\"temp1\"", 55});
        out.push_back({"chip=\"platform_coretemp_0\",sensor=\"temp2\"", 52});
    } else if (startsWith(name, "node_memory")) {
        out.push_back({{}, name.contains(QLatin1String("Total")) ? 1.6e10 : 4.0e9});
    } else if (startsWith(name, "node_load")) {
        out.push_back({{}, 1.2});
    } else {
        out.push_back({{}, isCounter(name) ? 50.0 : 100.0});
    }
    return out;
}

} // namespace

QStringList nodeMetricNames(const QStringList &expressions)
{
    static const QRegularExpression word(QStringLiteral("\\bnode_[A-Za-z0-9_]+"));
    QSet<QString> seen;
    QStringList names;
    for (const QString &expr : expressions) {
        auto it = word.globalMatch(expr);
        while (it.hasNext()) {
            const QString name = it.next().captured();
            if (!seen.contains(name)) {
                seen.insert(name);
                names << name;
            }
        }
    }
    names.sort();
    return names;
}

NodeHistoryResult writeNodeHistory(const NodeHistoryOptions &options, const QString &workDir,
                                   const QString &dataDir)
{
    NodeHistoryResult result;
    QElapsedTimer clock;
    clock.start();
    const QString path = workDir + QStringLiteral("/history.om");
    std::unique_ptr<FILE, int (*)(FILE *)> out(std::fopen(qPrintable(path), "w"), &std::fclose);
    if (!out) {
        result.error = QStringLiteral("cannot write %1").arg(path);
        return result;
    }
    std::vector<char> buffer(1 << 20);
    std::setvbuf(out.get(), buffer.data(), _IOFBF, buffer.size());
    std::mt19937 rng(14);
    std::normal_distribution<double> noise(0.0, 0.05);
    const qint64 endS = options.endMs / 1000;
    const qint64 startS = endS - options.spanSeconds;
    constexpr double kDay = 86'400.0;
    for (const QString &name : options.metricNames) {
        const bool counter = isCounter(name);
        const QByteArray metric = name.toLatin1();
        for (const SeriesShape &shape : shapesOf(name)) {
            for (int host = 1; host <= options.hosts; ++host) {
                QByteArray labels =
                    "instance=\"host" + QByteArray::number(host) + ":9100\",job=\"node\"";
                if (!shape.labels.isEmpty())
                    labels += ',' + shape.labels;
                const double hostScale = 0.7 + 0.15 * host;
                double total = shape.base * 1000.0 * hostScale;
                ++result.series;
                for (qint64 t = startS; t <= endS; t += options.stepSeconds) {
                    const double swing = 1.0 + 0.3 * std::sin(2 * M_PI * double(t) / kDay + host);
                    double value;
                    if (counter) {
                        total += shape.base * hostScale * options.stepSeconds
                                 * std::max(0.0, swing + noise(rng));
                        value = total;
                    } else {
                        value = shape.base * hostScale * (swing + noise(rng));
                    }
                    std::fprintf(out.get(), "%s{%s} %.6g %lld\n", metric.constData(),
                                 labels.constData(), value, static_cast<long long>(t));
                    ++result.samples;
                }
            }
        }
    }
    std::fputs("# EOF\n", out.get());
    if (std::fflush(out.get()) != 0) {
        result.error = QStringLiteral("writing %1 failed (disk full?)").arg(path);
        return result;
    }
    out.reset();
    result.generateMs = clock.nsecsElapsed() / 1e6;

    clock.restart();
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(QStringLiteral("/usr/bin/promtool"),
                   {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
                    QStringLiteral("openmetrics"), QStringLiteral("--max-block-duration=54h"),
                    QStringLiteral("--quiet"), path, dataDir});
    if (!promtool.waitForStarted(10'000)) {
        result.error = QStringLiteral("cannot start /usr/bin/promtool (Debian package "
                                      "prometheus): ")
                       + promtool.errorString();
        return result;
    }
    if (!promtool.waitForFinished(600'000)) {
        promtool.kill();
        promtool.waitForFinished();
        result.error = QStringLiteral("promtool did not finish within 10 min");
        return result;
    }
    result.promtoolMs = clock.nsecsElapsed() / 1e6;
    QFile::remove(path);
    if (promtool.exitStatus() != QProcess::NormalExit || promtool.exitCode() != 0) {
        result.error = QStringLiteral("promtool failed: ")
                       + QString::fromLocal8Bit(promtool.readAll()).left(2000);
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace vitals::bench

#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

namespace vitals::testsupport {

// A real time-series server for integration tests: the Debian `prometheus` (default) or
// `victoria-metrics` binary, started as a child process on 127.0.0.1 with a free port, a
// generated scrape configuration and its storage in a temporary directory (removed by stop()).
//
//     PrometheusProcess prometheus;
//     ASSERT_TRUE(prometheus.start({"127.0.0.1:8080"}, 1, "iris")) << prometheus.log();
//     client.setProfile({.baseUrl = prometheus.baseUrl()});
//
// The server always scrapes itself too (job "self", see setSelfJob()), so there is data even
// without targets, and /api/v1/targets lists at least one target with the scrape interval.
// start() returns once the server answers its readiness endpoint (Prometheus /-/ready,
// VictoriaMetrics /health), or false after `readyTimeoutMs` with the reason in log().
// VictoriaMetrics is started with -promscrape.config.strictParse=false (it rejects Prometheus
// keys such as evaluation_interval otherwise), -search.latencyOffset=1s (default 30s would hide
// fresh samples) and -search.disableCache.
//
// Not thread-safe; use from the test's thread. The destructor stops the process.
class PrometheusProcess
{
public:
    enum class Kind { Prometheus, VictoriaMetrics };

    explicit PrometheusProcess(Kind kind = Kind::Prometheus);
    ~PrometheusProcess();
    PrometheusProcess(const PrometheusProcess &) = delete;
    PrometheusProcess &operator=(const PrometheusProcess &) = delete;

    // Path of the server binary, and whether it is installed.
    static QString binary(Kind kind);
    static bool isAvailable(Kind kind);

    // `scrapeTargets` are "host:port" strings scraped every `scrapeIntervalSeconds` under
    // `job`, at /metrics.
    bool start(const QStringList &scrapeTargets, int scrapeIntervalSeconds = 1,
               const QString &job = QStringLiteral("targets"), int readyTimeoutMs = 60000);
    void stop();
    // Rule files (paths) the next start() loads (Prometheus only).
    void setRuleFiles(const QStringList &paths) { m_ruleFiles = paths; }
    // Storage the next start() uses instead of a fresh one in its temporary directory, e.g.
    // blocks made by testsupport::backfill() for Prometheus. The directory is not removed
    // by stop(); the server writes its WAL there.
    void setDataDirectory(const QString &path) { m_dataDir = path; }
    // Job name of the server's scrape of itself (default "self"), e.g. "prometheus" as in
    // Prometheus's example configuration.
    void setSelfJob(const QString &job) { m_selfJob = job; }

    // Waits until /api/v1/targets lists `count` active targets (Prometheus applies its scrape
    // configuration up to 5 s after it is ready; until then a client reading the targets finds
    // none). False after `timeoutMs`.
    bool waitForTargets(int count, int timeoutMs = 15000) const;

    bool isRunning() const;
    QUrl baseUrl() const;
    quint16 port() const { return m_port; }
    Kind kind() const { return m_kind; }
    // The server's output so far, and what start() found wrong, for assertion messages.
    QString log() const;

private:
    Kind m_kind;
    quint16 m_port = 0;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QString m_log;
    QStringList m_ruleFiles;
    QString m_dataDir;
    QString m_selfJob = QStringLiteral("self");
};

// A free TCP port on 127.0.0.1 (bound and released; a tiny race with other processes).
quint16 freeLoopbackPort();

// Runs the event loop for `ms` milliseconds (deferred deletes included).
void spin(int ms);

// Runs the event loop until `done()` is true or `timeoutMs` passes; returns done().
bool waitUntil(const std::function<bool()> &done, int timeoutMs);

// GET `url` synchronously (event loop spun); returns the HTTP status (0 on failure) and body.
int httpGet(const QUrl &url, QByteArray *body = nullptr, int timeoutMs = 5000);
// The same for a POST of a JSON `payload`.
int httpPost(const QUrl &url, const QByteArray &payload, QByteArray *body = nullptr,
             int timeoutMs = 5000);

} // namespace vitals::testsupport

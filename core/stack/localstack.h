#pragma once

#include "core/stack/childprocess.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <vector>

class QNetworkAccessManager;

namespace vitals::stack {

// What the local stack runs and where.
struct LocalStackOptions {
    // iris-server replicas, 1..8 (clamped), each on its own free loopback port.
    int replicas = 1;
    // Run iris-server at all; false with `modelTargets` watches only the user's own service.
    bool withIris = true;
    // The user's own model servers (`--target URL`): scraped by the stack's Prometheus under
    // the job "model" at `modelMetricsPath`, and sent the simulator's traffic.
    QList<QUrl> modelTargets;
    QString modelMetricsPath = QStringLiteral("/metrics");
    // iris-server executable; empty = LocalStack::findIrisServer("").
    QString irisServerPath;
    // Passed as --model; empty = the model built into iris-server.
    QString modelFile;
    // Passed as --threads when > 0.
    int serverThreads = 0;
    // prometheus executable; empty = `prometheus` from PATH, then /usr/bin/prometheus.
    QString prometheusPath;
    // Run Alertmanager beside Prometheus (Prometheus's `alerting` then points at it).
    bool withAlertmanager = true;
    // Alertmanager executable; empty = LocalStack::findAlertmanager("").
    QString alertmanagerPath;
    // Where prometheus.yml, rules/, the TSDB (prometheus/), alertmanager.yml and Alertmanager's
    // silences and notification log (alertmanager/) live; empty = the user's
    // QStandardPaths::AppDataLocation.
    QString dataDir;
    // Rule files for Prometheus. Paths inside the binary's resources (":/...") are copied into
    // <dataDir>/rules/ and skipped with a note when absent; paths on disk must exist.
    QStringList ruleFiles{QStringLiteral(":/vitals/prometheus/vitals-rules.yml")};
    // Scrape and rule evaluation interval, seconds.
    int scrapeIntervalSeconds = 1;
    // Lines of output kept per process.
    int logLines = 500;
    // From start until a process answers its readiness check, milliseconds.
    int startTimeoutMs = 30000;
    // From SIGTERM until SIGKILL, milliseconds.
    int stopTimeoutMs = 5000;
};

// A snapshot of one process of the stack, for views.
struct ProcessStatus {
    QString name; // "iris-server-1" … "iris-server-8", "prometheus", "alertmanager"
    bool isPrometheus = false;
    bool isAlertmanager = false;
    ProcessState state = ProcessState::NotStarted;
    int exitCode = -1; // of the last run; -1 = killed by a signal or never ran
    QUrl url;          // base URL once known, e.g. http://127.0.0.1:41234
    qint64 pid = 0;    // while running, else 0
    QString error;     // why it is not running, when it should be
    QString program;
    QStringList arguments;
};

// The console's local stack: iris-server replicas and a Prometheus that scrapes them, as child
// processes. Replicas start first on free ports (`--port 0`, address read from their
// "listening on" line, ready on GET /v2/health/ready); once every replica is ready or has failed,
// Prometheus starts with a generated prometheus.yml (job "iris", one target per replica, instance
// label = host:port, plus job "model" for the user's own servers of LocalStackOptions::
// modelTargets) and is ready on GET /-/ready. When a replica becomes ready on another port
// than the configuration names, prometheus.yml is rewritten and Prometheus is sent SIGHUP, which
// makes it reload the configuration and rule files (POSIX only, like the rest of the stack).
// Prometheus runs without --web.enable-lifecycle, so its HTTP API cannot stop or reload it.
//
// Unless LocalStackOptions::withAlertmanager is false, Alertmanager starts beside the replicas
// on a free loopback port (generated alertmanager.yml with a receiver that notifies nobody,
// storage in <dataDir>/alertmanager, no cluster port), ready on GET /-/ready; Prometheus waits
// for it to settle and sends its alerts there (API v2). A missing Alertmanager is reported
// through errorOccurred and the process's error; the rest of the stack runs without it.
//
// Lives in the GUI thread (its children get SIGTERM when that thread ends, PR_SET_PDEATHSIG);
// all signals are emitted there. Owns its child processes: the destructor sends SIGTERM to each,
// waits up to stopTimeoutMs, then SIGKILLs what is left, so no child outlives the console.
class LocalStack : public QObject
{
    Q_OBJECT
public:
    explicit LocalStack(const LocalStackOptions &options = {}, QObject *parent = nullptr);
    ~LocalStack() override;

    const LocalStackOptions &options() const { return m_options; }
    // Takes effect at the next start() (or restart()) of the whole stack.
    void setOptions(const LocalStackOptions &options);

    // Starts every process that is not running. Returns false (and emits errorOccurred) when
    // iris-server cannot be found; a missing Prometheus is reported through errorOccurred and
    // the prometheus process's error, while the replicas still start.
    bool start();
    // SIGTERM to every process, SIGKILL after stopTimeoutMs; stackStopped() once all exited.
    void stop();
    // stop(), then start() with the current options.
    void restart();

    // The same for one process, by name (see ProcessStatus::name). Unknown names are ignored.
    // A restarted replica asks for its previous port, so Prometheus's target stays valid.
    void startProcess(const QString &name);
    void stopProcess(const QString &name);
    void restartProcess(const QString &name);

    // True while any process is starting or ready.
    bool isRunning() const;
    QList<ProcessStatus> processes() const;
    ProcessStatus process(const QString &name) const;
    // The last options().logLines lines of a process's stdout and stderr, oldest first.
    QStringList logLines(const QString &name) const;
    // Base URLs of the replicas that are ready.
    QList<QUrl> serverUrls() const;
    // Where the simulator sends traffic: the ready replicas and the user's model servers.
    QList<QUrl> trafficTargets() const;
    // Prometheus's base URL while it is ready, else empty.
    QUrl prometheusUrl() const;
    // Alertmanager's base URL while it is ready, else empty.
    QUrl alertmanagerUrl() const;
    // Path of the generated prometheus.yml.
    QString prometheusConfigPath() const;
    // Path of the generated alertmanager.yml.
    QString alertmanagerConfigPath() const;
    QString dataDir() const;
    QString lastError() const { return m_lastError; }

    static QString prometheusName() { return QStringLiteral("prometheus"); }
    static QString alertmanagerName() { return QStringLiteral("alertmanager"); }
    static QString replicaName(int index)
    {
        return QStringLiteral("iris-server-%1").arg(index + 1);
    }

    // The iris-server to run: `configured` if given (empty result when it is not executable),
    // else next to the running executable, then the install prefix's bin directory, then PATH.
    static QString findIrisServer(const QString &configured);
    // Where findIrisServer("") looks, for error messages.
    static QStringList irisServerSearchPaths();
    // The prometheus to run: `configured` if given, else PATH, then /usr/bin/prometheus.
    static QString findPrometheus(const QString &configured);
    // The message shown when Prometheus is missing; ends with the apt-get line.
    static QString prometheusMissingMessage();
    // The alertmanager to run: `configured` if given, else `prometheus-alertmanager` (Debian's
    // name) or `alertmanager` from PATH, then /usr/bin/prometheus-alertmanager.
    static QString findAlertmanager(const QString &configured);
    static QString alertmanagerMissingMessage();

Q_SIGNALS:
    void processStateChanged(const QString &name, vitals::stack::ProcessState state);
    // A process exited without being asked to (exitCode -1: signal, or it never started).
    void processCrashed(const QString &name, int exitCode);
    void logLine(const QString &name, const QString &line);
    void serverReady(const QString &name, const QUrl &url);
    void prometheusReady(const QUrl &url);
    void alertmanagerReady(const QUrl &url);
    // Every replica and Prometheus are ready (once per start()).
    void stackReady();
    // Every process has exited after stop().
    void stackStopped();
    void errorOccurred(const QString &message);

private:
    ChildProcess *child(const QString &name) const;
    void rebuildChildren();
    void startReplica(int index);
    void startPrometheus();
    void startAlertmanager();
    bool writeAlertmanagerConfig(QString *error);
    QStringList alertmanagerTargets() const;
    bool configIsStale() const;
    bool alertmanagerSettled() const;
    bool prepareDataDir(QString *error);
    QStringList prepareRuleFiles(QString *error);
    bool writePrometheusConfig(QString *error);
    QStringList replicaTargets() const;
    void reloadPrometheus();
    void onStateChanged(ChildProcess *c, ProcessState state);
    void maybeStartPrometheus();
    void maybeAnnounceReady();
    void fail(ChildProcess *c, const QString &message);

    LocalStackOptions m_options;
    QNetworkAccessManager *m_nam;
    std::vector<ChildProcess *> m_replicas; // children of this
    ChildProcess *m_prometheus = nullptr;   // child of this
    ChildProcess *m_alertmanager = nullptr; // child of this
    QHash<QString, quint16> m_preferredPort;
    QHash<QString, bool> m_retried;
    QStringList m_ruleFiles;               // resolved on-disk paths of the running config
    QStringList m_configuredTargets;       // targets in the prometheus.yml written last
    QStringList m_configuredAlertmanagers; // its alerting targets
    QSet<QString> m_restartPending;
    QHash<QString, ProcessState> m_lastState;
    quint16 m_prometheusPort = 0;
    quint16 m_alertmanagerPort = 0;
    bool m_prometheusPending = false;
    bool m_stopping = false;
    bool m_restartStack = false;
    bool m_readyAnnounced = false;
    QString m_lastError;
};

} // namespace vitals::stack

#include "core/stack/localstack.h"

#include "core/stack/prometheusconfig.h"
#include "core/stack/stacklogging.h"

#include <QDir>
#include <QLoggingCategory>
#include <QNetworkAccessManager>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/types.h>

namespace vitals::stack {

namespace {

constexpr int kMaxReplicas = 8;

} // namespace

LocalStack::LocalStack(const LocalStackOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_nam(new QNetworkAccessManager(this))
{
    rebuildChildren();
}

LocalStack::~LocalStack()
{
    std::vector<ChildProcess *> all = m_replicas;
    all.push_back(m_prometheus);
    all.push_back(m_alertmanager);
    for (ChildProcess *c : all)
        c->beginShutdown();
    const QDeadlineTimer deadline(std::max(0, m_options.stopTimeoutMs));
    for (ChildProcess *c : all)
        c->finishShutdown(deadline);
}

void LocalStack::setOptions(const LocalStackOptions &options)
{
    m_options = options;
}

void LocalStack::rebuildChildren()
{
    const int wanted = m_options.withIris ? std::clamp(m_options.replicas, 1, kMaxReplicas) : 0;
    if (int(m_replicas.size()) == wanted && m_prometheus && m_alertmanager)
        return;
    auto wire = [this](ChildProcess *c) {
        connect(c, &ChildProcess::stateChanged, this,
                [this, c](ProcessState s) { onStateChanged(c, s); });
        connect(c, &ChildProcess::logLine, this,
                [this, c](const QString &line) { Q_EMIT logLine(c->name(), line); });
    };
    while (int(m_replicas.size()) > wanted) {
        ChildProcess *c = m_replicas.back();
        m_replicas.pop_back();
        m_preferredPort.remove(c->name());
        delete c;
    }
    while (int(m_replicas.size()) < wanted) {
        auto *c =
            new ChildProcess(replicaName(int(m_replicas.size())), m_nam, m_options.logLines, this);
        wire(c);
        m_replicas.push_back(c);
    }
    if (!m_prometheus) {
        m_prometheus = new ChildProcess(prometheusName(), m_nam, m_options.logLines, this);
        wire(m_prometheus);
    }
    if (!m_alertmanager) {
        m_alertmanager = new ChildProcess(alertmanagerName(), m_nam, m_options.logLines, this);
        wire(m_alertmanager);
    }
}

ChildProcess *LocalStack::child(const QString &name) const
{
    if (m_prometheus && m_prometheus->name() == name)
        return m_prometheus;
    if (m_alertmanager && m_alertmanager->name() == name)
        return m_alertmanager;
    for (ChildProcess *c : m_replicas) {
        if (c->name() == name)
            return c;
    }
    return nullptr;
}

bool LocalStack::isRunning() const
{
    auto running = [](const ChildProcess *c) {
        return c->isRunning() || c->state() == ProcessState::Starting
               || c->state() == ProcessState::Ready;
    };
    return std::any_of(m_replicas.begin(), m_replicas.end(), running) || running(m_prometheus)
           || running(m_alertmanager);
}

bool LocalStack::start()
{
    if (m_stopping) {
        m_restartStack = true;
        return true;
    }
    if (!isRunning())
        rebuildChildren();
    m_lastError.clear();
    if (m_options.withIris && findIrisServer(m_options.irisServerPath).isEmpty()) {
        const QString message = m_options.irisServerPath.isEmpty()
                                    ? QStringLiteral("iris-server was not found (looked in %1)")
                                          .arg(irisServerSearchPaths().join(QStringLiteral(", ")))
                                    : QStringLiteral("iris-server is not an executable file: %1")
                                          .arg(m_options.irisServerPath);
        for (ChildProcess *c : m_replicas)
            c->setErrorString(message);
        fail(nullptr, message);
        return false;
    }
    m_readyAnnounced = false;
    for (int i = 0; i < int(m_replicas.size()); ++i) {
        if (!m_replicas[std::size_t(i)]->isRunning())
            startReplica(i);
    }
    if (m_options.withAlertmanager && !m_alertmanager->isRunning())
        startAlertmanager();
    if (!m_prometheus->isRunning()) {
        m_prometheusPending = true;
        maybeStartPrometheus();
    }
    return true;
}

void LocalStack::startReplica(int index)
{
    ChildProcess *c = m_replicas.at(std::size_t(index));
    const QString program = findIrisServer(m_options.irisServerPath);
    if (program.isEmpty()) {
        fail(c, QStringLiteral("iris-server was not found"));
        return;
    }
    LaunchSpec spec;
    spec.program = program;
    spec.arguments = {QStringLiteral("serve"), QStringLiteral("--host"),
                      QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                      QString::number(m_preferredPort.value(c->name(), 0))};
    if (!m_options.modelFile.isEmpty())
        spec.arguments << QStringLiteral("--model") << m_options.modelFile;
    if (m_options.serverThreads > 0)
        spec.arguments << QStringLiteral("--threads") << QString::number(m_options.serverThreads);
    spec.readinessPath = QStringLiteral("/v2/health/ready");
    spec.startTimeoutMs = m_options.startTimeoutMs;
    c->start(spec);
}

void LocalStack::startPrometheus()
{
    const QString program = findPrometheus(m_options.prometheusPath);
    if (program.isEmpty()) {
        const QString message =
            m_options.prometheusPath.isEmpty()
                ? prometheusMissingMessage()
                : QStringLiteral("prometheus is not an executable file: %1\n"
                                 "Install Prometheus with:\nsudo apt-get install prometheus")
                      .arg(m_options.prometheusPath);
        m_prometheus->setErrorString(message);
        fail(nullptr, message);
        return;
    }
    QString error;
    if (!prepareDataDir(&error)) {
        fail(m_prometheus, error);
        return;
    }
    m_ruleFiles = prepareRuleFiles(&error);
    if (!error.isEmpty()) {
        fail(m_prometheus, error);
        return;
    }
    if (m_prometheusPort == 0)
        m_prometheusPort = findFreeLoopbackPort();
    if (m_prometheusPort == 0) {
        fail(m_prometheus, QStringLiteral("no free port on 127.0.0.1 for Prometheus"));
        return;
    }
    if (!writePrometheusConfig(&error)) {
        fail(m_prometheus, error);
        return;
    }
    const QString listen = QStringLiteral("127.0.0.1:%1").arg(m_prometheusPort);
    LaunchSpec spec;
    spec.program = program;
    spec.arguments = {QStringLiteral("--config.file=") + prometheusConfigPath(),
                      QStringLiteral("--storage.tsdb.path=")
                          + QDir(dataDir()).filePath(QStringLiteral("prometheus")),
                      QStringLiteral("--web.listen-address=") + listen,
                      // Firing alerts are sent again every 5 s instead of every minute, so an
                      // alert that fired before Prometheus found its Alertmanager (or while it
                      // restarted) reaches it within seconds.
                      QStringLiteral("--rules.alert.resend-delay=5s")};
    spec.workingDirectory = dataDir();
    spec.url = QUrl(QStringLiteral("http://") + listen);
    spec.readinessPath = QStringLiteral("/-/ready");
    spec.startTimeoutMs = m_options.startTimeoutMs;
    m_prometheus->start(spec);
}

void LocalStack::startAlertmanager()
{
    const QString program = findAlertmanager(m_options.alertmanagerPath);
    if (program.isEmpty()) {
        const QString message = m_options.alertmanagerPath.isEmpty()
                                    ? alertmanagerMissingMessage()
                                    : QStringLiteral("alertmanager is not an executable file: %1")
                                          .arg(m_options.alertmanagerPath);
        fail(m_alertmanager, message);
        return;
    }
    QString error;
    if (!prepareDataDir(&error) || !writeAlertmanagerConfig(&error)) {
        fail(m_alertmanager, error);
        return;
    }
    if (m_alertmanagerPort == 0)
        m_alertmanagerPort = findFreeLoopbackPort();
    if (m_alertmanagerPort == 0) {
        fail(m_alertmanager, QStringLiteral("no free port on 127.0.0.1 for Alertmanager"));
        return;
    }
    const QString listen = QStringLiteral("127.0.0.1:%1").arg(m_alertmanagerPort);
    LaunchSpec spec;
    spec.program = program;
    // An empty cluster address turns gossip off: no port beyond the web one is opened.
    spec.arguments = {QStringLiteral("--config.file=") + alertmanagerConfigPath(),
                      QStringLiteral("--storage.path=")
                          + QDir(dataDir()).filePath(QStringLiteral("alertmanager")),
                      QStringLiteral("--web.listen-address=") + listen,
                      QStringLiteral("--cluster.listen-address=")};
    spec.workingDirectory = dataDir();
    spec.url = QUrl(QStringLiteral("http://") + listen);
    spec.readinessPath = QStringLiteral("/-/ready");
    spec.startTimeoutMs = m_options.startTimeoutMs;
    m_alertmanager->start(spec);
}

bool LocalStack::alertmanagerSettled() const
{
    if (!m_options.withAlertmanager)
        return true;
    const ProcessState s = m_alertmanager->state();
    // Missing program: the stack runs without it.
    return s == ProcessState::Ready
           || (s == ProcessState::NotStarted && !m_alertmanager->errorString().isEmpty());
}

void LocalStack::reloadPrometheus()
{
    // SIGHUP instead of POST /-/reload: the HTTP lifecycle API would also let any web page in a
    // local browser POST /-/quit. Prometheus reloads asynchronously and logs the outcome itself
    // ("Completed loading of configuration file" or "Error reloading config").
    const qint64 pid = m_prometheus->pid();
    if (pid <= 0 || ::kill(pid_t(pid), SIGHUP) != 0) {
        m_prometheus->note(QStringLiteral("reloading the configuration failed: %1")
                               .arg(pid <= 0 ? QStringLiteral("Prometheus is not running")
                                             : QString::fromLocal8Bit(std::strerror(errno))));
        return;
    }
    m_prometheus->note(QStringLiteral("asked Prometheus to reload its configuration (SIGHUP)"));
}

void LocalStack::fail(ChildProcess *c, const QString &message)
{
    if (c)
        c->setErrorString(message);
    m_lastError = message;
    qCWarning(lcStack) << message;
    Q_EMIT errorOccurred(message);
}

void LocalStack::maybeStartPrometheus()
{
    if (!m_prometheusPending)
        return;
    const bool settled =
        std::none_of(m_replicas.begin(), m_replicas.end(),
                     [](const auto *c) { return c->state() == ProcessState::Starting; })
        && m_alertmanager->state() != ProcessState::Starting;
    if (!settled)
        return;
    m_prometheusPending = false;
    startPrometheus();
}

void LocalStack::maybeAnnounceReady()
{
    if (m_readyAnnounced || m_prometheus->state() != ProcessState::Ready)
        return;
    const bool all = std::all_of(m_replicas.begin(), m_replicas.end(),
                                 [](const auto *c) { return c->state() == ProcessState::Ready; });
    if (all && alertmanagerSettled()) {
        m_readyAnnounced = true;
        Q_EMIT stackReady();
    }
}

void LocalStack::onStateChanged(ChildProcess *c, ProcessState state)
{
    const bool isProm = c == m_prometheus;
    const bool isAlertmanager = c == m_alertmanager;
    const ProcessState previous = m_lastState.value(c->name(), ProcessState::NotStarted);
    m_lastState[c->name()] = state;
    Q_EMIT processStateChanged(c->name(), state);
    switch (state) {
    case ProcessState::Crashed: {
        Q_EMIT processCrashed(c->name(), c->exitCode());
        // A fixed port (a replica's previous one, or Prometheus's) may have been taken
        // meanwhile: try once more on a fresh one.
        const bool portTaken =
            c->logLines()
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("address already in use"), Qt::CaseInsensitive);
        if (!m_stopping && previous == ProcessState::Starting && !m_retried.value(c->name())) {
            if (isProm && portTaken) {
                m_retried[c->name()] = true;
                m_prometheusPort = 0;
                startPrometheus();
                return;
            }
            if (isAlertmanager && portTaken) {
                m_retried[c->name()] = true;
                m_alertmanagerPort = 0;
                startAlertmanager();
                return;
            }
            if (!isProm && !isAlertmanager && m_preferredPort.value(c->name()) != 0) {
                m_retried[c->name()] = true;
                m_preferredPort.remove(c->name());
                const auto it = std::find(m_replicas.begin(), m_replicas.end(), c);
                startReplica(int(it - m_replicas.begin()));
                return;
            }
        }
        break;
    }
    case ProcessState::Ready: {
        m_retried.remove(c->name());
        QString error;
        if (isProm) {
            Q_EMIT prometheusReady(c->url());
            if (configIsStale() && writePrometheusConfig(&error))
                reloadPrometheus();
        } else if (isAlertmanager) {
            Q_EMIT alertmanagerReady(c->url());
            if (m_prometheus->state() == ProcessState::Ready && configIsStale()
                && writePrometheusConfig(&error))
                reloadPrometheus();
        } else {
            m_preferredPort[c->name()] = quint16(c->url().port());
            Q_EMIT serverReady(c->name(), c->url());
            if (m_prometheus->state() == ProcessState::Ready && configIsStale()
                && writePrometheusConfig(&error))
                reloadPrometheus();
        }
        if (!error.isEmpty())
            fail(m_prometheus, error);
        break;
    }
    case ProcessState::Stopped:
        if (m_restartPending.remove(c->name()) && !m_stopping) {
            startProcess(c->name());
            return;
        }
        break;
    case ProcessState::NotStarted:
    case ProcessState::Starting:
        break;
    }
    maybeStartPrometheus();
    maybeAnnounceReady();
    if (m_stopping && !isRunning()) {
        m_stopping = false;
        Q_EMIT stackStopped();
        if (m_restartStack) {
            m_restartStack = false;
            start();
        }
    }
}

void LocalStack::stop()
{
    m_prometheusPending = false;
    m_restartPending.clear();
    m_stopping = true;
    for (ChildProcess *c : m_replicas)
        c->stop(m_options.stopTimeoutMs);
    m_prometheus->stop(m_options.stopTimeoutMs);
    m_alertmanager->stop(m_options.stopTimeoutMs);
    if (m_stopping && !isRunning()) {
        m_stopping = false;
        Q_EMIT stackStopped();
        if (m_restartStack) {
            m_restartStack = false;
            start();
        }
    }
}

void LocalStack::restart()
{
    if (isRunning() || m_stopping) {
        m_restartStack = true;
        if (!m_stopping)
            stop();
    } else {
        start();
    }
}

void LocalStack::startProcess(const QString &name)
{
    ChildProcess *c = child(name);
    if (!c || c->isRunning())
        return;
    if (c == m_prometheus) {
        startPrometheus();
        return;
    }
    if (c == m_alertmanager) {
        startAlertmanager();
        return;
    }
    const auto it = std::find(m_replicas.begin(), m_replicas.end(), c);
    startReplica(int(it - m_replicas.begin()));
}

void LocalStack::stopProcess(const QString &name)
{
    if (ChildProcess *c = child(name)) {
        m_restartPending.remove(name);
        if (c == m_prometheus)
            m_prometheusPending = false;
        c->stop(m_options.stopTimeoutMs);
    }
}

void LocalStack::restartProcess(const QString &name)
{
    ChildProcess *c = child(name);
    if (!c)
        return;
    if (c->isRunning()) {
        m_restartPending.insert(name);
        c->stop(m_options.stopTimeoutMs);
    } else {
        startProcess(name);
    }
}

ProcessStatus LocalStack::process(const QString &name) const
{
    ProcessStatus s;
    const ChildProcess *c = child(name);
    if (!c)
        return s;
    s.name = c->name();
    s.isPrometheus = c == m_prometheus;
    s.isAlertmanager = c == m_alertmanager;
    s.state = c->state();
    s.exitCode = c->exitCode();
    s.url = c->url();
    s.pid = c->pid();
    s.error = c->errorString();
    s.program = c->launchSpec().program;
    s.arguments = c->launchSpec().arguments;
    return s;
}

QList<ProcessStatus> LocalStack::processes() const
{
    QList<ProcessStatus> out;
    for (const ChildProcess *c : m_replicas)
        out << process(c->name());
    out << process(m_prometheus->name());
    if (m_options.withAlertmanager)
        out << process(m_alertmanager->name());
    return out;
}

QStringList LocalStack::logLines(const QString &name) const
{
    const ChildProcess *c = child(name);
    return c ? c->logLines() : QStringList();
}

QList<QUrl> LocalStack::serverUrls() const
{
    QList<QUrl> urls;
    for (const ChildProcess *c : m_replicas) {
        if (c->state() == ProcessState::Ready)
            urls << c->url();
    }
    return urls;
}

QList<QUrl> LocalStack::trafficTargets() const
{
    return serverUrls() + m_options.modelTargets;
}

QUrl LocalStack::prometheusUrl() const
{
    return m_prometheus->state() == ProcessState::Ready ? m_prometheus->url() : QUrl();
}

QUrl LocalStack::alertmanagerUrl() const
{
    return m_alertmanager->state() == ProcessState::Ready ? m_alertmanager->url() : QUrl();
}

} // namespace vitals::stack

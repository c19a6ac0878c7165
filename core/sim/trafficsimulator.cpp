#include "core/sim/trafficsimulator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>

#include <climits>
#include <cmath>

Q_LOGGING_CATEGORY(lcSim, "vitals.sim")

namespace vitals::sim {

namespace {

constexpr int kTickMs = 10;
constexpr int kEmitMs = 100;
constexpr int kDrainMs = 5000;

QUrl withPath(const QUrl &target, const QString &path) {
    QUrl url = target;
    QString base = url.path();
    if (base.endsWith(QLatin1String("/predict")))
        base.chop(int(qstrlen("/predict")));
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

} // namespace

TrafficSimulator::TrafficSimulator(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
    , m_tickTimer(new QTimer(this))
    , m_emitTimer(new QTimer(this))
    , m_durationTimer(new QTimer(this))
    , m_drainTimer(new QTimer(this)) {
    qRegisterMetaType<vitals::sim::TrafficCounters>();
    m_tickTimer->setInterval(kTickMs);
    m_tickTimer->setTimerType(Qt::PreciseTimer);
    connect(m_tickTimer, &QTimer::timeout, this, &TrafficSimulator::tick);
    m_emitTimer->setInterval(kEmitMs);
    connect(m_emitTimer, &QTimer::timeout, this, [this] {
        if (m_dirty) {
            m_dirty = false;
            Q_EMIT countersChanged(m_counters);
        }
    });
    m_durationTimer->setSingleShot(true);
    connect(m_durationTimer, &QTimer::timeout, this, &TrafficSimulator::stop);
    m_drainTimer->setSingleShot(true);
    m_drainTimer->setInterval(kDrainMs);
    connect(m_drainTimer, &QTimer::timeout, this, [this] {
        // Abort a copy: each abort finishes its reply synchronously and edits the sets.
        const auto replies = m_inFlight + m_faultReplies;
        for (QNetworkReply *r : replies)
            r->abort();
        maybeFinishDrain();
    });
}

TrafficSimulator::~TrafficSimulator() {
    const auto replies = m_inFlight + m_faultReplies;
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
        delete r;
    }
}

QUrl TrafficSimulator::predictUrl(const QUrl &target) {
    return withPath(target, QStringLiteral("/predict"));
}

QUrl TrafficSimulator::faultsUrl(const QUrl &target) {
    return withPath(target, QStringLiteral("/admin/faults"));
}

bool TrafficSimulator::start(const SimulatorOptions &options) {
    QString problem;
    if (isRunning())
        problem = QStringLiteral("the simulator is already running");
    else if (options.targets.isEmpty())
        problem = QStringLiteral("no target to send traffic to");
    else if (!(options.rate >= 0) || !(options.spikeRate >= 0) || !std::isfinite(options.rate) ||
             !std::isfinite(options.spikeRate))
        problem = QStringLiteral("the rate must be a finite number of requests per second >= 0");
    else if (!(options.errorFraction >= 0 && options.errorFraction <= 1) ||
             !(options.driftFraction >= 0 && options.driftFraction <= 1) ||
             options.errorFraction + options.driftFraction > 1.0 + 1e-9)
        problem = QStringLiteral("error and drift fractions must be within 0..1 and sum to <= 1");
    else if (options.maxInFlight < 1)
        problem = QStringLiteral("at least one request must be allowed in flight");
    for (const QUrl &t : options.targets) {
        if (problem.isEmpty() &&
            (!t.isValid() || t.host().isEmpty() ||
             (t.scheme() != QLatin1String("http") && t.scheme() != QLatin1String("https"))))
            problem = QStringLiteral("not an http(s) URL: %1").arg(t.toString());
    }
    if (!problem.isEmpty()) {
        qCWarning(lcSim) << "not starting:" << problem;
        Q_EMIT errorOccurred(problem);
        return false;
    }

    m_options = options;
    m_counters = {};
    m_dirty = false;
    m_faultsSet = false;
    m_errorAcc = 0;
    m_driftAcc = 0;
    m_nextTarget = 0;
    const quint64 seed = options.seed ? *options.seed : QRandomGenerator::global()->generate64();
    m_generator = std::make_unique<PayloadGenerator>(seed);
    m_phase = options.scenario == Scenario::Cycle ? cyclePhaseAt(0) : options.scenario;
    qCInfo(lcSim) << "starting" << scenarioName(options.scenario) << "against"
                  << options.targets.size() << "target(s), seed" << seed;
    Q_EMIT countersChanged(m_counters);
    Q_EMIT phaseChanged(m_phase);

    if (options.scenario == Scenario::Slow) {
        m_state = State::Preparing;
        setFaults(options.faultLatencyMs, options.faultErrorRate);
    } else {
        beginSending();
    }
    return true;
}

void TrafficSimulator::beginSending() {
    m_state = State::Running;
    m_clock.start();
    const double rate = rateFor(m_phase);
    m_bucket = std::make_unique<TokenBucket>(rate, TokenBucket::defaultBurst(rate), 0);
    m_tickTimer->start();
    m_emitTimer->start();
    if (m_options.durationMs > 0)
        m_durationTimer->start(int(std::min<qint64>(m_options.durationMs, INT_MAX)));
    tick();
}

double TrafficSimulator::rateFor(Scenario phase) const {
    if (phase == Scenario::Spike) {
        if (m_options.scenario == Scenario::Spike && m_options.rate > 0)
            return m_options.rate;
        return m_options.spikeRate > 0 ? m_options.spikeRate : kDefaultSpikeRate;
    }
    return m_options.rate > 0 ? m_options.rate : kDefaultRate;
}

void TrafficSimulator::updatePhase() {
    if (m_options.scenario != Scenario::Cycle)
        return;
    const Scenario phase = cyclePhaseAt(m_clock.elapsed());
    if (phase == m_phase)
        return;
    m_phase = phase;
    const double rate = rateFor(phase);
    m_bucket->reset(rate, TokenBucket::defaultBurst(rate), m_clock.elapsed());
    qCInfo(lcSim) << "cycle phase" << scenarioName(phase);
    Q_EMIT phaseChanged(phase);
}

void TrafficSimulator::tick() {
    if (m_state != State::Running)
        return;
    updatePhase();
    const int room = m_options.maxInFlight - int(m_inFlight.size());
    const int n = m_bucket->take(m_clock.elapsed(), room);
    for (int i = 0; i < n; ++i)
        send(nextPayload());
}

Payload TrafficSimulator::nextPayload() {
    switch (m_phase) {
    case Scenario::Drift:
        return m_generator->drift();
    case Scenario::Errors:
        return m_generator->malformed();
    case Scenario::Mix:
        // Accumulators, not dice: the shares hold exactly over any run, so a test can
        // compare them with the server's counters.
        m_errorAcc += m_options.errorFraction;
        m_driftAcc += m_options.driftFraction;
        if (m_errorAcc >= 1.0 - 1e-9) {
            m_errorAcc -= 1.0;
            return m_generator->malformed();
        }
        if (m_driftAcc >= 1.0 - 1e-9) {
            m_driftAcc -= 1.0;
            return m_generator->drift();
        }
        return m_generator->normal();
    case Scenario::Normal:
    case Scenario::Spike:
    case Scenario::Slow:
    case Scenario::Cycle:
        break;
    }
    return m_generator->normal();
}

void TrafficSimulator::send(const Payload &payload) {
    const QUrl &target = m_options.targets.at(m_nextTarget % m_options.targets.size());
    m_nextTarget = (m_nextTarget + 1) % m_options.targets.size();
    QNetworkRequest request(predictUrl(target));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_options.requestTimeoutMs);
    QNetworkReply *reply = m_nam->post(request, payload.body);
    m_inFlight.insert(reply);
    ++m_counters.sent;
    m_counters.inFlight = int(m_inFlight.size());
    markDirty();
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void TrafficSimulator::onReplyFinished(QNetworkReply *reply) {
    if (!m_inFlight.remove(reply))
        return;
    reply->deleteLater();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        const int code = status.toInt();
        if (code >= 200 && code < 300)
            ++m_counters.ok;
        else
            ++m_counters.failed;
    } else {
        ++m_counters.failed;
        ++m_counters.networkErrors;
    }
    m_counters.inFlight = int(m_inFlight.size());
    markDirty();
    if (m_state == State::Draining)
        maybeFinishDrain();
}

void TrafficSimulator::setFaults(int latencyMs, double errorRate) {
    const bool restoring = m_state == State::Draining;
    QJsonObject body{{QStringLiteral("latency_ms"), latencyMs},
                     {QStringLiteral("error_rate"), errorRate}};
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    for (const QUrl &target : std::as_const(m_options.targets)) {
        QNetworkRequest request(faultsUrl(target));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        request.setTransferTimeout(m_options.requestTimeoutMs);
        QNetworkReply *reply = m_nam->post(request, json);
        m_faultReplies.insert(reply);
        connect(reply, &QNetworkReply::finished, this,
                [this, reply, restoring] { onFaultReplyFinished(reply, restoring); });
    }
}

void TrafficSimulator::onFaultReplyFinished(QNetworkReply *reply, bool restoring) {
    if (!m_faultReplies.remove(reply))
        return;
    reply->deleteLater();
    const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (code >= 200 && code < 300) {
        if (!restoring)
            m_faultsSet = true;
    } else {
        const QString what = restoring ? QStringLiteral("restore") : QStringLiteral("set");
        const QString message =
            QStringLiteral("could not %1 fault injection at %2: %3")
                .arg(what, reply->url().toString(),
                     code ? QStringLiteral("HTTP %1").arg(code) : reply->errorString());
        qCWarning(lcSim) << message;
        Q_EMIT errorOccurred(message);
    }
    if (!m_faultReplies.isEmpty())
        return;
    if (m_state == State::Preparing)
        beginSending();
    else if (m_state == State::Draining)
        maybeFinishDrain();
}

void TrafficSimulator::stop() {
    if (m_state == State::Idle || m_state == State::Draining)
        return;
    const bool wasPreparing = m_state == State::Preparing;
    m_state = State::Draining;
    m_tickTimer->stop();
    m_durationTimer->stop();
    m_drainTimer->start();
    // Zero faults even if setting them seemed to fail: a reply may have been lost after the
    // server applied them.
    if (m_options.scenario == Scenario::Slow && (m_faultsSet || wasPreparing))
        setFaults(0, 0.0);
    maybeFinishDrain();
}

void TrafficSimulator::maybeFinishDrain() {
    if (m_state == State::Draining && m_inFlight.isEmpty() && m_faultReplies.isEmpty())
        finish();
}

void TrafficSimulator::finish() {
    m_state = State::Idle;
    m_drainTimer->stop();
    m_emitTimer->stop();
    m_counters.inFlight = 0;
    m_dirty = false;
    qCInfo(lcSim) << "stopped: sent" << m_counters.sent << "ok" << m_counters.ok << "failed"
                  << m_counters.failed;
    Q_EMIT countersChanged(m_counters);
    Q_EMIT stopped();
}

void TrafficSimulator::markDirty() {
    m_dirty = true;
}

} // namespace vitals::sim

#include "core/sim/trafficsimulator.h"

#include "core/sim/simlogging.h"

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

namespace vitals::sim {

namespace {

constexpr int kTickMs = 10;
constexpr int kEmitMs = 100;
constexpr int kDrainMs = 5000;

// Class names in the model's order (resources/data/iris.csv), as /feedback takes them.
const char *const kClassNames[] = {"setosa", "versicolor", "virginica"};

} // namespace

TrafficSimulator::TrafficSimulator(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
    , m_tickTimer(new QTimer(this))
    , m_emitTimer(new QTimer(this))
    , m_durationTimer(new QTimer(this))
    , m_drainTimer(new QTimer(this))
    , m_faults(new FaultClient(this))
{
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
        const auto replies = m_inFlight + m_feedbackReplies;
        for (QNetworkReply *r : replies)
            r->abort();
        m_faults->abortAll();
        maybeFinishDrain();
    });
}

TrafficSimulator::~TrafficSimulator()
{
    const auto replies = m_inFlight + m_feedbackReplies;
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
        delete r;
    }
}

QUrl TrafficSimulator::predictUrl(const QUrl &target)
{
    return serverEndpoint(target, QStringLiteral("/predict"));
}

QUrl TrafficSimulator::faultsUrl(const QUrl &target)
{
    return FaultClient::faultsUrl(target);
}

QUrl TrafficSimulator::feedbackUrl(const QUrl &target)
{
    return serverEndpoint(target, QStringLiteral("/feedback"));
}

bool TrafficSimulator::start(const SimulatorOptions &options)
{
    QString problem;
    if (isRunning())
        problem = QStringLiteral("the simulator is already running");
    else if (options.targets.isEmpty())
        problem = QStringLiteral("no target to send traffic to");
    else if (!(options.rate >= 0) || !(options.spikeRate >= 0) || !std::isfinite(options.rate)
             || !std::isfinite(options.spikeRate))
        problem = QStringLiteral("the rate must be a finite number of requests per second >= 0");
    else if (!(options.errorFraction >= 0 && options.errorFraction <= 1)
             || !(options.driftFraction >= 0 && options.driftFraction <= 1)
             || options.errorFraction + options.driftFraction > 1.0 + 1e-9)
        problem = QStringLiteral("error and drift fractions must be within 0..1 and sum to <= 1");
    else if (!(options.feedbackShare >= 0 && options.feedbackShare <= 1))
        problem = QStringLiteral("the feedback share must be within 0..1");
    else if (options.feedbackDelayMs < 0)
        problem = QStringLiteral("the feedback delay cannot be negative");
    else if (!(options.timeScale > 0 && options.timeScale <= 1))
        problem = QStringLiteral("the time scale must be within (0, 1]");
    else if (options.maxInFlight < 1)
        problem = QStringLiteral("at least one request must be allowed in flight");
    for (const QUrl &t : options.targets) {
        if (problem.isEmpty()
            && (!t.isValid() || t.host().isEmpty()
                || (t.scheme() != QLatin1String("http") && t.scheme() != QLatin1String("https"))))
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
    m_feedbackAcc = 0;
    m_feedback.clear();
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

void TrafficSimulator::beginSending()
{
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

double TrafficSimulator::rateFor(Scenario phase) const
{
    const double scale = m_options.timeScale > 0 ? m_options.timeScale : 1.0;
    if (phase == Scenario::Spike) {
        if (m_options.scenario == Scenario::Spike && m_options.rate > 0)
            return m_options.rate / scale;
        return (m_options.spikeRate > 0 ? m_options.spikeRate : kDefaultSpikeRate) / scale;
    }
    if (m_options.rate > 0)
        return m_options.rate / scale;
    // Also the cycle's drift phase: its alert must fire within the phase.
    return (phase == Scenario::Drift ? kDefaultDriftRate : kDefaultRate) / scale;
}

void TrafficSimulator::updatePhase()
{
    if (m_options.scenario != Scenario::Cycle)
        return;
    const Scenario phase = cyclePhaseAt(m_clock.elapsed(), m_options.timeScale);
    if (phase == m_phase)
        return;
    m_phase = phase;
    const double rate = rateFor(phase);
    m_bucket->reset(rate, TokenBucket::defaultBurst(rate), m_clock.elapsed());
    qCInfo(lcSim) << "cycle phase" << scenarioName(phase);
    Q_EMIT phaseChanged(phase);
}

void TrafficSimulator::tick()
{
    if (m_state != State::Running)
        return;
    updatePhase();
    sendDueFeedback();
    const int room = m_options.maxInFlight - int(m_inFlight.size());
    const int n = m_bucket->take(m_clock.elapsed(), room);
    for (int i = 0; i < n; ++i)
        send(nextPayload());
}

Payload TrafficSimulator::nextPayload()
{
    switch (m_phase) {
    case Scenario::Drift:
        return m_generator->drift();
    case Scenario::Errors:
        return m_generator->malformed();
    case Scenario::Concept:
        return m_generator->conceptDrift();
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

void TrafficSimulator::send(const Payload &payload)
{
    const QUrl &target = m_options.targets.at(m_nextTarget % m_options.targets.size());
    m_nextTarget = (m_nextTarget + 1) % m_options.targets.size();
    QNetworkRequest request(predictUrl(target));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_options.requestTimeoutMs);
    QNetworkReply *reply = m_nam->post(request, payload.body);
    reply->setProperty("trueClass", payload.trueClass);
    m_inFlight.insert(reply);
    ++m_counters.sent;
    m_counters.inFlight = int(m_inFlight.size());
    markDirty();
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void TrafficSimulator::onReplyFinished(QNetworkReply *reply)
{
    if (!m_inFlight.remove(reply))
        return;
    reply->deleteLater();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        const int code = status.toInt();
        if (code >= 200 && code < 300) {
            ++m_counters.ok;
            const int trueClass = reply->property("trueClass").toInt();
            const QByteArray id = reply->rawHeader(QByteArrayLiteral("X-Request-Id"));
            if (m_options.feedbackShare > 0 && trueClass >= 0 && trueClass < 3 && !id.isEmpty()
                && m_state == State::Running) {
                m_feedbackAcc += m_options.feedbackShare;
                if (m_feedbackAcc >= 1.0 - 1e-9) {
                    m_feedbackAcc -= 1.0;
                    const QJsonObject body{
                        {QStringLiteral("id"), QString::fromLatin1(id)},
                        {QStringLiteral("actual"), QLatin1String(kClassNames[trueClass])}};
                    const auto delay =
                        qint64(double(m_options.feedbackDelayMs) * m_options.timeScale);
                    m_feedback.push_back({m_clock.elapsed() + delay, feedbackUrl(reply->url()),
                                          QJsonDocument(body).toJson(QJsonDocument::Compact)});
                }
            }
        } else {
            ++m_counters.failed;
        }
    } else {
        ++m_counters.failed;
        ++m_counters.networkErrors;
    }
    m_counters.inFlight = int(m_inFlight.size());
    markDirty();
    if (m_state == State::Draining)
        maybeFinishDrain();
}

void TrafficSimulator::sendDueFeedback()
{
    const qint64 now = m_clock.elapsed();
    while (!m_feedback.empty() && m_feedback.front().dueMs <= now) {
        const PendingFeedback f = std::move(m_feedback.front());
        m_feedback.pop_front();
        QNetworkRequest request(f.url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        request.setTransferTimeout(m_options.requestTimeoutMs);
        QNetworkReply *reply = m_nam->post(request, f.body);
        m_feedbackReplies.insert(reply);
        ++m_counters.feedbackSent;
        markDirty();
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            if (!m_feedbackReplies.remove(reply))
                return;
            reply->deleteLater();
            const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (code >= 200 && code < 300)
                ++m_counters.feedbackOk;
            else
                qCDebug(lcSim) << "feedback refused:" << code << reply->readAll();
            markDirty();
            if (m_state == State::Draining)
                maybeFinishDrain();
        });
    }
}

void TrafficSimulator::setFaults(int latencyMs, double errorRate)
{
    const bool restoring = m_state == State::Draining;
    FaultSettings faults;
    faults.latencyMs = latencyMs;
    faults.errorRate = errorRate;
    m_faults->setTimeoutMs(m_options.requestTimeoutMs);
    for (const QUrl &target : std::as_const(m_options.targets))
        m_faults->set(target, faults, this, [this, restoring](const FaultReply &reply) {
            onFaultReply(reply, restoring);
        });
}

void TrafficSimulator::onFaultReply(const FaultReply &reply, bool restoring)
{
    if (reply.accepted()) {
        if (!restoring)
            m_faultsSet = true;
    } else {
        const QString what = restoring ? QStringLiteral("restore") : QStringLiteral("set");
        const QString message =
            QStringLiteral("could not %1 fault injection at %2: %3")
                .arg(what, FaultClient::faultsUrl(reply.target).toString(), reply.error);
        qCWarning(lcSim) << message;
        Q_EMIT errorOccurred(message);
    }
    if (m_faults->inFlight() > 0)
        return;
    if (m_state == State::Preparing)
        beginSending();
    else if (m_state == State::Draining)
        maybeFinishDrain();
}

void TrafficSimulator::stop()
{
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

void TrafficSimulator::maybeFinishDrain()
{
    if (m_state == State::Draining && m_inFlight.isEmpty() && m_faults->inFlight() == 0
        && m_feedbackReplies.isEmpty())
        finish();
}

void TrafficSimulator::finish()
{
    m_state = State::Idle;
    m_drainTimer->stop();
    m_emitTimer->stop();
    m_counters.inFlight = 0;
    m_dirty = false;
    m_feedback.clear(); // labels not yet due are dropped with the run
    qCInfo(lcSim) << "stopped: sent" << m_counters.sent << "ok" << m_counters.ok << "failed"
                  << m_counters.failed << "labels" << m_counters.feedbackSent;
    Q_EMIT countersChanged(m_counters);
    Q_EMIT stopped();
}

void TrafficSimulator::markDirty()
{
    m_dirty = true;
}

} // namespace vitals::sim

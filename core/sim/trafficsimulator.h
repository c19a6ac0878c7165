#pragma once

#include "core/sim/faultclient.h"
#include "core/sim/payloads.h"
#include "core/sim/scenario.h"
#include "core/sim/tokenbucket.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <deque>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace vitals::sim {

// What to send, where and how fast.
struct SimulatorOptions {
    Scenario scenario = Scenario::Normal;
    // Base URLs of iris-server replicas ("http://127.0.0.1:8000"), used round-robin. A URL that
    // already ends in /predict is used as it is.
    QList<QUrl> targets;
    // Requests per second; 0 = kDefaultRate, or kDefaultSpikeRate for the spike scenario.
    double rate = 0;
    // Requests per second of the cycle's spike phase; 0 = kDefaultSpikeRate.
    double spikeRate = 0;
    // Requests awaiting a reply at most; when reached, sending pauses (spike stays bounded).
    int maxInFlight = 64;
    // Fixed seed for reproducible bodies; unset = a random seed.
    std::optional<quint64> seed;
    // Mix: shares (0..1, sum <= 1) of malformed and drifted requests, the rest normal. They are
    // met exactly, not on average: with 0.1, every tenth request is malformed.
    double errorFraction = 0.1;
    double driftFraction = 0;
    // Slow: what is set through POST /admin/faults on every target while running; on stop the
    // faults are set back to zero latency and zero error rate.
    int faultLatencyMs = 300;
    double faultErrorRate = 0;
    // Stops by itself after this long (milliseconds); 0 = runs until stop().
    qint64 durationMs = 0;
    // A request without an answer after this long (milliseconds) counts as failed.
    int requestTimeoutMs = 10000;
    // Ground truth: for this share (0..1, met exactly like the mix shares) of the answered
    // predictions whose true class is known (normal, spike, concept; not drift), the true
    // class is sent back to the server that answered, as POST /feedback {"id", "actual"} with
    // the answer's X-Request-Id, `feedbackDelayMs` after the answer (labels come late).
    double feedbackShare = 0;
    qint64 feedbackDelayMs = 10000;
    // Runs everything `timeScale` times as fast: phase lengths and the feedback delay times
    // timeScale, rates divided by it, so a server sees the same requests per phase (its drift
    // window counts predictions). 0 < timeScale <= 1; below 1 for tests only.
    double timeScale = 1.0;
};

// Live counts of one run. ok = 2xx answers; failed = any other status or no answer.
struct TrafficCounters {
    quint64 sent = 0;
    quint64 ok = 0;
    quint64 failed = 0;
    quint64 networkErrors = 0; // part of failed: no HTTP answer at all (refused, timeout, abort)
    int inFlight = 0;
    // Labels sent back (POST /feedback), and how many of them the server took (2xx).
    quint64 feedbackSent = 0;
    quint64 feedbackOk = 0;
};

// Sends synthetic inference traffic to iris-server: POST /predict bodies paced by a token bucket
// on a 10 ms timer, following a scenario. Lives in the thread that created it (the GUI thread in
// the console); all signals are emitted there. Owns its QNetworkAccessManager and every reply.
class TrafficSimulator : public QObject
{
    Q_OBJECT
public:
    explicit TrafficSimulator(QObject *parent = nullptr);
    // Aborts requests still in flight. Does not restore the server's faults: call stop() and
    // wait for stopped() for that.
    ~TrafficSimulator() override;

    // Starts a run with fresh counters. Returns false (and emits errorOccurred) when already
    // running or when the options are invalid: no target, a target that is not an http(s) URL,
    // a negative rate, fractions outside 0..1.
    bool start(const SimulatorOptions &options);

    // Stops sending, waits up to 5 s for replies in flight (then aborts them), restores the
    // faults of the slow scenario, then emits stopped(). Does nothing when not running.
    void stop();

    // True from start() until stopped() is emitted.
    bool isRunning() const { return m_state != State::Idle; }

    TrafficCounters counters() const { return m_counters; }
    // The scenario now being sent: the options' scenario, or the current phase of a cycle.
    Scenario currentPhase() const { return m_phase; }
    const SimulatorOptions &options() const { return m_options; }

    // URL helpers (pure): the /predict, /admin/faults and /feedback URLs of a target's base URL.
    static QUrl predictUrl(const QUrl &target);
    static QUrl faultsUrl(const QUrl &target);
    static QUrl feedbackUrl(const QUrl &target);

Q_SIGNALS:
    // At most every 100 ms while counts change, and once more when the run ends.
    void countersChanged(const vitals::sim::TrafficCounters &counters);
    void phaseChanged(vitals::sim::Scenario phase);
    void stopped();
    void errorOccurred(const QString &message);

private:
    enum class State { Idle, Preparing, Running, Draining };

    void beginSending();
    void tick();
    void updatePhase();
    double rateFor(Scenario phase) const;
    Payload nextPayload();
    void send(const Payload &payload);
    void onReplyFinished(QNetworkReply *reply);
    void setFaults(int latencyMs, double errorRate);
    void onFaultReply(const FaultReply &reply, bool restoring);
    void maybeFinishDrain();
    void finish();
    void markDirty();
    void sendDueFeedback();

    SimulatorOptions m_options;
    State m_state = State::Idle;
    Scenario m_phase = Scenario::Normal;
    TrafficCounters m_counters;
    bool m_dirty = false;
    bool m_faultsSet = false;
    double m_errorAcc = 0;
    double m_driftAcc = 0;
    double m_feedbackAcc = 0;
    qsizetype m_nextTarget = 0;

    // Labels waiting for their delay, in the order they are due.
    struct PendingFeedback {
        qint64 dueMs; // on m_clock
        QUrl url;     // the /feedback URL of the server that answered
        QByteArray body;
    };
    std::deque<PendingFeedback> m_feedback;
    QSet<QNetworkReply *> m_feedbackReplies;

    QNetworkAccessManager *m_nam;
    QTimer *m_tickTimer;
    QTimer *m_emitTimer;
    QTimer *m_durationTimer;
    QTimer *m_drainTimer;
    QElapsedTimer m_clock;
    std::unique_ptr<TokenBucket> m_bucket;
    std::unique_ptr<PayloadGenerator> m_generator;
    QSet<QNetworkReply *> m_inFlight;
    FaultClient *m_faults;
};

} // namespace vitals::sim

Q_DECLARE_METATYPE(vitals::sim::TrafficCounters)

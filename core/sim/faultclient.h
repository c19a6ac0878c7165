#pragma once

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace vitals::sim {

// Faults injected into iris-server (GET and POST /admin/faults): added latency and a share of
// 503s.
struct FaultSettings {
    int latencyMs = 0;    // added to every inference answer, milliseconds
    double errorRate = 0; // share of inference requests answered 503, 0..1 (0.2 = 20 %)

    bool isNone() const { return latencyMs == 0 && errorRate == 0; }
    bool operator==(const FaultSettings &) const = default;
};

// `path` ("/predict", "/admin/faults", "/feedback") on the iris-server whose base URL is
// `target`; a target that already ends in /predict counts as its base URL. Pure.
QUrl serverEndpoint(const QUrl &target, const QString &path);

// One answer of iris-server to GET or POST /admin/faults.
struct FaultReply {
    QUrl target;                           // the server's base URL, as asked
    int httpStatus = 0;                    // 0 when no HTTP answer came (refused, timeout, abort)
    std::optional<FaultSettings> reported; // the faults the server says it has now
    QString error;                         // why it failed, for people; empty on success

    // The server took the request (2xx). `reported` may still be unset when the answer named no
    // faults.
    bool accepted() const { return httpStatus >= 200 && httpStatus < 300; }
};

// The one client of iris-server's fault injection (/admin/faults), used by the traffic
// simulator's slow scenario and by the local stack's per-replica faults.
//
// GUI thread (the thread that created it). Owns its QNetworkAccessManager and every reply:
// destroying the client aborts its requests and no callback runs afterwards. A callback runs
// only while its `context` is alive.
class FaultClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const FaultReply &)>;

    explicit FaultClient(QObject *parent = nullptr);
    ~FaultClient() override;

    // GET /admin/faults of the server at `target` (a base URL, or one ending in /predict).
    void read(const QUrl &target, QObject *context, Callback done);
    // POST /admin/faults {"latency_ms", "error_rate"}: sets the server's faults.
    void set(const QUrl &target, const FaultSettings &faults, QObject *context, Callback done);

    // An answer later than this counts as failed (milliseconds; 5000 unless set).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Requests awaiting their answer.
    int inFlight() const { return int(m_replies.size()); }
    // Aborts every request in flight; each callback runs once, with an error.
    void abortAll();

    // The /admin/faults URL of a server's base URL (a trailing /predict is dropped).
    static QUrl faultsUrl(const QUrl &target);

private:
    void watch(QNetworkReply *reply, const QUrl &target, QObject *context, Callback done);

    QNetworkAccessManager *m_network;
    QSet<QNetworkReply *> m_replies;
    int m_timeoutMs = 5000;
};

} // namespace vitals::sim

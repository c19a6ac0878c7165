#include "core/prom/transport.h"

#include "core/prom/promlogging.h"
#include "core/turnqueue.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>
#include <QUrlQuery>

namespace vitals::prom {

namespace {

QString hostPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == u"https" ? 443 : 80);
    return url.host() + u':' + QString::number(port);
}

QByteArray encodeParams(const QList<QPair<QString, QString>> &params)
{
    // Every reserved character is escaped, '+' included: servers decode a form '+' as a space,
    // which would silently turn `a+b` into `a b`.
    QByteArray out;
    for (const auto &[key, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(key);
        out += '=';
        out += QUrl::toPercentEncoding(value);
    }
    return out;
}

Error transferError(QNetworkReply::NetworkError code, const QString &qtText, const QUrl &url,
                    const QList<QSslError> &sslErrors, int timeoutMs)
{
    Error e;
    e.detail = qtText;
    const QString where = hostPort(url);
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        e.type = ErrorType::Network;
        e.message = QStringLiteral("Connection refused: nothing is listening at %1. Is the "
                                   "server running, and is the port right?")
                        .arg(where);
        break;
    case QNetworkReply::HostNotFoundError:
        e.type = ErrorType::Network;
        e.message = QStringLiteral("The host \"%1\" was not found (DNS lookup failed). Check "
                                   "the server address.")
                        .arg(url.host());
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        e.type = ErrorType::Timeout;
        e.message = QStringLiteral("%1 did not answer within %2 s. The server may be "
                                   "overloaded or the query too heavy: try a shorter range or a "
                                   "larger step.")
                        .arg(where)
                        .arg(timeoutMs / 1000.0);
        break;
    case QNetworkReply::SslHandshakeFailedError: {
        e.type = ErrorType::Tls;
        QStringList reasons;
        for (const QSslError &s : sslErrors)
            reasons << s.errorString();
        e.message =
            QStringLiteral("The secure connection to %1 failed: %2. If the server uses "
                           "a private certificate authority, set its CA file in the "
                           "connection.")
                .arg(where, reasons.isEmpty() ? qtText : reasons.join(QStringLiteral("; ")));
        break;
    }
    case QNetworkReply::RemoteHostClosedError:
        e.type = ErrorType::Network;
        e.message =
            QStringLiteral("%1 closed the connection before the whole answer arrived.").arg(where);
        break;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        e.type = ErrorType::BadResponse;
        e.message = QStringLiteral("%1 did not answer in valid HTTP. Is this the address of a "
                                   "Prometheus-compatible server?")
                        .arg(where);
        break;
    default:
        if (code >= QNetworkReply::ProxyConnectionRefusedError
            && code <= QNetworkReply::UnknownProxyError) {
            e.type = ErrorType::Network;
            e.message = QStringLiteral("The network proxy failed: %1").arg(qtText);
        } else {
            e.type = ErrorType::Network;
            e.message = QStringLiteral("The connection to %1 failed: %2").arg(where, qtText);
        }
        break;
    }
    return e;
}

bool isHttpAnswer(QNetworkReply::NetworkError code)
{
    // With a status line received, Qt still reports 4xx/5xx as content (2xx enum values),
    // protocol (3xx; e.g. 400 is ProtocolInvalidOperationError) or server (4xx) errors: those
    // are complete HTTP answers. Network and proxy errors, and a broken HTTP stream
    // (ProtocolFailure), mean the transfer itself failed.
    return code == QNetworkReply::NoError
           || (code >= QNetworkReply::ContentAccessDenied
               && code != QNetworkReply::ProtocolFailure);
}

} // namespace

// One request in flight, owned by the Transport (QObject child) and referenced by the caller's
// RequestHandle. Deletes itself after calling back or when canceled.
class PendingRequest : public detail::Cancelable
{
public:
    PendingRequest(Transport *transport, HttpRequest request, QObject *context,
                   std::function<void(const HttpResponse &)> done)
        : detail::Cancelable(transport)
        , m_transport(transport)
        , m_request(std::move(request))
        , m_context(context)
        , m_done(std::move(done))
    {
        if (m_request.timeoutMs <= 0)
            m_request.timeoutMs =
                transport->profile().timeoutMs > 0 ? transport->profile().timeoutMs : 30000;
        if (context && context != transport)
            QObject::connect(context, &QObject::destroyed, this, [this] { cancel(); });
        m_deadline.setSingleShot(true);
        // A coarse timer may fire up to 5 % early; a timeout the user set is kept to the ms.
        m_deadline.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_deadline, &QTimer::timeout, this, [this] {
            m_timedOut = true;
            if (m_reply)
                m_reply->abort();
        });
        m_clock.start();
    }

    ~PendingRequest() override { dropReply(); }

    void start()
    {
        const bool post =
            m_request.postAllowed && m_request.verb.isEmpty() && !m_transport->postRejected();
        send(post);
        m_deadline.start(m_request.timeoutMs);
    }

    void cancel() override
    {
        if (isFinished())
            return;
        markFinished();
        m_deadline.stop();
        dropReply();
        deleteLater();
    }

private:
    void send(bool post)
    {
        const ConnectionProfile &profile = m_transport->profile();
        m_usedPost = post;
        m_url = profile.apiUrl(m_request.apiPath);
        const QByteArray params = encodeParams(m_request.params);
        if (!post && !params.isEmpty())
            m_url.setQuery(QString::fromLatin1(params), QUrl::StrictMode);

        QNetworkRequest req(m_url);
        req.setTransferTimeout(m_request.timeoutMs);
        req.setRawHeader("Accept", "application/json");
        req.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("vitals/") + QByteArrayLiteral(VITALS_VERSION));
        // Our own cap watches the decompressed size; Qt's ratio check would reject legitimate,
        // very repetitive JSON long before that.
        req.setDecompressedSafetyCheckThreshold(m_transport->maxResponseBytes());
        if (!profile.bearerToken.isEmpty()) {
            req.setRawHeader("Authorization", "Bearer " + profile.bearerToken.toUtf8());
        } else if (!profile.username.isEmpty()) {
            const QByteArray credentials = (profile.username + u':' + profile.password).toUtf8();
            req.setRawHeader("Authorization", "Basic " + credentials.toBase64());
        }
        if (!profile.tenant.isEmpty())
            req.setRawHeader("X-Scope-OrgID", profile.tenant.toUtf8());
        for (const auto &[name, value] : profile.extraHeaders)
            req.setRawHeader(name, value);
        if (m_url.scheme() == u"https" && !profile.caFile.isEmpty()) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            if (!tls.addCaCertificates(profile.caFile))
                qCWarning(lcProm) << "no certificate could be read from CA file" << profile.caFile;
            req.setSslConfiguration(tls);
        }

        m_body.clear();
        m_sslErrors.clear();
        QNetworkAccessManager *nam = m_transport->m_nam;
        if (m_request.verb == "POST") {
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
            m_reply = nam->post(req, m_request.jsonBody);
        } else if (m_request.verb == "DELETE") {
            m_reply = nam->deleteResource(req);
        } else if (post) {
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
            m_reply = nam->post(req, params);
        } else {
            m_reply = nam->get(req);
        }
        QNetworkReply *reply = m_reply;
        QObject::connect(reply, &QNetworkReply::metaDataChanged, this, [this] { checkLength(); });
        QObject::connect(reply, &QNetworkReply::readyRead, this, [this] { readAvailable(); });
        QObject::connect(reply, &QNetworkReply::sslErrors, this,
                         [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
        QObject::connect(reply, &QNetworkReply::finished, this, [this] { finished(); });
    }

    void checkLength()
    {
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > m_transport->maxResponseBytes()) {
            m_tooLarge = true;
            m_reply->abort();
        }
    }

    void readAvailable()
    {
        // An aborted reply (timeout, cancel) is closed; reading it only makes Qt warn.
        if (m_tooLarge || !m_reply || !m_reply->isOpen())
            return;
        const qint64 cap = m_transport->maxResponseBytes();
        const qint64 available = m_reply->bytesAvailable();
        if (m_body.size() + available > cap) {
            m_tooLarge = true;
            m_reply->abort();
            return;
        }
        if (m_body.capacity() < m_body.size() + available + kBodyPadding)
            m_body.reserve(std::max<qsizetype>(m_body.capacity() * 2,
                                               m_body.size() + available + kBodyPadding));
        m_body += m_reply->readAll();
    }

    void finished()
    {
        if (isFinished() || !m_reply)
            return;
        readAvailable();
        QNetworkReply *reply = m_reply;
        const QNetworkReply::NetworkError code = reply->error();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

        if (m_usedPost && (status == 403 || status == 405 || status == 501) && !m_tooLarge
            && !m_timedOut) {
            qCInfo(lcProm) << "POST refused with" << status << "by" << m_url.host()
                           << "- using GET from now on";
            m_transport->m_postRejected = true;
            dropReply();
            send(false);
            return;
        }

        HttpResponse response;
        response.url = m_url;
        response.usedPost = m_usedPost;
        response.elapsedMs = m_clock.elapsed();
        if (m_tooLarge) {
            response.error.type = ErrorType::TooLarge;
            response.error.message =
                QStringLiteral("The answer from %1 is larger than the %2 MiB limit. Narrow the "
                               "query (fewer series, a shorter range or a larger step).")
                    .arg(hostPort(m_url))
                    .arg(double(m_transport->maxResponseBytes()) / (1024.0 * 1024.0));
            response.error.detail = QStringLiteral("stopped after %1 bytes").arg(m_body.size());
            response.error.httpStatus = status;
        } else if (m_timedOut) {
            response.error = transferError(QNetworkReply::TimeoutError, reply->errorString(), m_url,
                                           {}, m_request.timeoutMs);
        } else if (status > 0 && isHttpAnswer(code)) {
            response.httpStatus = status;
            response.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            if (m_body.capacity() - m_body.size() < kBodyPadding)
                m_body.reserve(m_body.size() + kBodyPadding);
            response.body = std::move(m_body);
        } else {
            response.error =
                transferError(code, reply->errorString(), m_url, m_sslErrors, m_request.timeoutMs);
            response.error.httpStatus = status;
        }

        m_deadline.stop();
        dropReply();
        m_response = std::move(response);
        // Handed over on its turn (core/turnqueue.h). This object is the item's context: a
        // handle reset while the answer waits deletes it, and the item with it.
        turnqueue::post(this, [this] { deliver(); });
    }

    // On the answer's turn. Still cancelable until then: a handle reset while the answer
    // waited means no callback.
    void deliver()
    {
        if (isFinished())
            return;
        // The callback may reset the handle or destroy the Transport: after it runs this
        // object touches nothing of its own.
        markFinished();
        deleteLater();
        auto done = std::move(m_done);
        const HttpResponse response = std::move(m_response);
        const bool contextAlive = !m_context.isNull();
        if (done && contextAlive)
            done(response);
    }

    void dropReply()
    {
        if (!m_reply)
            return;
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        if (reply->isRunning())
            reply->abort();
        reply->deleteLater();
    }

    Transport *m_transport;
    HttpRequest m_request;
    QPointer<QObject> m_context;
    std::function<void(const HttpResponse &)> m_done;
    QPointer<QNetworkReply> m_reply;
    QUrl m_url;
    QByteArray m_body;
    QList<QSslError> m_sslErrors;
    HttpResponse m_response; // the answer, between finished() and deliver()
    QTimer m_deadline;
    QElapsedTimer m_clock;
    bool m_usedPost = false;
    bool m_timedOut = false;
    bool m_tooLarge = false;
};

Transport::Transport(ConnectionProfile profile, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_nam(new QNetworkAccessManager(this))
{
    // Redirects are followed only when they stay as safe (https stays https).
    m_nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

Transport::~Transport() = default;

void Transport::setProfile(ConnectionProfile profile)
{
    m_profile = std::move(profile);
    m_postRejected = false;
}

RequestHandle Transport::send(const HttpRequest &request, QObject *context,
                              std::function<void(const HttpResponse &)> done)
{
    auto *pending = new PendingRequest(this, request, context ? context : this, std::move(done));
    pending->start();
    return RequestHandle(pending);
}

} // namespace vitals::prom

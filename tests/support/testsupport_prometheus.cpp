#include "testsupport_prometheus.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

namespace vitals::testsupport {

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return done();
        spin(5);
    }
    return true;
}

namespace {

// One blocking request: GET when `payload` is null, else a JSON POST.
int httpRequest(const QUrl &url, const QByteArray *payload, QByteArray *body, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = nullptr;
    if (payload) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        reply = nam.post(request, *payload);
    } else {
        reply = nam.get(request);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (body)
        *body = reply->readAll();
    reply->abort();
    reply->deleteLater();
    return status;
}

} // namespace

int httpGet(const QUrl &url, QByteArray *body, int timeoutMs)
{
    return httpRequest(url, nullptr, body, timeoutMs);
}

int httpPost(const QUrl &url, const QByteArray &payload, QByteArray *body, int timeoutMs)
{
    return httpRequest(url, &payload, body, timeoutMs);
}

PrometheusProcess::PrometheusProcess(Kind kind)
    : m_kind(kind)
{}

PrometheusProcess::~PrometheusProcess()
{
    stop();
}

QString PrometheusProcess::binary(Kind kind)
{
    return kind == Kind::Prometheus ? QStringLiteral("/usr/bin/prometheus")
                                    : QStringLiteral("/usr/bin/victoria-metrics");
}

bool PrometheusProcess::isAvailable(Kind kind)
{
    return QFileInfo(binary(kind)).isExecutable();
}

bool PrometheusProcess::start(const QStringList &scrapeTargets, int scrapeIntervalSeconds,
                              const QString &job, int readyTimeoutMs)
{
    stop();
    m_log.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    m_port = freeLoopbackPort();
    if (!m_dir->isValid() || m_port == 0) {
        m_log = QStringLiteral("no temporary directory or free port");
        return false;
    }

    const QString interval = QString::number(std::max(1, scrapeIntervalSeconds)) + u's';
    QString config = QStringLiteral("global:\n  scrape_interval: %1\n  scrape_timeout: %1\n"
                                    "  evaluation_interval: %1\nscrape_configs:\n"
                                    "  - job_name: %3\n    static_configs:\n"
                                    "      - targets: ['127.0.0.1:%2']\n")
                         .arg(interval)
                         .arg(m_port)
                         .arg(m_selfJob);
    if (!scrapeTargets.isEmpty()) {
        config +=
            QStringLiteral("  - job_name: %1\n    static_configs:\n      - targets: [").arg(job);
        QStringList quoted;
        for (const QString &t : scrapeTargets)
            quoted << u'\'' + t + u'\'';
        config += quoted.join(QStringLiteral(", ")) + QStringLiteral("]\n");
    }
    if (!m_ruleFiles.isEmpty()) {
        config += QStringLiteral("rule_files:\n");
        for (const QString &path : m_ruleFiles)
            config += QStringLiteral("  - '%1'\n").arg(path);
    }
    const QString configPath = m_dir->filePath(QStringLiteral("prometheus.yml"));
    QFile file(configPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        m_log = QStringLiteral("cannot write ") + configPath;
        return false;
    }
    file.close();

    const QString dataDir =
        m_dataDir.isEmpty() ? m_dir->filePath(QStringLiteral("data")) : m_dataDir;
    QStringList args;
    const QString listen = QStringLiteral("127.0.0.1:%1").arg(m_port);
    if (m_kind == Kind::Prometheus) {
        args << QStringLiteral("--config.file=") + configPath
             << QStringLiteral("--storage.tsdb.path=") + dataDir
             << QStringLiteral("--web.listen-address=") + listen
             << QStringLiteral("--log.level=warn");
    } else {
        args << QStringLiteral("-promscrape.config=") + configPath
             << QStringLiteral("-promscrape.config.strictParse=false")
             << QStringLiteral("-httpListenAddr=") + listen
             << QStringLiteral("-storageDataPath=") + dataDir
             << QStringLiteral("-search.latencyOffset=1s") << QStringLiteral("-search.disableCache")
             << QStringLiteral("-loggerLevel=WARN");
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(binary(m_kind), args);
    if (!m_process->waitForStarted(10000)) {
        m_log = QStringLiteral("cannot start ") + binary(m_kind) + QStringLiteral(": ")
                + m_process->errorString();
        return false;
    }
    const QUrl ready = baseUrl().resolved(
        QUrl(m_kind == Kind::Prometheus ? QStringLiteral("/-/ready") : QStringLiteral("/health")));
    const bool up = waitUntil(
        [&] {
            if (!isRunning())
                return true;
            return httpGet(ready, nullptr, 1000) == 200;
        },
        readyTimeoutMs);
    if (!up || !isRunning()) {
        m_log = QStringLiteral("server not ready: ") + log();
        stop();
        return false;
    }
    return true;
}

void PrometheusProcess::stop()
{
    if (m_process) {
        if (m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(10000)) {
                m_process->kill();
                m_process->waitForFinished(5000);
            }
        }
        m_log += QString::fromUtf8(m_process->readAll());
        m_process.reset();
    }
    m_dir.reset();
}

bool PrometheusProcess::waitForTargets(int count, int timeoutMs) const
{
    const QUrl url = baseUrl().resolved(QUrl(QStringLiteral("/api/v1/targets?state=active")));
    return waitUntil(
        [&] {
            QByteArray body;
            if (httpGet(url, &body, 2000) != 200)
                return false;
            return QJsonDocument::fromJson(body)
                       .object()
                       .value(QStringLiteral("data"))
                       .toObject()
                       .value(QStringLiteral("activeTargets"))
                       .toArray()
                       .size()
                   >= count;
        },
        timeoutMs);
}

bool PrometheusProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QUrl PrometheusProcess::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QString PrometheusProcess::log() const
{
    QString out = m_log;
    if (m_process)
        out += QString::fromUtf8(m_process->peek(1 << 20));
    return out;
}

} // namespace vitals::testsupport

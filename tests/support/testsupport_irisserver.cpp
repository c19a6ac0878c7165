#include "support/testsupport_irisserver.h"

#include <QElapsedTimer>
#include <QRegularExpression>

namespace vitals::testsupport {

IrisServerProcess::IrisServerProcess() = default;

IrisServerProcess::~IrisServerProcess()
{
    stop();
}

QString IrisServerProcess::executablePath()
{
    return QStringLiteral(VITALS_BIN_DIR "/iris-server");
}

bool IrisServerProcess::start(const QStringList &extraArgs, int timeoutMs)
{
    stop();
    m_error.clear();
    m_port = 0;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList args = {QStringLiteral("serve"), QStringLiteral("--host"),
                        QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")};
    args << extraArgs;
    m_process->start(executablePath(), args);
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error =
            QStringLiteral("cannot start %1: %2").arg(executablePath(), m_process->errorString());
        return false;
    }
    static const QRegularExpression line(
        QStringLiteral("^listening on http://([^:\\s]+):(\\d+)\\s*$"));
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("iris-server exited with code %1 before listening (its "
                                     "log is on stderr)")
                          .arg(m_process->exitCode());
            return false;
        }
        if (!m_process->canReadLine())
            m_process->waitForReadyRead(100);
        while (m_process->canReadLine()) {
            const QString text = QString::fromUtf8(m_process->readLine());
            const auto match = line.match(text);
            if (match.hasMatch()) {
                m_host = match.captured(1);
                m_port = quint16(match.captured(2).toUInt());
                return true;
            }
        }
    }
    m_error = QStringLiteral("iris-server printed no listening line within %1 ms").arg(timeoutMs);
    stop();
    return false;
}

int IrisServerProcess::stop(int timeoutMs)
{
    if (!m_process)
        return -1;
    int code = -1;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (m_process->waitForFinished(timeoutMs)) {
            code = m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
        } else {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    } else {
        code = m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    }
    m_process.reset();
    return code;
}

bool IrisServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QString IrisServerProcess::baseUrl() const
{
    return QStringLiteral("http://%1:%2").arg(m_host).arg(m_port);
}

qint64 IrisServerProcess::processId() const
{
    return m_process ? m_process->processId() : 0;
}

} // namespace vitals::testsupport

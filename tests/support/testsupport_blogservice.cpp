#include "support/testsupport_blogservice.h"

#include <QElapsedTimer>
#include <QRegularExpression>

namespace vitals::testsupport {

BlogServiceProcess::BlogServiceProcess() = default;

BlogServiceProcess::~BlogServiceProcess()
{
    stop();
}

QString BlogServiceProcess::interpreter()
{
    return QStringLiteral("/usr/bin/python3");
}

QString BlogServiceProcess::scriptPath()
{
    return QStringLiteral(VITALS_SOURCE_DIR "/tests/support/blog_service.py");
}

bool BlogServiceProcess::start(int timeoutMs)
{
    stop();
    m_error.clear();
    m_port = 0;
    m_process = std::make_unique<QProcess>();
    // Python's own error output (an ImportError names the missing module) goes to the test's
    // stderr; stdout carries the readiness line.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(interpreter(),
                     {QStringLiteral("-u"), scriptPath(), QStringLiteral("--host"),
                      QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")});
    if (!m_process->waitForStarted(10000)) {
        m_error =
            QStringLiteral("cannot start %1: %2").arg(interpreter(), m_process->errorString());
        return false;
    }
    static const QRegularExpression line(
        QStringLiteral("^listening on http://([^:\\s]+):(\\d+)\\s*$"));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("%1 exited with code %2 before listening (a missing module "
                                     "of python3-fastapi, python3-uvicorn, python3-sklearn or "
                                     "python3-prometheus-client? Its error is on stderr)")
                          .arg(scriptPath())
                          .arg(m_process->exitCode());
            return false;
        }
        if (!m_process->canReadLine())
            m_process->waitForReadyRead(100);
        while (m_process->canReadLine()) {
            const auto match = line.match(QString::fromUtf8(m_process->readLine()));
            if (match.hasMatch()) {
                m_host = match.captured(1);
                m_port = quint16(match.captured(2).toUInt());
                return true;
            }
        }
    }
    m_error = QStringLiteral("%1 printed no listening line within %2 ms")
                  .arg(scriptPath())
                  .arg(timeoutMs);
    stop();
    return false;
}

void BlogServiceProcess::stop(int timeoutMs)
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(timeoutMs)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

bool BlogServiceProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QString BlogServiceProcess::baseUrl() const
{
    return QStringLiteral("http://%1:%2").arg(m_host).arg(m_port);
}

QString BlogServiceProcess::address() const
{
    return QStringLiteral("%1:%2").arg(m_host).arg(m_port);
}

} // namespace vitals::testsupport

#include "core/stack/childprocess.h"

#include "core/stack/stacklogging.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace vitals::stack {

namespace {

constexpr qsizetype kMaxLineBytes = 4096;
constexpr int kPollIntervalMs = 100;
constexpr int kPollTimeoutMs = 2000;

} // namespace

QString processStateName(ProcessState state)
{
    switch (state) {
    case ProcessState::NotStarted:
        return QStringLiteral("not started");
    case ProcessState::Starting:
        return QStringLiteral("starting");
    case ProcessState::Ready:
        return QStringLiteral("ready");
    case ProcessState::Crashed:
        return QStringLiteral("crashed");
    case ProcessState::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

ChildProcess::ChildProcess(const QString &name, QNetworkAccessManager *nam, int logCapacity,
                           QObject *parent)
    : QObject(parent)
    , m_name(name)
    , m_nam(nam)
    , m_capacity(std::max(1, logCapacity))
    , m_killTimer(new QTimer(this))
    , m_startTimer(new QTimer(this))
    , m_pollTimer(new QTimer(this))
{
    m_killTimer->setSingleShot(true);
    connect(m_killTimer, &QTimer::timeout, this, [this] {
        if (isRunning()) {
            note(QStringLiteral("still running after SIGTERM; sending SIGKILL"));
            m_process->kill();
        }
    });
    m_startTimer->setSingleShot(true);
    connect(m_startTimer, &QTimer::timeout, this, [this] {
        if (m_state == ProcessState::Starting)
            failStart(QStringLiteral("did not become ready within %1 s")
                          .arg(m_spec.startTimeoutMs / 1000.0));
    });
    m_pollTimer->setSingleShot(true);
    m_pollTimer->setInterval(kPollIntervalMs);
    connect(m_pollTimer, &QTimer::timeout, this, &ChildProcess::pollReadiness);
}

ChildProcess::~ChildProcess()
{
    beginShutdown();
    finishShutdown(QDeadlineTimer(2000));
}

bool ChildProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 ChildProcess::pid() const
{
    return isRunning() ? m_process->processId() : 0;
}

QStringList ChildProcess::logLines() const
{
    return QStringList(m_log.begin(), m_log.end());
}

void ChildProcess::setState(ProcessState state)
{
    if (state == m_state)
        return;
    m_state = state;
    qCDebug(lcStack) << m_name << "is" << processStateName(state);
    Q_EMIT stateChanged(state);
}

void ChildProcess::addLine(const QString &line)
{
    m_log.push_back(line);
    while (qsizetype(m_log.size()) > m_capacity)
        m_log.pop_front();
    Q_EMIT logLine(line);
}

void ChildProcess::note(const QString &text)
{
    addLine(QStringLiteral("vitals: ") + text);
}

void ChildProcess::setErrorString(const QString &text)
{
    m_error = text;
    for (const QString &line : text.split(QLatin1Char('\n')))
        note(line);
}

void ChildProcess::start(const LaunchSpec &spec)
{
    if (m_state == ProcessState::Starting || m_state == ProcessState::Ready)
        return;
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
    }
    m_spec = spec;
    m_stopping = false;
    m_exitCode = -1;
    m_error.clear();
    m_url = spec.url;
    m_partial[0].clear();
    m_partial[1].clear();
    if (m_poll)
        m_poll->abort();

    m_process = new QProcess(this);
    m_process->setProgram(spec.program);
    m_process->setArguments(spec.arguments);
    if (!spec.workingDirectory.isEmpty())
        m_process->setWorkingDirectory(spec.workingDirectory);
#ifdef Q_OS_LINUX
    // The child must not outlive the console even when the console is SIGKILLed. If the
    // console died between fork and prctl, the child has already been re-parented: leave.
    const pid_t parentPid = ::getpid();
    m_process->setChildProcessModifier([parentPid] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parentPid)
            ::_exit(127);
    });
#endif
    QProcess *process = m_process;
    connect(process, &QProcess::readyReadStandardOutput, this, [this] { readChannel(0); });
    connect(process, &QProcess::readyReadStandardError, this, [this] { readChannel(1); });
    connect(process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        onFinished(code, status == QProcess::CrashExit);
    });
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onStartFailed();
    });

    note(QStringLiteral("starting %1 %2").arg(spec.program, spec.arguments.join(QLatin1Char(' '))));
    setState(ProcessState::Starting);
    m_startTimer->start(std::max(1, spec.startTimeoutMs));
    process->start();
    if (m_process == process && isRunning() && m_url.isValid())
        m_pollTimer->start();
}

void ChildProcess::readChannel(int channel)
{
    if (!m_process)
        return;
    m_process->setReadChannel(channel == 0 ? QProcess::StandardOutput : QProcess::StandardError);
    QByteArray &partial = m_partial[channel];
    partial += m_process->readAll();
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = partial.indexOf('\n', start);
        if (nl < 0)
            break;
        QByteArray raw = partial.mid(start, std::min(nl - start, kMaxLineBytes));
        if (raw.endsWith('\r'))
            raw.chop(1);
        start = nl + 1;
        const QString line = QString::fromUtf8(raw);
        addLine(line);
        if (channel == 0 && m_state == ProcessState::Starting && !m_url.isValid()) {
            static const QRegularExpression listening(
                QStringLiteral("^listening on (https?://\\S+)$"));
            const QRegularExpressionMatch m = listening.match(line.trimmed());
            if (m.hasMatch())
                onListening(QUrl(m.captured(1)));
        }
    }
    partial.remove(0, start);
    // A child that writes without newlines must not grow memory without bound.
    if (partial.size() > kMaxLineBytes) {
        addLine(QString::fromUtf8(partial.left(kMaxLineBytes)));
        partial.clear();
    }
}

void ChildProcess::onListening(const QUrl &url)
{
    if (!url.isValid() || url.port() <= 0) {
        failStart(QStringLiteral("announced an unusable address: %1").arg(url.toString()));
        return;
    }
    m_url = url;
    m_pollTimer->start();
}

void ChildProcess::pollReadiness()
{
    if (m_state != ProcessState::Starting || !m_url.isValid())
        return;
    QUrl probe = m_url;
    probe.setPath(m_spec.readinessPath);
    QNetworkRequest request(probe);
    request.setTransferTimeout(kPollTimeoutMs);
    QNetworkReply *reply = m_nam->get(request);
    m_poll = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (m_poll != reply || m_state != ProcessState::Starting)
            return;
        m_poll = nullptr;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
            m_startTimer->stop();
            note(QStringLiteral("ready at %1").arg(m_url.toString()));
            setState(ProcessState::Ready);
            Q_EMIT ready(m_url);
        } else {
            m_pollTimer->start();
        }
    });
}

void ChildProcess::failStart(const QString &why)
{
    m_error = why;
    note(why);
    qCWarning(lcStack) << m_name << why;
    m_startTimer->stop();
    m_pollTimer->stop();
    if (isRunning()) {
        // Ends as Crashed in onFinished: m_stopping stays false.
        m_process->terminate();
        m_killTimer->start(2000);
    } else {
        setState(ProcessState::Crashed);
    }
}

void ChildProcess::onStartFailed()
{
    m_startTimer->stop();
    m_exitCode = -1;
    m_error =
        QStringLiteral("could not start %1: %2").arg(m_spec.program, m_process->errorString());
    note(m_error);
    qCWarning(lcStack) << m_name << m_error;
    setState(m_stopping ? ProcessState::Stopped : ProcessState::Crashed);
}

void ChildProcess::onFinished(int exitCode, bool crashed)
{
    readChannel(0);
    readChannel(1);
    m_killTimer->stop();
    m_startTimer->stop();
    m_pollTimer->stop();
    if (m_poll)
        m_poll->abort();
    m_exitCode = crashed ? -1 : exitCode;
    if (m_stopping) {
        note(QStringLiteral("stopped"));
        setState(ProcessState::Stopped);
        return;
    }
    const QString how = crashed ? QStringLiteral("was killed by a signal")
                                : QStringLiteral("exited with code %1").arg(exitCode);
    if (m_error.isEmpty())
        m_error = how;
    note(how);
    qCWarning(lcStack) << m_name << how;
    setState(ProcessState::Crashed);
}

void ChildProcess::stop(int killAfterMs)
{
    m_startTimer->stop();
    m_pollTimer->stop();
    if (!isRunning()) {
        if (m_state == ProcessState::Starting || m_state == ProcessState::Ready)
            setState(ProcessState::Stopped);
        return;
    }
    if (m_stopping)
        return;
    m_stopping = true;
    note(QStringLiteral("stopping (SIGTERM)"));
    m_process->terminate();
    m_killTimer->start(std::max(0, killAfterMs));
}

void ChildProcess::beginShutdown()
{
    m_killTimer->stop();
    m_startTimer->stop();
    m_pollTimer->stop();
    if (m_poll) {
        m_poll->disconnect(this);
        m_poll->abort();
    }
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (isRunning())
        m_process->terminate();
}

void ChildProcess::finishShutdown(QDeadlineTimer deadline)
{
    if (!isRunning())
        return;
    if (!m_process->waitForFinished(int(std::max<qint64>(0, deadline.remainingTime())))) {
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

} // namespace vitals::stack

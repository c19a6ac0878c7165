#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <deque>

class QNetworkAccessManager;
class QNetworkReply;
class QProcess;
class QTimer;

namespace vitals::stack {

// The life of a child process as the console shows it.
enum class ProcessState {
    NotStarted, // never started in this session
    Starting,   // running, not yet answering its readiness check
    Ready,      // answered its readiness check
    Crashed,    // exited (or failed to start, or never became ready) without being asked to
    Stopped,    // exited after stop()
};

QString processStateName(ProcessState state);

// How to start a child and how to tell that it is ready.
struct LaunchSpec {
    QString program; // absolute path; started directly, never through a shell
    QStringList arguments;
    QString workingDirectory; // empty = inherit
    // Base URL when it is known before start (Prometheus on a chosen port). When empty, the
    // URL is read from the first stdout line "listening on http://HOST:PORT" (iris-server).
    QUrl url;
    QString readinessPath;      // GET <url><readinessPath> must answer 200, e.g. "/-/ready"
    int startTimeoutMs = 30000; // from start until ready, else the child is stopped as Crashed
};

// One child process of the local stack: a QProcess started from an argument list, its state,
// and the last lines it wrote (stdout and stderr, in arrival order, each line at most 4 KiB).
// On Linux the child gets SIGTERM when the thread that started it exits
// (PR_SET_PDEATHSIG), so create it in the GUI thread. The destructor stops the child
// (SIGTERM, then SIGKILL after 2 s) and waits for it. Not thread-safe.
class ChildProcess : public QObject
{
    Q_OBJECT
public:
    // `nam` is used for readiness checks and must outlive this object. `logCapacity` = number
    // of lines kept (>= 1).
    ChildProcess(const QString &name, QNetworkAccessManager *nam, int logCapacity,
                 QObject *parent = nullptr);
    ~ChildProcess() override;

    // Starts the child unless it is Starting or Ready. Emits stateChanged(Starting) at once,
    // then Ready or Crashed.
    void start(const LaunchSpec &spec);
    // SIGTERM, then SIGKILL after `killAfterMs`. The state becomes Stopped once it exited.
    void stop(int killAfterMs);

    // For teardown without an event loop: send SIGTERM now (signals of this object are no longer
    // emitted afterwards) ...
    void beginShutdown();
    // ... then wait until `deadline`, SIGKILL if still running, and wait once more (1 s).
    void finishShutdown(QDeadlineTimer deadline);

    QString name() const { return m_name; }
    ProcessState state() const { return m_state; }
    bool isRunning() const;
    // Exit code of the last run; -1 when it was killed by a signal or never ran.
    int exitCode() const { return m_exitCode; }
    // Base URL (e.g. http://127.0.0.1:41234), empty until known.
    QUrl url() const { return m_url; }
    // Process id while running, else 0.
    qint64 pid() const;
    // Why the last run ended badly, or empty.
    QString errorString() const { return m_error; }
    const LaunchSpec &launchSpec() const { return m_spec; }
    QStringList logLines() const;
    // Adds a line of the console's own (prefixed "vitals: ") to the log.
    void note(const QString &text);
    // Records why the process cannot run (e.g. its program is missing) and notes it in the log;
    // the state is left as it is.
    void setErrorString(const QString &text);

Q_SIGNALS:
    void stateChanged(vitals::stack::ProcessState state);
    void logLine(const QString &line);
    void ready(const QUrl &url);

private:
    void setState(ProcessState state);
    void readChannel(int channel);
    void addLine(const QString &line);
    void onListening(const QUrl &url);
    void pollReadiness();
    void onFinished(int exitCode, bool crashed);
    void onStartFailed();
    void failStart(const QString &why);

    QString m_name;
    QNetworkAccessManager *m_nam;
    int m_capacity;
    LaunchSpec m_spec;
    QProcess *m_process = nullptr;
    QTimer *m_killTimer;
    QTimer *m_startTimer;
    QTimer *m_pollTimer;
    QPointer<QNetworkReply> m_poll;
    ProcessState m_state = ProcessState::NotStarted;
    bool m_stopping = false;
    int m_exitCode = -1;
    QUrl m_url;
    QString m_error;
    QByteArray m_partial[2];
    std::deque<QString> m_log;
};

} // namespace vitals::stack

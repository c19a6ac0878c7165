#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace vitals::testsupport {

// Runs the real iris-server (VITALS_BIN_DIR/iris-server) as a child process on an ephemeral
// loopback port, for integration tests of any layer.
//
//   #include "support/testsupport_irisserver.h"
//   IrisServerProcess server;
//   ASSERT_TRUE(server.start()) << server.errorString().toStdString();
//   QUrl url(server.baseUrl() + "/predict");   // "http://127.0.0.1:PORT"
//
// start() runs `iris-server serve --host 127.0.0.1 --port 0 <extraArgs>` and blocks (pumping no
// event loop) until the server prints its `listening on http://HOST:PORT` line, up to
// `timeoutMs`. stop() sends SIGTERM and waits; the destructor calls it. The child's stderr (its
// log) is forwarded to the test's stderr, so a full pipe can never block the server.
// Not thread-safe; one owner thread.
class IrisServerProcess
{
public:
    IrisServerProcess();
    ~IrisServerProcess();
    IrisServerProcess(const IrisServerProcess &) = delete;
    IrisServerProcess &operator=(const IrisServerProcess &) = delete;

    bool start(const QStringList &extraArgs = {}, int timeoutMs = 30000);
    // SIGTERM, then SIGKILL if it has not exited within timeoutMs. Returns the exit code, or -1
    // when it had to be killed or was not running.
    int stop(int timeoutMs = 10000);

    bool isRunning() const;
    quint16 port() const { return m_port; }
    QString baseUrl() const; // "http://127.0.0.1:<port>", no trailing slash
    QString errorString() const { return m_error; }
    static QString executablePath(); // VITALS_BIN_DIR "/iris-server"
    qint64 processId() const;

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_host;
    QString m_error;
};

} // namespace vitals::testsupport

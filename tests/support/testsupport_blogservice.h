#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace vitals::testsupport {

// Runs tests/support/blog_service.py — an Iris model service in FastAPI + prometheus_client that
// follows the blog setup's metric contract (see the script's docstring) — as a child process of
// Debian's /usr/bin/python3 on an ephemeral loopback port, for integration tests of any layer.
//
//   BlogServiceProcess service;
//   ASSERT_TRUE(service.start()) << service.errorString().toStdString();
//   testsupport::httpPost(QUrl(service.baseUrl() + "/predict"),
//   R"({"features":[5.1,3.5,1.4,0.2]})");
//
// start() runs `python3 blog_service.py --host 127.0.0.1 --port 0` and blocks (pumping no event
// loop) until the service prints its `listening on http://HOST:PORT` line, up to `timeoutMs`
// (importing scikit-learn takes seconds on a busy machine). stop() sends SIGTERM and waits; the
// destructor calls it. The child's stderr (Python tracebacks, uvicorn warnings) is forwarded to
// the test's stderr. A missing Python module makes start() fail with the module's name in
// errorString(): under CI that is a failure, never a skip. Not thread-safe; one owner thread.
class BlogServiceProcess
{
public:
    BlogServiceProcess();
    ~BlogServiceProcess();
    BlogServiceProcess(const BlogServiceProcess &) = delete;
    BlogServiceProcess &operator=(const BlogServiceProcess &) = delete;

    bool start(int timeoutMs = 90000);
    // SIGTERM, then SIGKILL if it has not exited within timeoutMs.
    void stop(int timeoutMs = 10000);

    bool isRunning() const;
    quint16 port() const { return m_port; }
    QString baseUrl() const; // "http://127.0.0.1:<port>", no trailing slash
    QString address() const; // "127.0.0.1:<port>", a scrape target
    QString errorString() const { return m_error; }

    static QString interpreter(); // "/usr/bin/python3": Debian's, with Debian's modules
    static QString scriptPath();  // VITALS_SOURCE_DIR "/tests/support/blog_service.py"

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_host;
    QString m_error;
};

} // namespace vitals::testsupport

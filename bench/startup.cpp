// bench-startup: cold start of the console as a user feels it, against the floor on this
// machine.
//
//   vitals   `vitals --server <replay> --screenshot F --screenshot-first-data`: process start
//            until the built-in Model health dashboard has every panel answered and drawn, painted
//            into F, and the process has exited;
//   bare_qt  `bench-bareqt --screenshot F`: a QMainWindow with a label, painted into F the
//            same way (QWidget::grab), then exit — what any Qt Widgets program pays.
//
// Both run offscreen (QT_QPA_PLATFORM=offscreen), with an empty home directory (no saved
// connections, no keychain), alternated, 7 times each; the figures are medians. The replay
// server (bench/replay) answers in this process's own thread, so the console's wall time
// includes its requests. RSS is the child's peak resident set (getrusage's ru_maxrss via
// wait4), which for the console is reached after the first paint with data.
//
// VITALS_BENCH_KEEP=DIR keeps the last screenshots of both, to look at what was timed.
//
// Last line: startup_ms=… bare_qt_ms=… startup_vs_bare_qt=… rss_mb=… bare_qt_rss_mb=…
#include "replay/replayserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char **environ;

namespace {

struct Run {
    double wallMs = 0;
    double rssMb = 0;
    int exitCode = -1;
};

double nowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Starts `program` with `args` (an argument list, no shell) and the given extra environment,
// waits for it and returns its wall time, peak RSS and exit code.
Run runOnce(const QString &program, const QStringList &args, const QStringList &extraEnv)
{
    std::vector<std::string> argStore{program.toStdString()};
    for (const QString &a : args)
        argStore.push_back(a.toStdString());
    std::vector<char *> argv;
    for (std::string &a : argStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> envStore;
    for (const QString &e : extraEnv)
        envStore.push_back(e.toStdString());
    for (char **e = environ; *e; ++e) {
        const std::string entry(*e);
        const std::string name = entry.substr(0, entry.find('='));
        const bool overridden = std::any_of(envStore.begin(), envStore.end(), [&](const auto &x) {
            return x.compare(0, name.size() + 1, name + "=") == 0;
        });
        if (!overridden)
            envStore.push_back(entry);
    }
    std::vector<char *> envp;
    for (std::string &e : envStore)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    Run run;
    const double start = nowMs();
    // The children's chatter (Qt's warnings, "saved …") would bury the figures.
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &quiet, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&quiet);
    if (spawned != 0)
        return run;
    int status = 0;
    rusage usage{};
    // The replay server lives in another thread, so blocking here holds nothing up.
    if (wait4(pid, &status, 0, &usage) != pid)
        return run;
    run.wallMs = nowMs() - start;
    run.rssMb = double(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString binDir = QCoreApplication::applicationDirPath();
    const QString vitals = binDir + QStringLiteral("/vitals");
    const QString bare = binDir + QStringLiteral("/bench-bareqt");
    for (const QString &program : {vitals, bare}) {
        if (!QFileInfo(program).isExecutable()) {
            std::fprintf(stderr, "bench-startup: %s is not built\n", qPrintable(program));
            return 1;
        }
    }

    QUrl serverUrl;
    QSemaphore serverReady;
    QThread *serverThread = QThread::create([&] {
        vitals::testsupport::FakeHttpServer server(vitals::bench::replayAnswer);
        serverUrl = server.baseUrl();
        serverReady.release();
        QEventLoop loop;
        loop.exec();
    });
    serverThread->start();
    serverReady.acquire();

    QTemporaryDir home;
    if (!home.isValid()) {
        std::fprintf(stderr, "bench-startup: no temporary directory\n");
        return 1;
    }
    const QStringList env{
        QStringLiteral("QT_QPA_PLATFORM=offscreen"), QStringLiteral("HOME=") + home.path(),
        QStringLiteral("XDG_CONFIG_HOME=") + home.filePath(QStringLiteral("config")),
        QStringLiteral("XDG_DATA_HOME=") + home.filePath(QStringLiteral("data")),
        QStringLiteral("XDG_CACHE_HOME=") + home.filePath(QStringLiteral("cache"))};
    const QString size = QStringLiteral("1600x1000");
    const QString vitalsShot = home.filePath(QStringLiteral("vitals.png"));
    const QString bareShot = home.filePath(QStringLiteral("bare.png"));
    const QStringList vitalsArgs{QStringLiteral("--server"),
                                 serverUrl.toString(),
                                 QStringLiteral("--no-keychain"),
                                 QStringLiteral("--window-size"),
                                 size,
                                 QStringLiteral("--screenshot"),
                                 vitalsShot,
                                 QStringLiteral("--screenshot-first-data")};
    const QStringList bareArgs{QStringLiteral("--window-size"), size,
                               QStringLiteral("--screenshot"), bareShot};

    constexpr int kRuns = 7;
    std::vector<double> vitalsMs, bareMs, vitalsRss, bareRss;
    // One untimed run of each first: it loads the binaries and Qt's libraries into the page
    // cache, which every later start (and any user's second start) finds there.
    runOnce(vitals, vitalsArgs, env);
    runOnce(bare, bareArgs, env);
    for (int i = 0; i < kRuns; ++i) {
        for (bool console : {true, false}) {
            QFile::remove(console ? vitalsShot : bareShot);
            const Run run =
                console ? runOnce(vitals, vitalsArgs, env) : runOnce(bare, bareArgs, env);
            const QFileInfo shot(console ? vitalsShot : bareShot);
            if (run.exitCode != 0 || !shot.exists() || shot.size() == 0) {
                std::fprintf(stderr, "bench-startup: %s failed (exit %d, screenshot %s)\n",
                             console ? "vitals" : "bench-bareqt", run.exitCode,
                             shot.exists() ? "empty" : "missing");
                return 1;
            }
            (console ? vitalsMs : bareMs).push_back(run.wallMs);
            (console ? vitalsRss : bareRss).push_back(run.rssMb);
            std::printf("  run %d %-7s %7.1f ms  %6.1f MB\n", i + 1, console ? "vitals" : "bare_qt",
                        run.wallMs, run.rssMb);
        }
    }
    serverThread->exit();
    serverThread->wait();
    delete serverThread;
    // To look at what was timed: VITALS_BENCH_KEEP=DIR keeps the last two screenshots.
    if (const QString keep = qEnvironmentVariable("VITALS_BENCH_KEEP"); !keep.isEmpty()) {
        QDir().mkpath(keep);
        for (const QString &shot : {vitalsShot, bareShot}) {
            const QString to = QDir(keep).filePath(QFileInfo(shot).fileName());
            QFile::remove(to);
            QFile::copy(shot, to);
        }
    }

    const double startup = median(vitalsMs), floor = median(bareMs);
    std::printf("startup_ms=%.0f bare_qt_ms=%.0f startup_vs_bare_qt=%.2f rss_mb=%.0f "
                "bare_qt_rss_mb=%.0f\n",
                startup, floor, startup / floor, median(vitalsRss), median(bareRss));
    return 0;
}

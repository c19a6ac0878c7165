#include "app/connectioncommand.h"

#include "core/prom/connectionstore.h"
#include "core/prom/credentialheader.h"
#include "core/units.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTextStream>
#include <QTimer>

#include <cstring>

namespace vitals {

namespace {

constexpr int kKeychainWaitMs = 30000;

// Runs `start` (which calls back through `finish`) and waits for it, at most kKeychainWaitMs.
bool waitFor(const std::function<void(std::function<void()> finish)> &start)
{
    QEventLoop loop;
    bool finished = false;
    start([&] {
        finished = true;
        loop.quit();
    });
    if (!finished) {
        QTimer::singleShot(kKeychainWaitMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return finished;
}

QString readSecretFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray line = in.readLine();
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

int add(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Saves a connection (replaces one of the same name)."));
    parser.addHelpOption();
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("Server URL."),
                                 QStringLiteral("URL"));
    const QCommandLineOption prefix(QStringLiteral("prefix"),
                                    QStringLiteral("API path prefix (/prometheus for Mimir)."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption tenant(QStringLiteral("tenant"),
                                    QStringLiteral("Tenant, sent as X-Scope-OrgID."),
                                    QStringLiteral("TENANT"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Basic auth user."),
                                  QStringLiteral("USER"));
    const QCommandLineOption passwordStdin(
        QStringLiteral("password-stdin"),
        QStringLiteral("Read the basic auth password from stdin."));
    const QCommandLineOption tokenStdin(QStringLiteral("token-stdin"),
                                        QStringLiteral("Read a bearer token from stdin."));
    const QCommandLineOption header(QStringLiteral("header"),
                                    QStringLiteral("Extra header NAME=VALUE (repeatable); "
                                                   "credential headers go to the keychain."),
                                    QStringLiteral("NAME=VALUE"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QStringLiteral("PEM file of CA certificates to trust."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Request timeout (default 30s)."),
                                     QStringLiteral("DURATION"), QStringLiteral("30s"));
    parser.addOptions(
        {url, prefix, tenant, user, passwordStdin, tokenStdin, header, caFile, timeout});
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("Connection name."));
    parser.process(args);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1 || positional[0].trimmed().isEmpty()) {
        err << "vitals connection add: give exactly one NAME\n";
        return 2;
    }
    if (!parser.isSet(url)) {
        err << "vitals connection add: --url URL is required\n";
        return 2;
    }
    prom::ConnectionProfile p;
    p.name = positional[0].trimmed();
    p.baseUrl = QUrl::fromUserInput(parser.value(url));
    if (!p.baseUrl.isValid() || p.baseUrl.host().isEmpty()
        || (p.baseUrl.scheme() != u"http" && p.baseUrl.scheme() != u"https")) {
        err << "vitals connection add: not a valid http(s) URL: " << parser.value(url) << '\n';
        return 2;
    }
    p.pathPrefix = parser.value(prefix);
    p.tenant = parser.value(tenant);
    p.username = parser.value(user);
    if (parser.isSet(passwordStdin) && parser.isSet(tokenStdin)) {
        err << "vitals connection add: --password-stdin and --token-stdin exclude each other\n";
        return 2;
    }
    if (parser.isSet(passwordStdin) && p.username.isEmpty()) {
        err << "vitals connection add: --password-stdin needs --user\n";
        return 2;
    }
    for (const QString &h : parser.values(header)) {
        const qsizetype eq = h.indexOf(u'=');
        const QString name = h.left(eq).trimmed();
        if (eq <= 0 || name.isEmpty() || name.contains(u' ') || name.contains(u':')) {
            err << "vitals connection add: --header wants NAME=VALUE, got: " << h << '\n';
            return 2;
        }
        p.extraHeaders.append({name.toLatin1(), h.mid(eq + 1).trimmed().toLatin1()});
    }
    if (parser.isSet(caFile)) {
        p.caFile = parser.value(caFile);
        if (!QFile::exists(p.caFile)) {
            err << "vitals connection add: no such CA file: " << p.caFile << '\n';
            return 2;
        }
    }
    const qint64 timeoutMs = units::parseDurationMs(parser.value(timeout));
    if (timeoutMs <= 0) {
        err << "vitals connection add: --timeout is not a duration: " << parser.value(timeout)
            << '\n';
        return 2;
    }
    p.timeoutMs = int(std::min<qint64>(timeoutMs, 24 * 3600 * 1000));
    if (parser.isSet(passwordStdin) || parser.isSet(tokenStdin)) {
        const QString secret = readSecretFromStdin();
        if (secret.isEmpty()) {
            err << "vitals connection add: nothing on stdin (pipe the secret in)\n";
            return 2;
        }
        (parser.isSet(passwordStdin) ? p.password : p.bearerToken) = secret;
    }

    prom::ConnectionStore store;
    QString keychainProblem;
    QObject::connect(&store, &prom::ConnectionStore::keychainUnavailable,
                     [&](const QString &reason) { keychainProblem = reason; });
    // The secret first: a connection whose secret cannot be kept is not saved at all.
    bool stored = false;
    const bool answered = waitFor([&](auto finish) {
        store.secrets()->store(p, nullptr, [&stored, finish](bool ok) {
            stored = ok;
            finish();
        });
    });
    if (!answered || !stored || (p.hasSecrets() && store.isMemoryOnly())) {
        err << "vitals connection add: the secret could not be stored in the keychain"
            << (keychainProblem.isEmpty() ? QString() : QStringLiteral(": ") + keychainProblem)
            << "\nNothing was saved.\n";
        return 1;
    }
    const bool replaced = store.profile(p.name).has_value();
    waitFor([&](auto finish) { store.save(p, nullptr, [finish](bool) { finish(); }); });
    out << (replaced ? "replaced " : "added ") << p.name << " ("
        << p.apiUrl(QString()).toDisplayString() << ")";
    if (p.hasSecrets())
        out << "; secrets in the keychain";
    out << '\n';
    return 0;
}

int list(QTextStream &out, QTextStream &err)
{
    prom::ConnectionStore store;
    QObject::connect(
        &store, &prom::ConnectionStore::keychainUnavailable,
        [&](const QString &reason) { err << "vitals connection: " << reason << '\n'; });
    QList<prom::ConnectionProfile> profiles;
    if (!waitFor([&](auto finish) {
            store.loadAll(nullptr, [&profiles, finish](const QList<prom::ConnectionProfile> &l) {
                profiles = l;
                finish();
            });
        })) {
        err << "vitals connection list: the keychain did not answer within 30 s\n";
        return 1;
    }
    if (profiles.isEmpty())
        out << "(no connections)\n";
    for (const auto &p : profiles) {
        out << p.name << '\t' << p.apiUrl(QString()).toDisplayString();
        if (!p.tenant.isEmpty())
            out << "\ttenant=" << p.tenant;
        if (!p.username.isEmpty())
            out << "\tuser=" << p.username
                << (p.password.isEmpty() ? "" : " (password in keychain)");
        if (!p.bearerToken.isEmpty())
            out << "\ttoken in keychain";
        for (const auto &[name, value] : p.extraHeaders)
            out << '\t' << QString::fromLatin1(name)
                << (prom::isCredentialHeader(name)
                        ? QStringLiteral(" (in keychain)")
                        : QStringLiteral("=") + QString::fromLatin1(value));
        if (!p.caFile.isEmpty())
            out << "\tca=" << p.caFile;
        out << '\n';
    }
    return 0;
}

int remove(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() != 1) {
        err << "vitals connection remove: give exactly one NAME\n";
        return 2;
    }
    prom::ConnectionStore store;
    bool ok = false;
    bool known = true;
    const bool answered = waitFor([&](auto finish) {
        known = store.remove(args[0], nullptr, [&ok, finish](bool done) {
            ok = done;
            finish();
        });
        if (!known)
            finish();
    });
    if (!known) {
        err << "vitals connection remove: no connection called " << args[0] << '\n';
        return 1;
    }
    if (!answered || !ok) {
        err << "vitals connection remove: removed " << args[0]
            << ", but its keychain entry could not be deleted\n";
        return 1;
    }
    out << "removed " << args[0] << '\n';
    return 0;
}

} // namespace

bool isConnectionCommand(int argc, char **argv)
{
    return argc > 1 && std::strcmp(argv[1], "connection") == 0;
}

QCommandLineOption connectionOption()
{
    return QCommandLineOption(
        {QStringLiteral("c"), QStringLiteral("connection")},
        QStringLiteral("A saved connection (see `vitals connection list`); its credentials come "
                       "from the keychain."),
        QStringLiteral("NAME"));
}

std::optional<prom::ConnectionProfile> loadSavedConnection(const QString &name, QString *error)
{
    prom::ConnectionStore store;
    std::optional<prom::ConnectionProfile> found;
    const bool answered = waitFor([&](auto finish) {
        store.load(name, nullptr,
                   [&found, finish](const std::optional<prom::ConnectionProfile> &p) {
                       found = p;
                       finish();
                   });
    });
    if (!answered) {
        *error = QStringLiteral("the keychain did not answer within 30 s");
        return std::nullopt;
    }
    if (!found) {
        QStringList names;
        for (const auto &p : store.profiles())
            names << p.name;
        *error = names.isEmpty()
                     ? QStringLiteral(
                           "no connection called \"%1\" (none saved: `vitals connection add`)")
                           .arg(name)
                     : QStringLiteral("no connection called \"%1\" (saved: %2)")
                           .arg(name, names.join(QStringLiteral(", ")));
    }
    return found;
}

int runConnectionCommand(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeAt(1); // "connection"
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString sub = args.value(1);
    const auto usage = [&err] {
        err << "usage: vitals connection add NAME --url URL [--prefix P] [--tenant T] [--user U]\n"
               "                             [--password-stdin | --token-stdin] [--header K=V]…\n"
               "                             [--ca-file FILE] [--timeout 30s]\n"
               "       vitals connection list\n"
               "       vitals connection remove NAME\n";
        return 2;
    };
    if (sub == u"add") {
        args.removeAt(1);
        return add(args, out, err);
    }
    if (sub == u"list")
        return args.size() == 2 ? list(out, err) : usage();
    if (sub == u"remove")
        return remove(args.mid(2), out, err);
    if (sub == u"-h" || sub == u"--help") {
        usage();
        return 0;
    }
    return usage();
}

} // namespace vitals

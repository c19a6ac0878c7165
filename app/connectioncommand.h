#pragma once

#include "core/prom/connectionprofile.h"

#include <QCommandLineOption>
#include <QString>

#include <optional>

class QCommandLineParser;

// `vitals connection add NAME --url URL [--prefix P] [--tenant T] [--user U]
//                        [--password-stdin | --token-stdin] [--header K=V]… [--ca-file F]
//                        [--timeout 30s]`
// `vitals connection list`
// `vitals connection remove NAME`
//
// Headless: provisions the connections the window, `vitals query --connection NAME` and
// `vitals report --connection NAME` use. The same store as the window (prom::ConnectionStore):
// everything but the secrets in the settings file, the password, token and credential header
// values (isCredentialHeader) in the OS keychain. A secret is read from stdin (one line; the
// trailing newline is dropped), never from the command line, where `ps` would show it.
// Without a keychain service, `add` with a secret refuses (exit 1) instead of saving a
// connection that would lose it. Exit codes: 0 done, 1 failed, 2 wrong command line.
namespace vitals {

// True when argv asks for the connection command (argv[1] == "connection").
bool isConnectionCommand(int argc, char **argv);

// Runs the command and returns the process exit code. Creates its own QCoreApplication.
int runConnectionCommand(int argc, char **argv);

// `--connection NAME` for the commands that talk to a server.
QCommandLineOption connectionOption();

// The saved connection `name` with its secrets from the keychain, read synchronously (runs an
// event loop until the keychain answered, at most 30 s). nullopt and `error` set when there is
// no such connection. Needs a Q(Core)Application.
std::optional<prom::ConnectionProfile> loadSavedConnection(const QString &name, QString *error);

} // namespace vitals

#pragma once

#include "core/prom/connectionprofile.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace vitals::prom {

// Keeps the secrets of connection profiles (password, bearer token) out of the settings file.
//
// With Backend::Keychain the secrets go to the OS keychain through qtkeychain (Secret Service /
// KWallet on Linux, Keychain on macOS, Credential Store on Windows), one entry per profile
// under the service "vitals" and the key ConnectionProfile::secretKey(). When no keychain
// service answers (a bare X session, CI, a container), the store says so once — the
// keychainUnavailable signal and one log line — and from then on keeps secrets in memory only,
// for this run. Backend::Memory never touches a keychain (tests, --no-keychain).
//
// Asynchronous: keychain access may show a system prompt. Callbacks run in the store's thread,
// never after `context` is destroyed, and never from inside the call that started them.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Backend { Keychain, Memory };

    explicit SecretStore(Backend backend = Backend::Keychain, QObject *parent = nullptr);

    // True once secrets are only kept in memory (chosen, or because the keychain failed).
    bool isMemoryOnly() const { return m_memoryOnly; }

    // Saves profile.password, profile.bearerToken, the Alertmanager's password and token, and
    // the values of its credential headers (isCredentialHeader) as one entry; nothing secret
    // deletes the entry. done(true) when stored (in the keychain, or in memory after a fallback).
    void store(const ConnectionProfile &profile, QObject *context, std::function<void(bool)> done);

    // Fills password, bearerToken, the Alertmanager's secrets and the credential header values of
    // `profile` from the store (left empty when there is no entry) and hands it to done.
    void load(ConnectionProfile profile, QObject *context,
              std::function<void(const ConnectionProfile &)> done);

    // Deletes the entry of a profile that is being removed.
    void remove(const ConnectionProfile &profile);

Q_SIGNALS:
    // Emitted once, the first time the keychain cannot be used; `reason` is plain language.
    void keychainUnavailable(const QString &reason);

private:
    void fallBack(const QString &reason);
    static QString encode(const ConnectionProfile &profile);
    static void decode(const QString &text, ConnectionProfile &profile);

    bool m_memoryOnly = false;
    QHash<QString, QString> m_memory;
};

} // namespace vitals::prom

#pragma once

#include "core/prom/connectionprofile.h"
#include "core/prom/secretstore.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace vitals::prom {

// The saved connection profiles, shared by the window and `vitals connection …`: everything
// but the secrets in the application's QSettings (group "connections"), the secrets (password,
// token, credential header values) in a SecretStore — the OS keychain, or memory only.
//
// Settings written by earlier versions may hold secrets in plain text (header values such as
// Authorization, or "password"/"bearerToken" keys); loadAll() moves them to the keychain and
// rewrites the settings without them. When the keychain is not available they are left where
// they are, so nothing is lost, and moved on the first start that finds a keychain.
//
// Without a keychain the store remembers that in the settings ("secrets/memoryOnly", with the
// reason) until a keychain answers again; wasMemoryOnly() tells a caller that the user has
// already been told, keychainAvailableAgain() that the remembered choice was cleared.
//
// GUI (or main) thread; callbacks follow SecretStore's rules (never synchronous, never after
// `context` is destroyed). The store owns its SecretStore.
class ConnectionStore : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionStore(SecretStore::Backend backend = SecretStore::Backend::Keychain,
                             QObject *parent = nullptr);

    SecretStore *secrets() { return &m_secrets; }
    // True when secrets are only kept in memory (--no-keychain, or no keychain answered).
    bool isMemoryOnly() const { return m_secrets.isMemoryOnly(); }
    // True when an earlier run found no keychain and no keychain has answered since.
    bool wasMemoryOnly() const;

    // The saved profiles in list order, secrets not filled. Synchronous.
    QList<ConnectionProfile> profiles() const;
    // The saved profile called `name` (secrets not filled), if any.
    std::optional<ConnectionProfile> profile(const QString &name) const;

    // Every saved profile with its secrets, after moving plain-text secrets to the keychain.
    void loadAll(QObject *context, std::function<void(const QList<ConnectionProfile> &)> done);
    // One profile with its secrets; nullopt when none is called `name`.
    void load(const QString &name, QObject *context,
              std::function<void(const std::optional<ConnectionProfile> &)> done);

    // Adds `profile` (or replaces the one with its name) and stores its secrets; done(ok).
    void save(const ConnectionProfile &profile, QObject *context, std::function<void(bool)> done);
    // Removes the profile called `name` and deletes its secrets (done(ok) once the keychain
    // answered); false, and no callback, when there is no such profile.
    bool remove(const QString &name, QObject *context, std::function<void(bool)> done);
    // Writes the non-secret part of `profiles` as the saved list (the window at exit).
    void saveProfiles(const QList<ConnectionProfile> &profiles);

Q_SIGNALS:
    // Forwarded from the SecretStore: the first time this run finds no keychain.
    void keychainUnavailable(const QString &reason);
    // A keychain answered after an earlier run had to keep secrets in memory only.
    void keychainAvailableAgain();

private:
    void noteKeychainState();

    SecretStore m_secrets;
};

} // namespace vitals::prom

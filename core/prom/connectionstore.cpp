#include "core/prom/connectionstore.h"

#include "core/prom/credentialheader.h"

#include <QByteArray>
#include <QSettings>

#include <algorithm>
#include <memory>

namespace vitals::prom {

namespace {

const QString kMemoryOnlyKey = QStringLiteral("secrets/memoryOnly");

// Secrets that an earlier version (or a hand-edited file) left in the settings, merged into
// `profiles`; true when there were any.
bool takePlainTextSecrets(QSettings &settings, QList<ConnectionProfile> &profiles)
{
    bool found = false;
    settings.beginGroup(QStringLiteral("connections"));
    QStringList groups = settings.childGroups();
    std::sort(groups.begin(), groups.end(),
              [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    for (int i = 0; i < groups.size() && i < profiles.size(); ++i) {
        settings.beginGroup(groups[i]);
        ConnectionProfile &p = profiles[i];
        for (const char *key : {"password", "bearerToken", "token"}) {
            const QString value = settings.value(QLatin1String(key)).toString();
            if (value.isEmpty())
                continue;
            found = true;
            if (!qstrcmp(key, "password"))
                p.password = value;
            else
                p.bearerToken = value;
        }
        settings.endGroup();
        // ConnectionProfile::load() read any header value present in the file.
        for (const auto &[name, value] : p.extraHeaders)
            found = found || (isCredentialHeader(name) && !value.isEmpty());
    }
    settings.endGroup();
    return found;
}

} // namespace

ConnectionStore::ConnectionStore(SecretStore::Backend backend, QObject *parent)
    : QObject(parent)
    , m_secrets(backend)
{
    connect(&m_secrets, &SecretStore::keychainUnavailable, this, [this](const QString &reason) {
        QSettings settings;
        settings.setValue(kMemoryOnlyKey, reason);
        Q_EMIT keychainUnavailable(reason);
    });
}

bool ConnectionStore::wasMemoryOnly() const
{
    return QSettings().contains(kMemoryOnlyKey);
}

void ConnectionStore::noteKeychainState()
{
    // Only a real keychain answer clears the remembered choice; --no-keychain does not.
    if (m_secrets.isMemoryOnly() || !wasMemoryOnly())
        return;
    QSettings().remove(kMemoryOnlyKey);
    Q_EMIT keychainAvailableAgain();
}

QList<ConnectionProfile> ConnectionStore::profiles() const
{
    QSettings settings;
    QList<ConnectionProfile> list = ConnectionProfile::loadAll(settings);
    // Plain-text header values of an older file are not handed out as if they were saved.
    for (auto &p : list)
        for (auto &[name, value] : p.extraHeaders)
            if (isCredentialHeader(name))
                value.clear();
    return list;
}

std::optional<ConnectionProfile> ConnectionStore::profile(const QString &name) const
{
    for (const auto &p : profiles())
        if (p.name == name)
            return p;
    return std::nullopt;
}

void ConnectionStore::loadAll(QObject *context,
                              std::function<void(const QList<ConnectionProfile> &)> done)
{
    QSettings settings;
    QList<ConnectionProfile> list = ConnectionProfile::loadAll(settings);
    const bool plainText = takePlainTextSecrets(settings, list);

    struct Pending {
        QList<ConnectionProfile> list;
        int left = 0;
        bool plainText = false;
        bool stored = true;
    };
    auto pending = std::make_shared<Pending>();
    pending->list = list;
    pending->left = int(list.size());
    pending->plainText = plainText;
    auto finishOne = [this, pending, done] {
        if (--pending->left > 0)
            return;
        noteKeychainState();
        // Rewritten without the secrets only once they are safely in a keychain.
        if (pending->plainText && pending->stored && !m_secrets.isMemoryOnly())
            saveProfiles(pending->list);
        if (done)
            done(pending->list);
    };
    if (list.isEmpty()) {
        // Nothing to read, but the keychain is still asked once so that a missing one is
        // noticed (and a returning one clears the remembered choice) at start.
        pending->left = 1;
        m_secrets.load(ConnectionProfile{}, context,
                       [finishOne](const ConnectionProfile &) { finishOne(); });
        return;
    }
    for (int i = 0; i < list.size(); ++i) {
        const ConnectionProfile &p = list[i];
        // A profile whose secrets were in the file: they go to the keychain, and are kept.
        bool legacy = !p.password.isEmpty() || !p.bearerToken.isEmpty();
        for (const auto &[name, value] : p.extraHeaders)
            legacy = legacy || (isCredentialHeader(name) && !value.isEmpty());
        if (legacy) {
            m_secrets.store(p, context, [pending, finishOne](bool ok) {
                pending->stored = pending->stored && ok;
                finishOne();
            });
        } else {
            m_secrets.load(p, context, [pending, i, finishOne](const ConnectionProfile &loaded) {
                pending->list[i] = loaded;
                finishOne();
            });
        }
    }
}

void ConnectionStore::load(const QString &name, QObject *context,
                           std::function<void(const std::optional<ConnectionProfile> &)> done)
{
    loadAll(context, [name, done](const QList<ConnectionProfile> &list) {
        std::optional<ConnectionProfile> found;
        for (const auto &p : list)
            if (p.name == name)
                found = p;
        if (done)
            done(found);
    });
}

void ConnectionStore::save(const ConnectionProfile &profile, QObject *context,
                           std::function<void(bool)> done)
{
    QList<ConnectionProfile> list = profiles();
    bool known = false;
    for (auto &p : list)
        if (p.name == profile.name) {
            p = profile;
            known = true;
        }
    if (!known)
        list << profile;
    saveProfiles(list);
    m_secrets.store(profile, context, [this, done](bool ok) {
        noteKeychainState();
        if (done)
            done(ok);
    });
}

bool ConnectionStore::remove(const QString &name, QObject *context, std::function<void(bool)> done)
{
    QList<ConnectionProfile> list = profiles();
    const auto it = std::find_if(list.begin(), list.end(),
                                 [&](const ConnectionProfile &p) { return p.name == name; });
    if (it == list.end())
        return false;
    ConnectionProfile gone = *it;
    list.erase(it);
    saveProfiles(list);
    // A profile without secrets deletes its keychain entry.
    gone.password.clear();
    gone.bearerToken.clear();
    gone.alertmanagerPassword.clear();
    gone.alertmanagerBearerToken.clear();
    gone.extraHeaders.clear();
    m_secrets.store(gone, context, [this, done](bool ok) {
        noteKeychainState();
        if (done)
            done(ok);
    });
    return true;
}

void ConnectionStore::saveProfiles(const QList<ConnectionProfile> &profiles)
{
    QSettings settings;
    ConnectionProfile::saveAll(settings, profiles);
    settings.sync();
}

} // namespace vitals::prom

#include "core/prom/secretstore.h"

#include "core/prom/credentialheader.h"
#include "core/prom/promlogging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace vitals::prom {

namespace {
const QString kService = QStringLiteral("vitals");

bool keychainMissing(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
           || error == QKeychain::OtherError || error == QKeychain::AccessDenied;
}

// Runs fn on the next event-loop turn unless context is gone, so callbacks never run inside
// the call that asked for them.
void later(QObject *receiver, QObject *context, std::function<void()> fn)
{
    QPointer<QObject> guard(context ? context : receiver);
    QTimer::singleShot(0, receiver, [guard, fn = std::move(fn)] {
        if (guard)
            fn();
    });
}
} // namespace

SecretStore::SecretStore(Backend backend, QObject *parent)
    : QObject(parent)
    , m_memoryOnly(backend == Backend::Memory)
{}

QString SecretStore::encode(const ConnectionProfile &profile)
{
    QJsonObject o;
    if (!profile.password.isEmpty())
        o.insert(QStringLiteral("password"), profile.password);
    if (!profile.bearerToken.isEmpty())
        o.insert(QStringLiteral("token"), profile.bearerToken);
    if (!profile.alertmanagerPassword.isEmpty())
        o.insert(QStringLiteral("alertmanagerPassword"), profile.alertmanagerPassword);
    if (!profile.alertmanagerBearerToken.isEmpty())
        o.insert(QStringLiteral("alertmanagerToken"), profile.alertmanagerBearerToken);
    QJsonObject headers;
    for (const auto &[name, value] : profile.extraHeaders)
        if (isCredentialHeader(name) && !value.isEmpty())
            headers.insert(QString::fromLatin1(name), QString::fromLatin1(value));
    if (!headers.isEmpty())
        o.insert(QStringLiteral("headers"), headers);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void SecretStore::decode(const QString &text, ConnectionProfile &profile)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    profile.password = o.value(QStringLiteral("password")).toString();
    profile.bearerToken = o.value(QStringLiteral("token")).toString();
    profile.alertmanagerPassword = o.value(QStringLiteral("alertmanagerPassword")).toString();
    profile.alertmanagerBearerToken = o.value(QStringLiteral("alertmanagerToken")).toString();
    // Values of credential headers: the header keeps its place in the profile's list (saved
    // without its value), the value comes from here; one the list no longer names is dropped.
    const QJsonObject headers = o.value(QStringLiteral("headers")).toObject();
    for (auto &[name, value] : profile.extraHeaders)
        if (isCredentialHeader(name))
            value = headers.value(QString::fromLatin1(name)).toString().toLatin1();
}

void SecretStore::fallBack(const QString &reason)
{
    if (m_memoryOnly)
        return;
    m_memoryOnly = true;
    const QString message =
        QStringLiteral("No keychain service is available (%1). Passwords and tokens are kept "
                       "in memory for this session only and must be entered again next time.")
            .arg(reason);
    qCWarning(lcProm).noquote() << message;
    Q_EMIT keychainUnavailable(message);
}

void SecretStore::store(const ConnectionProfile &profile, QObject *context,
                        std::function<void(bool)> done)
{
    const QString key = profile.secretKey();
    const QString data = profile.hasSecrets() ? encode(profile) : QString();
    if (m_memoryOnly) {
        if (data.isEmpty())
            m_memory.remove(key);
        else
            m_memory.insert(key, data);
        later(this, context, [done] {
            if (done)
                done(true);
        });
        return;
    }
    QKeychain::Job *job = nullptr;
    if (data.isEmpty()) {
        auto *del = new QKeychain::DeletePasswordJob(kService, this);
        del->setKey(key);
        job = del;
    } else {
        auto *write = new QKeychain::WritePasswordJob(kService, this);
        write->setKey(key);
        write->setTextData(data);
        job = write;
    }
    job->setAutoDelete(true);
    QPointer<QObject> guard(context ? context : this);
    connect(
        job, &QKeychain::Job::finished, this, [this, guard, key, data, done](QKeychain::Job *j) {
            bool ok = j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound;
            if (!ok && keychainMissing(j->error())) {
                fallBack(j->errorString());
                if (!data.isEmpty())
                    m_memory.insert(key, data);
                ok = true;
            }
            if (!ok)
                qCWarning(lcProm) << "could not store the secret of" << key << j->errorString();
            if (guard && done)
                done(ok);
        });
    job->start();
}

void SecretStore::load(ConnectionProfile profile, QObject *context,
                       std::function<void(const ConnectionProfile &)> done)
{
    const QString key = profile.secretKey();
    if (m_memoryOnly) {
        decode(m_memory.value(key), profile);
        later(this, context, [profile, done] {
            if (done)
                done(profile);
        });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(key);
    job->setAutoDelete(true);
    QPointer<QObject> guard(context ? context : this);
    connect(job, &QKeychain::Job::finished, this,
            [this, guard, key, profile, done](QKeychain::Job *j) mutable {
                if (j->error() == QKeychain::NoError) {
                    decode(static_cast<QKeychain::ReadPasswordJob *>(j)->textData(), profile);
                } else if (keychainMissing(j->error())) {
                    fallBack(j->errorString());
                    decode(m_memory.value(key), profile);
                }
                if (guard && done)
                    done(profile);
            });
    job->start();
}

void SecretStore::remove(const ConnectionProfile &profile)
{
    m_memory.remove(profile.secretKey());
    if (m_memoryOnly)
        return;
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setKey(profile.secretKey());
    job->setAutoDelete(true);
    job->start();
}

} // namespace vitals::prom

#include "core/prom/connectionprofile.h"

#include "core/prom/credentialheader.h"

#include <algorithm>

#include <QSettings>

namespace vitals::prom {

QUrl ConnectionProfile::apiUrl(const QString &apiPath) const
{
    QUrl url = baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    QString prefix = pathPrefix.trimmed();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    if (!prefix.isEmpty() && !prefix.startsWith(u'/'))
        prefix.prepend(u'/');
    url.setPath(path + prefix + apiPath);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

bool ConnectionProfile::hasSecrets() const
{
    if (!password.isEmpty() || !bearerToken.isEmpty())
        return true;
    if (!alertmanagerPassword.isEmpty() || !alertmanagerBearerToken.isEmpty())
        return true;
    for (const auto &[header, value] : extraHeaders)
        if (isCredentialHeader(header) && !value.isEmpty())
            return true;
    return false;
}

void ConnectionProfile::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("name"), name);
    settings.setValue(QStringLiteral("baseUrl"), baseUrl.toString());
    settings.setValue(QStringLiteral("pathPrefix"), pathPrefix);
    settings.setValue(QStringLiteral("tenant"), tenant);
    settings.setValue(QStringLiteral("username"), username);
    settings.setValue(QStringLiteral("caFile"), caFile);
    settings.setValue(QStringLiteral("timeoutMs"), timeoutMs);
    settings.setValue(QStringLiteral("scrapeIntervalMs"), scrapeIntervalMs);
    settings.setValue(QStringLiteral("alertmanagerUrl"), alertmanagerUrl.toString());
    settings.setValue(QStringLiteral("alertmanagerSendsCredentials"), alertmanagerSendsCredentials);
    settings.setValue(QStringLiteral("alertmanagerUsername"), alertmanagerUsername);
    settings.beginWriteArray(QStringLiteral("headers"), int(extraHeaders.size()));
    for (int i = 0; i < extraHeaders.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), QString::fromLatin1(extraHeaders[i].first));
        // A credential header keeps its place in the list; its value is in the keychain.
        if (!isCredentialHeader(extraHeaders[i].first))
            settings.setValue(QStringLiteral("value"), QString::fromLatin1(extraHeaders[i].second));
    }
    settings.endArray();
}

ConnectionProfile ConnectionProfile::load(QSettings &settings)
{
    ConnectionProfile p;
    p.name = settings.value(QStringLiteral("name")).toString();
    p.baseUrl = QUrl(settings.value(QStringLiteral("baseUrl")).toString());
    p.pathPrefix = settings.value(QStringLiteral("pathPrefix")).toString();
    p.tenant = settings.value(QStringLiteral("tenant")).toString();
    p.username = settings.value(QStringLiteral("username")).toString();
    p.caFile = settings.value(QStringLiteral("caFile")).toString();
    p.timeoutMs = settings.value(QStringLiteral("timeoutMs"), 30000).toInt();
    p.scrapeIntervalMs =
        std::max<qint64>(0, settings.value(QStringLiteral("scrapeIntervalMs"), 0).toLongLong());
    p.alertmanagerUrl = QUrl(settings.value(QStringLiteral("alertmanagerUrl")).toString());
    p.alertmanagerSendsCredentials =
        settings.value(QStringLiteral("alertmanagerSendsCredentials"), false).toBool();
    p.alertmanagerUsername = settings.value(QStringLiteral("alertmanagerUsername")).toString();
    const int n = settings.beginReadArray(QStringLiteral("headers"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        p.extraHeaders.append({settings.value(QStringLiteral("name")).toString().toLatin1(),
                               settings.value(QStringLiteral("value")).toString().toLatin1()});
    }
    settings.endArray();
    return p;
}

void ConnectionProfile::saveAll(QSettings &settings, const QList<ConnectionProfile> &profiles)
{
    settings.beginGroup(QStringLiteral("connections"));
    settings.remove(QString());
    for (int i = 0; i < profiles.size(); ++i) {
        settings.beginGroup(QString::number(i));
        profiles[i].save(settings);
        settings.endGroup();
    }
    settings.endGroup();
}

QList<ConnectionProfile> ConnectionProfile::loadAll(QSettings &settings)
{
    QList<ConnectionProfile> out;
    settings.beginGroup(QStringLiteral("connections"));
    QStringList groups = settings.childGroups();
    std::sort(groups.begin(), groups.end(),
              [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    for (const QString &g : groups) {
        settings.beginGroup(g);
        out.append(load(settings));
        settings.endGroup();
    }
    settings.endGroup();
    return out;
}

} // namespace vitals::prom

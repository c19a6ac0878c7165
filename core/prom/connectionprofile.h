#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

class QSettings;

namespace vitals::prom {

// How to reach one Prometheus-compatible server. A plain value type.
//
// The API lives at baseUrl + pathPrefix + "/api/v1/…":
//   Prometheus          http://host:9090                (prefix empty)
//   Grafana Mimir       http://host:8080  + "/prometheus"
//   VictoriaMetrics     http://host:8428  (single node; cluster: "/select/0/prometheus")
//   Thanos Query/Cortex like Prometheus, Cortex with "/prometheus" or "/api/prom"
// A path already present in baseUrl is kept in front of pathPrefix.
//
// Secrets (password, bearer token, and the values of extra headers that carry credentials,
// see isCredentialHeader()) are held here in memory only: save() never writes them to the
// settings file; SecretStore puts them in the OS keychain under secretKey().
struct ConnectionProfile {
    QString name;        // shown in the UI and used as the settings group / keychain key
    QUrl baseUrl;        // scheme, host, port (and optionally a path)
    QString pathPrefix;  // e.g. "/prometheus"; leading slash optional, trailing ignored
    QString tenant;      // sent as X-Scope-OrgID when not empty (Mimir, Cortex, Loki-style)
    QString username;    // basic auth when not empty
    QString password;    // secret
    QString bearerToken; // secret; wins over basic auth when both are set
    QList<QPair<QByteArray, QByteArray>> extraHeaders; // sent as is with every request
    QString caFile;        // PEM file of extra CA certificates trusted for this server
    int timeoutMs = 30000; // per-request timeout
    // The server's scrape interval in ms, as the user set it for this connection; 0 = ask the
    // server (PromClient::scrapeInterval). Grafana's data-source "Scrape interval".
    qint64 scrapeIntervalMs = 0;
    // The Alertmanager beside this server (its base URL, e.g. http://host:9093), or empty.
    QUrl alertmanagerUrl;
    // Send this profile's credentials (token or basic auth, tenant, extra headers) to the
    // Alertmanager too — for the usual setup of both behind one authenticating proxy.
    bool alertmanagerSendsCredentials = false;
    // The Alertmanager's own credentials, when it has some (they win over the shared ones):
    // basic-auth user (saved with the profile), password and bearer token (secrets: kept in the
    // keychain by SecretStore, never in the settings file).
    QString alertmanagerUsername;
    QString alertmanagerPassword;    // secret
    QString alertmanagerBearerToken; // secret
    // The console's own local stack (its Prometheus): hints written for it apply. Not saved.
    bool localStack = false;

    // The URL of an API path such as "/api/v1/query" (prefix and base path joined).
    QUrl apiUrl(const QString &apiPath) const;

    // A stable identifier for the keychain entries of this profile.
    QString secretKey() const { return QStringLiteral("vitals/") + name; }

    // True when a password, a token or a credential header value is set.
    bool hasSecrets() const;

    // Writes/reads every field except the secrets under the current group of `settings`.
    void save(QSettings &settings) const;
    static ConnectionProfile load(QSettings &settings);

    // All profiles under the group "connections" (one numbered subgroup per profile, in list
    // order), and back.
    static void saveAll(QSettings &settings, const QList<ConnectionProfile> &profiles);
    static QList<ConnectionProfile> loadAll(QSettings &settings);
};

} // namespace vitals::prom

// LocalStack's files: where its executables are found, its data directory, and the
// configurations it writes for Prometheus and Alertmanager.
#include "core/stack/localstack.h"

#include "core/stack/prometheusconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace vitals::stack {

namespace {

QString executableIn(const QString &dir, const QString &name)
{
    const QFileInfo fi(QDir(dir).filePath(name));
    return fi.isFile() && fi.isExecutable() ? fi.absoluteFilePath() : QString();
}

QString configuredExecutable(const QString &configured)
{
    const QFileInfo fi(configured);
    if (fi.isFile() && fi.isExecutable())
        return fi.absoluteFilePath();
    // A bare name ("prometheus") is looked up in PATH.
    if (!configured.contains(QLatin1Char('/')))
        return QStandardPaths::findExecutable(configured);
    return {};
}

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

} // namespace

QString LocalStack::dataDir() const
{
    if (!m_options.dataDir.isEmpty())
        return QDir(m_options.dataDir).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString LocalStack::prometheusConfigPath() const
{
    return QDir(dataDir()).filePath(QStringLiteral("prometheus.yml"));
}

QString LocalStack::alertmanagerConfigPath() const
{
    return QDir(dataDir()).filePath(QStringLiteral("alertmanager.yml"));
}

QStringList LocalStack::irisServerSearchPaths()
{
    QStringList dirs{QCoreApplication::applicationDirPath()};
#ifdef VITALS_INSTALL_BINDIR
    dirs << QStringLiteral(VITALS_INSTALL_BINDIR);
#endif
    dirs << QStringLiteral("PATH");
    return dirs;
}

QString LocalStack::findIrisServer(const QString &configured)
{
    if (!configured.isEmpty())
        return configuredExecutable(configured);
    const QString name = QStringLiteral("iris-server");
    if (QString p = executableIn(QCoreApplication::applicationDirPath(), name); !p.isEmpty())
        return p;
#ifdef VITALS_INSTALL_BINDIR
    if (QString p = executableIn(QStringLiteral(VITALS_INSTALL_BINDIR), name); !p.isEmpty())
        return p;
#endif
    return QStandardPaths::findExecutable(name);
}

QString LocalStack::findPrometheus(const QString &configured)
{
    if (!configured.isEmpty())
        return configuredExecutable(configured);
    if (QString p = QStandardPaths::findExecutable(QStringLiteral("prometheus")); !p.isEmpty())
        return p;
    return executableIn(QStringLiteral("/usr/bin"), QStringLiteral("prometheus"));
}

QString LocalStack::prometheusMissingMessage()
{
    return QStringLiteral("Prometheus is not installed, so the local stack has no metrics store. "
                          "Install it with:\nsudo apt-get install prometheus");
}

QString LocalStack::findAlertmanager(const QString &configured)
{
    if (!configured.isEmpty())
        return configuredExecutable(configured);
    for (const char *name : {"prometheus-alertmanager", "alertmanager"}) {
        if (QString p = QStandardPaths::findExecutable(QString::fromLatin1(name)); !p.isEmpty())
            return p;
    }
    return executableIn(QStringLiteral("/usr/bin"), QStringLiteral("prometheus-alertmanager"));
}

QString LocalStack::alertmanagerMissingMessage()
{
    return QStringLiteral("Alertmanager is not installed, so the local stack's alerts are not "
                          "grouped or silenced. Install it with:\n"
                          "sudo apt-get install prometheus-alertmanager");
}

bool LocalStack::prepareDataDir(QString *error)
{
    const QString dir = dataDir();
    if (dir.isEmpty() || !QDir().mkpath(QDir(dir).filePath(QStringLiteral("prometheus")))
        || !QDir().mkpath(QDir(dir).filePath(QStringLiteral("alertmanager")))) {
        *error = QStringLiteral("cannot create the data directory %1").arg(dir);
        return false;
    }
    return true;
}

QStringList LocalStack::prepareRuleFiles(QString *error)
{
    QStringList out;
    const QDir rulesDir(QDir(dataDir()).filePath(QStringLiteral("rules")));
    for (QString path : std::as_const(m_options.ruleFiles)) {
        if (path.startsWith(QLatin1String("qrc:/")))
            path.remove(0, 3);
        if (path.startsWith(QLatin1String(":/"))) {
            if (!QFile::exists(path)) {
                m_prometheus->note(
                    QStringLiteral("rule file %1 is not bundled; skipped").arg(path));
                continue;
            }
            QDir().mkpath(rulesDir.path());
            const QString dest = rulesDir.filePath(QFileInfo(path).fileName());
            QFile::remove(dest);
            if (!QFile::copy(path, dest)) {
                *error = QStringLiteral("cannot copy the rule file %1 to %2").arg(path, dest);
                return {};
            }
            // Copies out of the resources are read-only; the next start must overwrite them.
            QFile::setPermissions(dest, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                            | QFileDevice::ReadGroup | QFileDevice::ReadOther);
            out << dest;
        } else {
            const QFileInfo fi(path);
            if (!fi.isFile() || !fi.isReadable()) {
                *error = QStringLiteral("rule file not found: %1").arg(path);
                return {};
            }
            out << fi.absoluteFilePath();
        }
    }
    return out;
}

QStringList LocalStack::replicaTargets() const
{
    QStringList targets;
    for (const ChildProcess *c : m_replicas) {
        const QUrl url = c->url();
        if (url.isValid() && url.port() > 0)
            targets << QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
    }
    return targets;
}

bool LocalStack::writePrometheusConfig(QString *error)
{
    PrometheusConfig config;
    config.scrapeIntervalSeconds = m_options.scrapeIntervalSeconds;
    config.targets = replicaTargets();
    config.ruleFiles = m_ruleFiles;
    config.alertmanagers = alertmanagerTargets();
    if (!m_options.modelTargets.isEmpty()) {
        ScrapeJob job;
        job.name = QStringLiteral("model");
        job.metricsPath = m_options.modelMetricsPath;
        for (const QUrl &url : m_options.modelTargets) {
            job.scheme = url.scheme();
            job.targets << QStringLiteral("%1:%2")
                               .arg(url.host())
                               .arg(url.port(url.scheme() == u"https" ? 443 : 80));
        }
        config.extraJobs << job;
    }
    if (!writeFile(prometheusConfigPath(), prometheusConfigYaml(config), error))
        return false;
    m_configuredTargets = config.targets;
    m_configuredAlertmanagers = config.alertmanagers;
    return true;
}

QStringList LocalStack::alertmanagerTargets() const
{
    if (!m_options.withAlertmanager || m_alertmanager->state() != ProcessState::Ready)
        return {};
    const QUrl url = m_alertmanager->url();
    return {QStringLiteral("%1:%2").arg(url.host()).arg(url.port())};
}

bool LocalStack::configIsStale() const
{
    return replicaTargets() != m_configuredTargets
           || alertmanagerTargets() != m_configuredAlertmanagers;
}

bool LocalStack::writeAlertmanagerConfig(QString *error)
{
    return writeFile(alertmanagerConfigPath(), alertmanagerConfigYaml(), error);
}

} // namespace vitals::stack

#include "core/dashboard/grafanaimport.h"

#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/dashboardlogging.h"
#include "core/dashboard/grafanaimporter.h"
#include "core/dashboard/jsonreader.h"
#include "core/units.h"

#include <QRegularExpression>

namespace vitals::dashboard {

std::vector<ImportIssue> ImportReport::issuesAt(const QString &pathPrefix) const
{
    std::vector<ImportIssue> out;
    for (const ImportIssue &issue : issues) {
        if (issue.path.startsWith(pathPrefix))
            out.push_back(issue);
    }
    return out;
}

QString ImportReport::toText() const
{
    QStringList lines;
    for (const ImportIssue &issue : issues) {
        lines.append((issue.kind == ImportIssue::Kind::Skipped ? QStringLiteral("skipped ")
                                                               : QStringLiteral("approximated "))
                     + issue.path + QStringLiteral(": ") + issue.message);
    }
    return lines.join(QLatin1Char('\n'));
}

namespace grafana {

using detail::indexPath;
using detail::joinPath;

bool isPrometheusType(const QString &type)
{
    return type.contains(QLatin1String("prometheus"), Qt::CaseInsensitive);
}

void Importer::readInputs(const QJsonObject &root)
{
    for (const QJsonValue &value : arr(root, "__inputs")) {
        const QJsonObject input = value.toObject();
        const QString name = str(input, "name");
        if (name.isEmpty())
            continue;
        if (str(input, "type") == QLatin1String("datasource"))
            m_datasourceInputs.insert(name, str(input, "pluginId"));
        else if (str(input, "type") == QLatin1String("constant"))
            m_constantInputs.insert(name, str(input, "value"));
    }
}

QString Importer::substituteInputs(QString text) const
{
    for (auto it = m_constantInputs.cbegin(); it != m_constantInputs.cend(); ++it)
        text.replace(QStringLiteral("${") + it.key() + QLatin1Char('}'), it.value());
    return text;
}

Source Importer::resolve(const QJsonValue &ds) const
{
    auto fromName = [this](const QString &raw) -> Source {
        const QString name = raw.trimmed();
        if (name == QLatin1String("-- Mixed --"))
            return {SourceKind::Mixed, {}};
        if (name == QLatin1String("-- Dashboard --"))
            return {SourceKind::DashboardReuse, {}};
        if (name == QLatin1String("-- Grafana --") || name == QLatin1String("grafana"))
            return {SourceKind::Other, QStringLiteral("grafana")};
        static const QRegularExpression variable(
            QStringLiteral(R"(^(?:\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\])$)"));
        const QRegularExpressionMatch m = variable.match(name);
        if (m.hasMatch()) {
            QString var = m.captured(1);
            if (var.isEmpty())
                var = m.captured(2);
            if (var.isEmpty())
                var = m.captured(3);
            QString type = m_datasourceInputs.value(var);
            if (type.isEmpty())
                type = m_datasourceVariables.value(var);
            if (type.isEmpty())
                return {SourceKind::Unknown, {}};
            return {isPrometheusType(type) ? SourceKind::Prometheus : SourceKind::Other, type};
        }
        return {SourceKind::Unknown, {}};
    };
    if (ds.isString())
        return fromName(ds.toString());
    if (!ds.isObject())
        return {};
    const QJsonObject o = ds.toObject();
    const QString type = str(o, "type");
    const QString uid = str(o, "uid");
    if (uid == QLatin1String("-- Mixed --") || uid == QLatin1String("-- Dashboard --")
        || uid == QLatin1String("grafana"))
        return fromName(uid);
    if (isPrometheusType(type))
        return {SourceKind::Prometheus, type};
    if (!type.isEmpty() && !type.startsWith(QLatin1Char('$')))
        return {SourceKind::Other, type};
    return fromName(type.isEmpty() ? uid : type);
}

GrafanaImport Importer::run(const QByteArray &json)
{
    GrafanaImport result;
    const std::optional<QJsonObject> parsed = detail::parseJsonObject(json, &result.error);
    if (!parsed)
        return result;
    QJsonObject root = *parsed;
    QString base;
    if (root.value(QLatin1String("dashboard")).isObject()
        && !root.contains(QLatin1String("panels"))) {
        root = obj(root, "dashboard");
        base = QStringLiteral("dashboard");
    }
    if (root.contains(QLatin1String("vitalsDashboard"))) {
        result.error = QStringLiteral("this is a Vitals dashboard file, not a Grafana one; open "
                                      "it directly");
        return result;
    }
    const QJsonValue panels = root.value(QLatin1String("panels"));
    const QJsonValue rows = root.value(QLatin1String("rows"));
    const bool rowsLayout = !panels.isArray() && rows.isArray();
    if (!panels.isArray() && !rowsLayout) {
        if (panels.isUndefined())
            result.error = QStringLiteral("not a Grafana dashboard: no \"panels\" list");
        else
            result.error = QStringLiteral("panels: expected an array, found %1")
                               .arg(detail::jsonTypeName(panels));
        return result;
    }

    readInputs(root);
    m_dashboard.title = str(root, "title").trimmed();
    if (m_dashboard.title.isEmpty())
        m_dashboard.title = QStringLiteral("Imported dashboard");
    m_dashboard.uid = str(root, "uid");
    m_dashboard.description = str(root, "description");

    const QJsonObject time = obj(root, "time");
    const QString from = str(time, "from");
    const QString to = str(time, "to");
    static const QRegularExpression relative(QStringLiteral(R"(^now-(\w+)$)"));
    const QRegularExpressionMatch m = relative.match(from);
    if (m.hasMatch() && units::parseDurationMs(m.captured(1)) > 0
        && (to.isEmpty() || to == QLatin1String("now"))) {
        m_dashboard.defaultRange = m.captured(1);
    } else if (!from.isEmpty()) {
        approximated(joinPath(base, QStringLiteral("time")),
                     QStringLiteral("time range %1 to %2 is not a \"last ...\" range; the default "
                                    "range (15m) is used")
                         .arg(from, to));
    }
    const QJsonValue refresh = root.value(QLatin1String("refresh"));
    if (refresh.isString() && !refresh.toString().isEmpty()) {
        if (units::parseDurationMs(refresh.toString()) > 0)
            m_dashboard.refresh = refresh.toString();
        else
            approximated(joinPath(base, QStringLiteral("refresh")),
                         QStringLiteral("refresh \"%1\" is not a duration; auto-refresh is off")
                             .arg(refresh.toString()));
    }
    const QJsonArray annotations = arr(obj(root, "annotations"), "list");
    for (qsizetype i = 0; i < annotations.size(); ++i) {
        const QJsonObject a = annotations.at(i).toObject();
        if (a.value(QLatin1String("builtIn")).toInt() == 1)
            continue;
        skipped(indexPath(joinPath(base, QStringLiteral("annotations.list")), i),
                QStringLiteral("annotation \"%1\" is not supported").arg(str(a, "name")));
    }

    readVariables(root, base);
    if (rowsLayout)
        readRowsLayout(rows.toArray(), joinPath(base, QStringLiteral("rows")));
    else
        readPanels(panels.toArray(), joinPath(base, QStringLiteral("panels")));

    const QString problem = validateDashboard(m_dashboard);
    if (!problem.isEmpty()) {
        result.error = QStringLiteral("the imported dashboard is not valid: ") + problem;
        return result;
    }
    qCDebug(lcDashboard).noquote()
        << "imported Grafana dashboard" << m_dashboard.title << "with" << m_dashboard.panels.size()
        << "panels and" << m_report.issues.size() << "report entries";
    result.dashboard = std::move(m_dashboard);
    result.report = std::move(m_report);
    return result;
}

} // namespace grafana

GrafanaImport importGrafanaDashboard(const QByteArray &json)
{
    grafana::Importer importer;
    return importer.run(json);
}

} // namespace vitals::dashboard

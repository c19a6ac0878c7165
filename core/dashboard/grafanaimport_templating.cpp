#include "core/dashboard/grafanaimporter.h"

#include "core/dashboard/jsonreader.h"
#include "core/dashboard/variablequery.h"
#include "core/units.h"

#include <QRegularExpression>

#include <algorithm>

// Templating variables of a Grafana dashboard.
namespace vitals::dashboard::grafana {

using detail::indexPath;
using detail::joinPath;

void Importer::readVariables(const QJsonObject &root, const QString &base)
{
    const QJsonArray list = arr(obj(root, "templating"), "list");
    const QString listPath = joinPath(base, QStringLiteral("templating.list"));
    // Datasource variables first: panels and query variables refer to them by name.
    for (const QJsonValue &value : list) {
        const QJsonObject v = value.toObject();
        if (str(v, "type") == QLatin1String("datasource"))
            m_datasourceVariables.insert(str(v, "name"), str(v, "query"));
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject()) {
            skipped(indexPath(listPath, i), QStringLiteral("not a variable object"));
            continue;
        }
        readVariable(list.at(i).toObject(), indexPath(listPath, i));
    }
}

void Importer::readVariable(const QJsonObject &v, const QString &path)
{
    const QString type = str(v, "type");
    const QString name = str(v, "name");
    if (type == QLatin1String("datasource")) {
        const QString plugin = str(v, "query");
        if (!isPrometheusType(plugin))
            skipped(path, QStringLiteral("datasource variable \"%1\" chooses %2 data sources; "
                                         "Vitals reads Prometheus only")
                              .arg(name, plugin.isEmpty() ? QStringLiteral("unknown") : plugin));
        return;
    }
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!namePattern.match(name).hasMatch() || name.startsWith(QLatin1String("__"))) {
        skipped(path, QStringLiteral("variable name \"%1\" is not usable").arg(name));
        return;
    }
    if (m_dashboard.variable(name)) {
        skipped(path, QStringLiteral("variable \"%1\" is defined twice").arg(name));
        return;
    }
    Variable out;
    out.name = name;
    out.label = str(v, "label");
    out.regex = str(v, "regex");
    out.multi = v.value(QLatin1String("multi")).toBool();
    out.includeAll = v.value(QLatin1String("includeAll")).toBool();
    out.allValue = v.value(QLatin1String("allValue")).toString();

    const QJsonValue queryValue = v.value(QLatin1String("query"));
    QString query;
    if (queryValue.isString()) {
        query = queryValue.toString();
    } else if (queryValue.isObject()) {
        const QJsonObject q = queryValue.toObject();
        query = str(q, "query");
        if (query.isEmpty() && !str(q, "label").isEmpty()) {
            query =
                str(q, "metric").isEmpty()
                    ? QStringLiteral("label_values(%1)").arg(str(q, "label"))
                    : QStringLiteral("label_values(%1, %2)").arg(str(q, "metric"), str(q, "label"));
        }
    }
    if (query.isEmpty())
        query = str(v, "definition");
    query = substituteInputs(query);

    if (type == QLatin1String("query")) {
        const Source source = resolve(v.value(QLatin1String("datasource")));
        if (source.kind == SourceKind::Other) {
            skipped(path, QStringLiteral("variable \"%1\" queries a %2 data source; Vitals reads "
                                         "Prometheus only")
                              .arg(name, source.type));
            return;
        }
        out.kind = VariableKind::Query;
        out.query = query;
        const VariableQueryParse parsed = parseVariableQuery(query);
        if (!parsed.ok())
            approximated(
                joinPath(path, QStringLiteral("query")),
                QStringLiteral("variable \"%1\": %2; kept as written").arg(name, parsed.error));
    } else if (type == QLatin1String("custom")) {
        out.kind = VariableKind::Custom;
        out.query = query;
        out.options = customOptions(query);
    } else if (type == QLatin1String("interval")) {
        out.kind = VariableKind::Interval;
        QStringList kept;
        for (const QString &item : customOptions(query)) {
            if (units::parseDurationMs(item) > 0)
                kept.append(item);
            else
                approximated(
                    joinPath(path, QStringLiteral("query")),
                    QStringLiteral("interval option \"%1\" is not a duration; left out").arg(item));
        }
        out.query = kept.join(QLatin1Char(','));
        out.options = kept;
        if (v.value(QLatin1String("auto")).toBool()) {
            // Grafana's auto: the range / auto_count (30), not below auto_min ("10s").
            out.options.prepend(QStringLiteral("auto"));
            const QJsonValue count = v.value(QLatin1String("auto_count"));
            const int autoCount =
                count.isString() ? count.toString().toInt() : count.toVariant().toInt();
            if (autoCount > 0 && autoCount != 30)
                out.autoCount = autoCount;
            else if (!count.isUndefined() && !count.isNull() && autoCount <= 0)
                approximated(joinPath(path, QStringLiteral("auto_count")),
                             QStringLiteral("auto_count of interval variable \"%1\" is not a "
                                            "positive number; Grafana's 30 is used")
                                 .arg(name));
            const QString autoMin = str(v, "auto_min");
            if (units::parseDurationMs(autoMin) > 0 && autoMin != QLatin1String("10s"))
                out.autoMin = autoMin;
            else if (!autoMin.isEmpty() && units::parseDurationMs(autoMin) <= 0)
                approximated(joinPath(path, QStringLiteral("auto_min")),
                             QStringLiteral("auto_min \"%1\" of interval variable \"%2\" is "
                                            "not a duration; Grafana's 10s is used")
                                 .arg(autoMin, name));
        }
    } else if (type == QLatin1String("constant")) {
        out.kind = VariableKind::Constant;
        out.query = query;
    } else if (type == QLatin1String("textbox")) {
        out.kind = VariableKind::Constant;
        const QJsonValue current = obj(v, "current").value(QLatin1String("value"));
        out.query =
            current.isString() && !current.toString().isEmpty() ? current.toString() : query;
        approximated(path, QStringLiteral("text box variable \"%1\" becomes a constant (\"%2\")")
                               .arg(name, out.query));
        m_dashboard.variables.push_back(out);
        return;
    } else {
        skipped(path, QStringLiteral("variable \"%1\" of type \"%2\" is not supported")
                          .arg(name, type.isEmpty() ? QStringLiteral("(none)") : type));
        return;
    }
    if (out.kind == VariableKind::Constant) {
        m_dashboard.variables.push_back(out);
        return;
    }

    const QJsonValue current = obj(v, "current").value(QLatin1String("value"));
    QStringList selected;
    if (current.isArray()) {
        for (const QJsonValue &item : current.toArray()) {
            if (item.isString())
                selected.append(substituteInputs(item.toString()));
        }
    } else if (current.isString() && !current.toString().isEmpty()) {
        selected.append(substituteInputs(current.toString()));
    }
    if (out.kind == VariableKind::Interval) {
        selected.erase(std::remove_if(selected.begin(), selected.end(),
                                      [](const QString &s) {
                                          return s != QLatin1String("auto")
                                                 && s != QLatin1String(kAllValue)
                                                 && units::parseDurationMs(s) <= 0;
                                      }),
                       selected.end());
    }
    if (selected.size() > 1 && !out.multi) {
        approximated(joinPath(path, QStringLiteral("current")),
                     QStringLiteral("several values selected on a single-value variable; the "
                                    "first is kept"));
        selected = selected.mid(0, 1);
    }
    out.current = selected.value(0);
    if (selected.size() > 1)
        out.currentValues = selected;
    m_dashboard.variables.push_back(out);
}

} // namespace vitals::dashboard::grafana

#pragma once

#include "core/dashboard/grafanaimport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <cmath>
#include <optional>

// The Grafana importer's working state, shared by the files that do its jobs:
// grafanaimport.cpp (entry point, inputs, data sources), grafanaimport_panels.cpp (panels and
// rows), grafanaimport_fields.cpp (units, thresholds, field config), grafanaimport_templating.cpp
// (variables) and grafanalayout.cpp (the Grafana <= 4 rows layout). Internal to the importer:
// include it nowhere else. One Importer per import; not thread-safe, not reused.
namespace vitals::dashboard::grafana {

inline QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

inline QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

inline QJsonArray arr(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toArray();
}

// Grafana writes some numbers as strings (graph yaxes min "0"); null and "" mean unset.
inline std::optional<double> numberOf(const QJsonValue &v)
{
    if (v.isDouble() && std::isfinite(v.toDouble()))
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(d))
            return d;
    }
    return std::nullopt;
}

enum class SourceKind { Prometheus, Other, Mixed, DashboardReuse, Unknown };

struct Source {
    SourceKind kind = SourceKind::Unknown;
    QString type; // plugin id when known
};

bool isPrometheusType(const QString &type);

struct GrafanaStep {
    std::optional<double> value; // nullopt = base (-Infinity)
    QString color;
};

class Importer
{
public:
    // Imports one dashboard; call once.
    GrafanaImport run(const QByteArray &json);

    // Report entries, for the files that do the importer's jobs.
    void skipped(const QString &path, const QString &message)
    {
        m_report.issues.push_back({ImportIssue::Kind::Skipped, path, message});
    }
    void approximated(const QString &path, const QString &message)
    {
        m_report.issues.push_back({ImportIssue::Kind::Approximated, path, message});
    }

private:
    void readInputs(const QJsonObject &root);
    QString substituteInputs(QString text) const;
    Source resolve(const QJsonValue &ds) const;

    void readVariables(const QJsonObject &root, const QString &base);
    void readVariable(const QJsonObject &v, const QString &path);
    void readPanels(const QJsonArray &panels, const QString &path);
    void readPanel(const QJsonObject &p, const QString &path, int y);
    // The Grafana <= 4 layout (schema <= 14): rows[] of panels with a span (grafanalayout.h).
    void readRowsLayout(const QJsonArray &rows, const QString &path);
    // Units, bounds, thresholds, stacking, mappings and overrides of one panel; `what` names the
    // panel in messages.
    void readFieldConfig(const QJsonObject &p, const QString &path, const QString &what,
                         Panel &out);
    // fieldConfig.overrides and the graph panel's seriesOverrides into out.overrides
    // (grafanaimport_overrides.cpp); what is kept but not drawn yet is reported as approximated.
    void readRepeat(const QJsonObject &p, const QString &path, Panel &out);
    void readTimeOverride(const QJsonObject &p, const QString &path, Panel &out);
    std::vector<ValueMapping> mappingsOf(const QJsonArray &list, const QString &path);
    void readFieldOverrides(const QJsonArray &list, const QString &path, Panel &out);
    void readSeriesOverrides(const QJsonArray &list, const QString &path, Panel &out);
    void reportUndrawn(const SeriesOverride &o, const Panel &out, const QString &path,
                       const QString &label);
    void addRowHeader(const QJsonObject &row, int y);
    QString unitOf(const QString &grafanaUnit, const QString &path);
    Thresholds thresholdsOf(std::vector<GrafanaStep> steps, const QString &path);
    Thresholds graphThresholds(const QJsonArray &list, const QString &path);
    QString intervalOf(const QString &interval, const QString &path);
    QString uniquePanelId(const QJsonValue &id, const QString &prefix);

    Dashboard m_dashboard;
    ImportReport m_report;
    QHash<QString, QString> m_datasourceInputs;    // DS_PROMETHEUS -> plugin id
    QHash<QString, QString> m_constantInputs;      // VAR_JOB -> value
    QHash<QString, QString> m_datasourceVariables; // datasource variable name -> plugin id
    QSet<QString> m_panelIds;
};

} // namespace vitals::dashboard::grafana

// Decoders of the server's status and management answers: metadata, targets, rules, alerts,
// build information and configuration. They are small and irregular, so they read the envelope's
// data as a QJsonValue (decodeJsonEnvelope); query results take the fast path in envelope.cpp.
#include "core/prom/envelope.h"
#include "core/prom/envelopeinternal.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstdlib>

namespace vitals::prom {

namespace {

LabelSet labelsFromJson(const QJsonValue &value)
{
    std::vector<series::Label> labels;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        labels.push_back({it.key(), it.value().toString()});
    return LabelSet::fromLabels(std::move(labels));
}

QDateTime timeFromJson(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty() || text.startsWith(QLatin1String("0001-01-01")))
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

// Durations beyond this (about 285,000 years) are nonsense from a broken server; converting
// them to qint64 would be undefined behaviour, so they read as 0 ("unknown") like bad text.
constexpr double kMaxDurationMs = 9.0e15;

qint64 durationMsFromJson(const QJsonValue &value)
{
    // Prometheus sends rule/target intervals as float seconds or as Go durations ("15s").
    if (value.isDouble()) {
        const double ms = value.toDouble() * 1000.0;
        return std::isfinite(ms) && std::abs(ms) <= kMaxDurationMs ? qint64(std::llround(ms)) : 0;
    }
    const QString text = value.toString();
    if (text.isEmpty())
        return 0;
    qint64 total = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        qsizetype j = i;
        while (j < text.size() && (text[j].isDigit() || text[j] == u'.'))
            ++j;
        const double number = text.mid(i, j - i).toDouble();
        qsizetype k = j;
        while (k < text.size() && text[k].isLetter())
            ++k;
        const QString unit = text.mid(j, k - j);
        double factor = 0;
        if (unit == u"ms")
            factor = 1;
        else if (unit == u"s")
            factor = 1000;
        else if (unit == u"m")
            factor = 60000;
        else if (unit == u"h")
            factor = 3600000;
        else if (unit == u"d")
            factor = 86400000;
        else
            return 0;
        const double part = number * factor;
        if (!std::isfinite(part) || part > kMaxDurationMs || double(total) + part > kMaxDurationMs)
            return 0;
        total += qint64(part);
        if (k == i)
            return 0;
        i = k;
    }
    return total;
}

Alert alertFromJson(const QJsonObject &o)
{
    Alert a;
    a.labels = labelsFromJson(o.value(QLatin1String("labels")));
    a.annotations = labelsFromJson(o.value(QLatin1String("annotations")));
    a.state = o.value(QLatin1String("state")).toString();
    a.activeAt = timeFromJson(o.value(QLatin1String("activeAt")));
    a.value = o.value(QLatin1String("value")).toString();
    return a;
}

} // namespace

MetadataResult decodeMetadataResponse(const HttpResponse &response)
{
    MetadataResult out;
    const std::optional<QJsonValue> data = decodeJsonEnvelope(response, out);
    if (!data)
        return out;
    const QJsonObject object = data->toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        QList<MetricMetadata> list;
        for (const QJsonValue &entry : it.value().toArray()) {
            const QJsonObject e = entry.toObject();
            list.append({e.value(QLatin1String("type")).toString(),
                         e.value(QLatin1String("help")).toString(),
                         e.value(QLatin1String("unit")).toString()});
        }
        out.metrics.insert(it.key(), list);
    }
    return out;
}

TargetsResult decodeTargetsResponse(const HttpResponse &response)
{
    TargetsResult out;
    const std::optional<QJsonValue> data = decodeJsonEnvelope(response, out);
    if (!data)
        return out;
    const QJsonObject object = data->toObject();
    for (const QJsonValue &value : object.value(QLatin1String("activeTargets")).toArray()) {
        const QJsonObject o = value.toObject();
        Target t;
        t.labels = labelsFromJson(o.value(QLatin1String("labels")));
        t.discoveredLabels = labelsFromJson(o.value(QLatin1String("discoveredLabels")));
        t.scrapePool = o.value(QLatin1String("scrapePool")).toString();
        t.scrapeUrl = o.value(QLatin1String("scrapeUrl")).toString();
        t.health = o.value(QLatin1String("health")).toString();
        t.lastError = o.value(QLatin1String("lastError")).toString();
        t.lastScrape = timeFromJson(o.value(QLatin1String("lastScrape")));
        t.lastScrapeDurationS = o.value(QLatin1String("lastScrapeDuration")).toDouble();
        t.scrapeIntervalMs = durationMsFromJson(o.value(QLatin1String("scrapeInterval")));
        t.scrapeTimeoutMs = durationMsFromJson(o.value(QLatin1String("scrapeTimeout")));
        out.active.push_back(std::move(t));
    }
    out.droppedCount = int(object.value(QLatin1String("droppedTargets")).toArray().size());
    return out;
}

RulesResult decodeRulesResponse(const HttpResponse &response)
{
    RulesResult out;
    const std::optional<QJsonValue> data = decodeJsonEnvelope(response, out);
    if (!data)
        return out;
    const QJsonObject object = data->toObject();
    for (const QJsonValue &gv : object.value(QLatin1String("groups")).toArray()) {
        const QJsonObject g = gv.toObject();
        RuleGroup group;
        group.name = g.value(QLatin1String("name")).toString();
        group.file = g.value(QLatin1String("file")).toString();
        group.intervalMs = durationMsFromJson(g.value(QLatin1String("interval")));
        for (const QJsonValue &rv : g.value(QLatin1String("rules")).toArray()) {
            const QJsonObject r = rv.toObject();
            Rule rule;
            rule.type = r.value(QLatin1String("type")).toString();
            rule.name = r.value(QLatin1String("name")).toString();
            rule.query = r.value(QLatin1String("query")).toString();
            rule.health = r.value(QLatin1String("health")).toString();
            rule.lastError = r.value(QLatin1String("lastError")).toString();
            rule.state = r.value(QLatin1String("state")).toString();
            rule.labels = labelsFromJson(r.value(QLatin1String("labels")));
            rule.annotations = labelsFromJson(r.value(QLatin1String("annotations")));
            rule.durationMs = durationMsFromJson(r.value(QLatin1String("duration")));
            for (const QJsonValue &av : r.value(QLatin1String("alerts")).toArray())
                rule.alerts.push_back(alertFromJson(av.toObject()));
            rule.lastEvaluation = timeFromJson(r.value(QLatin1String("lastEvaluation")));
            rule.evaluationTimeS = r.value(QLatin1String("evaluationTime")).toDouble();
            group.rules.push_back(std::move(rule));
        }
        out.groups.push_back(std::move(group));
    }
    return out;
}

AlertsResult decodeAlertsResponse(const HttpResponse &response)
{
    AlertsResult out;
    const std::optional<QJsonValue> data = decodeJsonEnvelope(response, out);
    if (!data)
        return out;
    const QJsonObject object = data->toObject();
    for (const QJsonValue &value : object.value(QLatin1String("alerts")).toArray())
        out.alerts.push_back(alertFromJson(value.toObject()));
    return out;
}

BuildInfoResult decodeBuildInfoResponse(const HttpResponse &response)
{
    BuildInfoResult out;
    const std::optional<QJsonValue> data = decodeJsonEnvelope(response, out);
    if (!data)
        return out;
    const QJsonObject o = data->toObject();
    out.info.version = o.value(QLatin1String("version")).toString();
    out.info.revision = o.value(QLatin1String("revision")).toString();
    out.info.branch = o.value(QLatin1String("branch")).toString();
    out.info.buildUser = o.value(QLatin1String("buildUser")).toString();
    out.info.buildDate = o.value(QLatin1String("buildDate")).toString();
    out.info.goVersion = o.value(QLatin1String("goVersion")).toString();
    return out;
}

ConfigResult decodeConfigResponse(const HttpResponse &response)
{
    ConfigResult out;
    const std::optional<QJsonValue> data = decodeJsonEnvelope(response, out);
    if (!data)
        return out;
    out.yaml = data->toObject().value(QLatin1String("yaml")).toString();
    return out;
}

} // namespace vitals::prom

#include "core/alertmanager/alertmanagerdecode.h"

#include "core/prom/envelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

namespace vitals::alertmanager {

namespace {

using prom::Error;
using prom::ErrorType;
using prom::HttpResponse;

QString excerpt(const QByteArray &body)
{
    constexpr qsizetype kMax = 4096;
    if (body.size() <= kMax)
        return QString::fromUtf8(body);
    return QString::fromUtf8(body.left(kMax))
           + QStringLiteral("… (%1 bytes in all)").arg(body.size());
}

Error badResponse(const HttpResponse &response, const QString &why)
{
    Error e;
    e.type = ErrorType::BadResponse;
    e.httpStatus = response.httpStatus;
    e.message = QStringLiteral("Alertmanager at %1 sent an answer that could not be read. Is this "
                               "the address of an Alertmanager (API v2)?")
                    .arg(response.url.toString(QUrl::RemoveUserInfo | QUrl::RemovePath
                                               | QUrl::RemoveQuery));
    e.detail = why + QStringLiteral("\n") + excerpt(response.body);
    return e;
}

// Alertmanager's text for a refused request: its error bodies are a JSON string, or plain text.
QString serverText(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('"')) {
        const QJsonDocument doc = QJsonDocument::fromJson("[" + trimmed + "]");
        if (doc.isArray() && doc.array().at(0).isString())
            return doc.array().at(0).toString();
    }
    return QString::fromUtf8(trimmed.left(300)).simplified();
}

// The error of a response that is not a 2xx answer, or nothing.
std::optional<Error> transferOrStatusError(const HttpResponse &response)
{
    if (response.error.isError())
        return response.error;
    if (response.httpStatus >= 200 && response.httpStatus < 300)
        return std::nullopt;
    Error e = prom::httpStatusError(response.httpStatus, response.body, response.url);
    const QString text = serverText(response.body);
    if (response.httpStatus == 400 || response.httpStatus == 422) {
        e.type = ErrorType::BadData;
        e.message = QStringLiteral("Alertmanager refused the request: %1").arg(text);
    } else if (response.httpStatus == 404) {
        e.message =
            text.isEmpty() || text.contains(QLatin1String("404 page not found"))
                ? QStringLiteral("Nothing found at %1 (404). Check the Alertmanager URL: it "
                                 "is the address Alertmanager's own web page opens at.")
                      .arg(response.url.path())
                : QStringLiteral("Alertmanager: %1 (404)").arg(text);
    } else if (!text.isEmpty() && response.httpStatus >= 500) {
        e.message += QStringLiteral(" It said: %1").arg(text.left(200));
    }
    return e;
}

// Reads JSON values of the expected shape; the first mismatch is kept in `problem`.
class Reader
{
public:
    QString problem;

    QJsonObject object(const QJsonValue &v, const char *what)
    {
        if (!v.isObject())
            fail(what, "an object");
        return v.toObject();
    }
    QJsonArray array(const QJsonValue &v, const char *what, bool optional = false)
    {
        if (!v.isArray() && !(optional && v.isUndefined()))
            fail(what, "an array");
        return v.toArray();
    }
    QString string(const QJsonObject &o, const char *key, bool optional = true)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString())
            return v.toString();
        if (!(optional && (v.isUndefined() || v.isNull())))
            fail(key, "a string");
        return {};
    }
    bool boolean(const QJsonObject &o, const char *key, bool fallback)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isBool())
            return v.toBool();
        if (!v.isUndefined() && !v.isNull())
            fail(key, "true or false");
        return fallback;
    }
    QDateTime time(const QJsonObject &o, const char *key)
    {
        const QString text = string(o, key);
        if (text.isEmpty())
            return {};
        const QDateTime t = parseTime(text);
        if (!t.isValid())
            fail(key, "an RFC 3339 time");
        return t;
    }
    QStringList strings(const QJsonObject &o, const char *key)
    {
        QStringList out;
        for (const QJsonValue &v : array(o.value(QLatin1String(key)), key, true)) {
            if (!v.isString())
                fail(key, "an array of strings");
            out << v.toString();
        }
        return out;
    }
    Labels labels(const QJsonObject &o, const char *key)
    {
        Labels out;
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return out;
        const QJsonObject map = object(v, key);
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it.value().isString())
                fail(key, "an object of strings");
            out.insert(it.key(), it.value().toString());
        }
        return out;
    }

    Alert alert(const QJsonValue &value)
    {
        Alert a;
        const QJsonObject o = object(value, "alert");
        a.labels = labels(o, "labels");
        a.annotations = labels(o, "annotations");
        a.startsAt = time(o, "startsAt");
        a.endsAt = time(o, "endsAt");
        a.updatedAt = time(o, "updatedAt");
        a.fingerprint = string(o, "fingerprint");
        a.generatorUrl = string(o, "generatorURL");
        for (const QJsonValue &r : array(o.value(QLatin1String("receivers")), "receivers", true))
            a.receivers << string(object(r, "receiver"), "name");
        const QJsonValue status = o.value(QLatin1String("status"));
        if (!status.isUndefined()) {
            const QJsonObject s = object(status, "status");
            a.state = string(s, "state");
            a.silencedBy = strings(s, "silencedBy");
            a.inhibitedBy = strings(s, "inhibitedBy");
        }
        return a;
    }

    Silence silence(const QJsonValue &value)
    {
        Silence s;
        const QJsonObject o = object(value, "silence");
        s.id = string(o, "id", false);
        for (const QJsonValue &m : array(o.value(QLatin1String("matchers")), "matchers")) {
            const QJsonObject mo = object(m, "matcher");
            s.matchers.push_back({string(mo, "name", false), string(mo, "value", false),
                                  boolean(mo, "isRegex", false), boolean(mo, "isEqual", true)});
        }
        s.startsAt = time(o, "startsAt");
        s.endsAt = time(o, "endsAt");
        s.updatedAt = time(o, "updatedAt");
        s.createdBy = string(o, "createdBy");
        s.comment = string(o, "comment");
        const QString state = string(object(o.value(QLatin1String("status")), "status"), "state");
        s.state = state == u"active"    ? SilenceState::Active
                  : state == u"pending" ? SilenceState::Pending
                  : state == u"expired" ? SilenceState::Expired
                                        : SilenceState::Unknown;
        return s;
    }

private:
    void fail(const char *what, const char *expected)
    {
        if (problem.isEmpty())
            problem = QStringLiteral("\"%1\" is not %2")
                          .arg(QLatin1String(what), QLatin1String(expected));
    }
};

// Parses the body of a 2xx answer. On failure sets `out.error` and returns nothing.
template<typename Result> std::optional<QJsonValue> parse(const HttpResponse &response, Result &out)
{
    if (auto e = transferOrStatusError(response)) {
        out.error = *e;
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.error = badResponse(response, QStringLiteral("not JSON: %1 at byte %2")
                                              .arg(parseError.errorString())
                                              .arg(parseError.offset));
        return std::nullopt;
    }
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

template<typename Result>
bool finish(const HttpResponse &response, const Reader &reader, Result &out)
{
    if (reader.problem.isEmpty())
        return true;
    out = Result{};
    out.error = badResponse(response, reader.problem);
    return false;
}

} // namespace

QDateTime parseTime(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d+))?(Z|[+-]\\d{2}:\\d{2})$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return {};
    const QString ms = (m.captured(2) + QStringLiteral("000")).left(3);
    const QString zone = m.captured(3).toUpper();
    QDateTime t =
        QDateTime::fromString(m.captured(1) + QLatin1Char('.') + ms + zone, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

AlertsResult decodeAlerts(const HttpResponse &response)
{
    AlertsResult out;
    const auto json = parse(response, out);
    if (!json)
        return out;
    Reader r;
    for (const QJsonValue &v : r.array(*json, "alerts"))
        out.alerts.push_back(r.alert(v));
    finish(response, r, out);
    return out;
}

AlertGroupsResult decodeAlertGroups(const HttpResponse &response)
{
    AlertGroupsResult out;
    const auto json = parse(response, out);
    if (!json)
        return out;
    Reader r;
    for (const QJsonValue &v : r.array(*json, "groups")) {
        const QJsonObject o = r.object(v, "group");
        AlertGroup g;
        g.labels = r.labels(o, "labels");
        g.receiver = r.string(r.object(o.value(QLatin1String("receiver")), "receiver"), "name");
        for (const QJsonValue &a : r.array(o.value(QLatin1String("alerts")), "alerts"))
            g.alerts.push_back(r.alert(a));
        out.groups.push_back(std::move(g));
    }
    finish(response, r, out);
    return out;
}

SilencesResult decodeSilences(const HttpResponse &response)
{
    SilencesResult out;
    const auto json = parse(response, out);
    if (!json)
        return out;
    Reader r;
    for (const QJsonValue &v : r.array(*json, "silences"))
        out.silences.push_back(r.silence(v));
    finish(response, r, out);
    return out;
}

CreateSilenceResult decodeCreateSilence(const HttpResponse &response)
{
    CreateSilenceResult out;
    const auto json = parse(response, out);
    if (!json)
        return out;
    Reader r;
    out.silenceId = r.string(r.object(*json, "answer"), "silenceID", false);
    if (finish(response, r, out) && out.silenceId.isEmpty())
        out.error = badResponse(response, QStringLiteral("\"silenceID\" is empty"));
    return out;
}

ExpireSilenceResult decodeExpireSilence(const HttpResponse &response)
{
    ExpireSilenceResult out;
    if (auto e = transferOrStatusError(response))
        out.error = *e;
    return out;
}

StatusResult decodeStatus(const HttpResponse &response)
{
    StatusResult out;
    const auto json = parse(response, out);
    if (!json)
        return out;
    Reader r;
    const QJsonObject o = r.object(*json, "status");
    out.version =
        r.string(r.object(o.value(QLatin1String("versionInfo")), "versionInfo"), "version");
    out.clusterStatus = r.string(r.object(o.value(QLatin1String("cluster")), "cluster"), "status");
    out.uptime = r.time(o, "uptime");
    finish(response, r, out);
    return out;
}

QByteArray silenceJson(const SilenceDraft &draft, const QDateTime &now)
{
    QJsonArray matchers;
    for (const Matcher &m : draft.matchers)
        matchers.append(QJsonObject{{QStringLiteral("name"), m.name},
                                    {QStringLiteral("value"), m.value},
                                    {QStringLiteral("isRegex"), m.isRegex},
                                    {QStringLiteral("isEqual"), m.isEqual}});
    const QDateTime starts = draft.startsAt.isValid() ? draft.startsAt : now;
    const QJsonObject o{
        {QStringLiteral("matchers"), matchers},
        {QStringLiteral("startsAt"), starts.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("endsAt"), draft.endsAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("createdBy"), draft.createdBy},
        {QStringLiteral("comment"), draft.comment}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace vitals::alertmanager

#include "core/dashboard/jsonreader.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace vitals::dashboard::detail {

std::optional<QJsonObject> parseJsonObject(const QByteArray &bytes, QString *error)
{
    if (bytes.size() > kMaxDashboardBytes) {
        *error = QStringLiteral("the file is %1 MiB; dashboards larger than %2 MiB are refused")
                     .arg(bytes.size() / (1024 * 1024))
                     .arg(kMaxDashboardBytes / (1024 * 1024));
        return std::nullopt;
    }
    if (bytes.trimmed().isEmpty()) {
        *error = QStringLiteral("the file is empty");
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON at byte %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("expected a JSON object at the top level, found %1")
                     .arg(doc.isArray() ? QStringLiteral("an array") : QStringLiteral("a value"));
        return std::nullopt;
    }
    return doc.object();
}

QString joinPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString indexPath(const QString &path, qsizetype index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

void JsonReader::fail(const QString &path, const QString &message)
{
    if (m_error.isEmpty())
        m_error = path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}

namespace {

bool isAbsent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

QString expected(const QString &what, const QJsonValue &found)
{
    return QStringLiteral("expected %1, found %2").arg(what, jsonTypeName(found));
}

} // namespace

std::optional<QJsonValue> JsonReader::member(const QJsonObject &obj, const QString &path,
                                             const QString &key, bool required, const QString &what,
                                             bool (*accepted)(const QJsonValue &))
{
    if (failed())
        return std::nullopt;
    const QJsonValue v = obj.value(key);
    if (isAbsent(v)) {
        if (required)
            fail(joinPath(path, key), QStringLiteral("missing; expected ") + what);
        return std::nullopt;
    }
    if (!accepted(v)) {
        fail(joinPath(path, key), expected(what, v));
        return std::nullopt;
    }
    return v;
}

QString JsonReader::string(const QJsonObject &obj, const QString &path, const QString &key,
                           bool required, const QString &fallback)
{
    const auto v = member(obj, path, key, required, QStringLiteral("a string"),
                          [](const QJsonValue &v) { return v.isString(); });
    return v ? v->toString() : fallback;
}

bool JsonReader::boolean(const QJsonObject &obj, const QString &path, const QString &key,
                         bool fallback)
{
    const auto v = member(obj, path, key, false, QStringLiteral("true or false"),
                          [](const QJsonValue &v) { return v.isBool(); });
    return v ? v->toBool() : fallback;
}

std::optional<double> JsonReader::number(const QJsonObject &obj, const QString &path,
                                         const QString &key, bool required)
{
    const auto v =
        member(obj, path, key, required, QStringLiteral("a number"),
               [](const QJsonValue &v) { return v.isDouble() && std::isfinite(v.toDouble()); });
    return v ? std::optional<double>(v->toDouble()) : std::nullopt;
}

int JsonReader::integer(const QJsonObject &obj, const QString &path, const QString &key, int min,
                        int max, int fallback, bool required)
{
    if (failed())
        return fallback;
    const QJsonValue v = obj.value(key);
    const QString p = joinPath(path, key);
    const QString what = QStringLiteral("an integer from %1 to %2").arg(min).arg(max);
    if (isAbsent(v)) {
        if (required)
            fail(p, QStringLiteral("missing; expected ") + what);
        return fallback;
    }
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d) || d < min || d > max) {
        fail(p, v.isDouble() ? QStringLiteral("expected %1, found %2").arg(what).arg(d)
                             : expected(what, v));
        return fallback;
    }
    return static_cast<int>(d);
}

QJsonObject JsonReader::object(const QJsonObject &obj, const QString &path, const QString &key,
                               bool required)
{
    const auto v = member(obj, path, key, required, QStringLiteral("an object"),
                          [](const QJsonValue &v) { return v.isObject(); });
    return v ? v->toObject() : QJsonObject();
}

QJsonArray JsonReader::array(const QJsonObject &obj, const QString &path, const QString &key,
                             bool required)
{
    const auto v = member(obj, path, key, required, QStringLiteral("an array"),
                          [](const QJsonValue &v) { return v.isArray(); });
    return v ? v->toArray() : QJsonArray();
}

QJsonObject JsonReader::objectAt(const QJsonArray &array, const QString &path, qsizetype index)
{
    if (failed())
        return {};
    const QJsonValue v = array.at(index);
    if (!v.isObject()) {
        fail(indexPath(path, index), expected(QStringLiteral("an object"), v));
        return {};
    }
    return v.toObject();
}

} // namespace vitals::dashboard::detail

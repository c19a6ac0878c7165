#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

// Internal to core/dashboard: typed reads from parsed JSON that remember the first error
// together with the path of the offending field ("panels[3].queries[0].expr: expected a
// string"). After the first error every read returns its default, so parsing code reads
// straight through and checks failed() once. Not thread-safe; one reader per parse.
namespace vitals::dashboard::detail {

// The largest dashboard file accepted, in bytes. Real dashboards are tens of KiB; this keeps a
// hostile or mistaken file (a log, a disk image) from taking the console's memory.
inline constexpr qint64 kMaxDashboardBytes = 16 * 1024 * 1024;

// Parses `bytes` as one JSON object. Refuses input over kMaxDashboardBytes, malformed JSON
// (with the byte offset), nesting deeper than Qt's parser allows and non-object roots.
// Returns nullopt and sets *error in those cases.
std::optional<QJsonObject> parseJsonObject(const QByteArray &bytes, QString *error);

// "a" + "b" -> "a.b"; "" + "b" -> "b"; index(path, 3) -> "path[3]".
QString joinPath(const QString &path, const QString &key);
QString indexPath(const QString &path, qsizetype index);

// The JSON type name used in error messages ("a string", "an array", "null", ...).
QString jsonTypeName(const QJsonValue &value);

class JsonReader
{
public:
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &path, const QString &message);

    // Each read takes the object, its path and the key. Absent (or null) optional fields give
    // `fallback`; present fields of the wrong type fail with "expected ...".
    QString string(const QJsonObject &obj, const QString &path, const QString &key,
                   bool required = false, const QString &fallback = {});
    bool boolean(const QJsonObject &obj, const QString &path, const QString &key,
                 bool fallback = false);
    std::optional<double> number(const QJsonObject &obj, const QString &path, const QString &key,
                                 bool required = false);
    // An integer in [min, max]; fails with the range named otherwise.
    int integer(const QJsonObject &obj, const QString &path, const QString &key, int min, int max,
                int fallback, bool required = false);
    QJsonObject object(const QJsonObject &obj, const QString &path, const QString &key,
                       bool required = false);
    QJsonArray array(const QJsonObject &obj, const QString &path, const QString &key,
                     bool required = false);
    // Element `index` of an array that must be an object.
    QJsonObject objectAt(const QJsonArray &array, const QString &path, qsizetype index);

private:
    // The member `key` of `obj` when it is present (not absent or null) and `accepted`;
    // otherwise nullopt, after failing with "missing; expected <what>" when it is required and
    // absent, or "expected <what>, found <its type>" when it is present but not accepted.
    std::optional<QJsonValue> member(const QJsonObject &obj, const QString &path,
                                     const QString &key, bool required, const QString &what,
                                     bool (*accepted)(const QJsonValue &));

    QString m_error;
};

} // namespace vitals::dashboard::detail

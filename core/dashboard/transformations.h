#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

// Grafana's table transformations, as pure functions over plain tables ("data frames"): a
// table panel's query answers become frames (core/panel/tableframes.h), the panel's
// transformations run over them in order, and the table shows the first frame that results.
// Supported, with Grafana's semantics: organize (rename, order, hide), merge, joinByField
// (outer), filterFieldsByName, reduce (series to rows, reduce fields), labelsToFields (columns),
// calculateField (binary, reduce row), sortBy, renameByRegex. Plain value types; every function
// is pure and thread-safe.
namespace vitals::dashboard {

// A transformation as Grafana saves it in a panel ("id" and "options"), kept as written so a
// dashboard file saves it back unchanged.
struct Transformation {
    QString id;
    QJsonObject options;
    bool disabled = false; // Grafana's "disabled": kept but not run

    bool operator==(const Transformation &) const = default;
};

// Whether applyTransformations() runs a transformation of this id.
bool isSupportedTransformation(const QString &id);

// Transformations as saved in dashboard files (Grafana's own shape), and back. fromJson skips
// entries that are not objects with an "id".
QJsonArray transformationsToJson(const std::vector<Transformation> &list);
std::vector<Transformation> transformationsFromJson(const QJsonArray &json);

enum class FieldType {
    Number, // `numbers`, NaN is null
    String, // `strings`, a null QString is null
    Time,   // `numbers`, Unix ms
};

// One column of a frame. Exactly one of `numbers`/`strings` holds the values, per `type`.
struct Field {
    QString name; // the column's display name
    FieldType type = FieldType::Number;
    std::map<QString, QString> labels; // a series' labels (number fields of time-series answers)
    std::vector<double> numbers;
    QStringList strings;

    std::size_t size() const
    {
        return type == FieldType::String ? std::size_t(strings.size()) : numbers.size();
    }
    bool isNull(std::size_t row) const;
    // The value as text for keys and comparisons: strings as they are, numbers in full precision.
    QString keyText(std::size_t row) const;
    // Appends the value of row `row` of `from` (same type), or a null when `row` is out of range.
    void appendFrom(const Field &from, std::size_t row);
    void appendNull();

    bool operator==(const Field &) const = default;
};

struct Frame {
    QString refId; // the query the frame came from; empty for frames built by transformations
    std::vector<Field> fields;

    std::size_t rows() const { return fields.empty() ? 0 : fields.front().size(); }
    const Field *field(const QString &name) const; // nullptr if absent
    bool operator==(const Frame &) const = default;
};
using Frames = std::vector<Frame>;

// Runs `list` in order over `frames`. Ids that are not supported are skipped and named in
// *unsupported (when given); disabled ones are skipped silently.
Frames applyTransformations(const std::vector<Transformation> &list, Frames frames,
                            QStringList *unsupported = nullptr);

// The single transformations, with Grafana's options objects.
Frames organize(Frames frames, const QJsonObject &options);
Frames merge(Frames frames);
Frames joinByField(Frames frames, const QJsonObject &options);
Frames filterFieldsByName(Frames frames, const QJsonObject &options);
Frames reduce(Frames frames, const QJsonObject &options);
Frames labelsToFields(Frames frames, const QJsonObject &options);
Frames calculateField(Frames frames, const QJsonObject &options);
Frames sortBy(Frames frames, const QJsonObject &options);
Frames renameByRegex(Frames frames, const QJsonObject &options);

// Grafana's reducer (a "calcs" id: lastNotNull, last, firstNotNull, first, mean, max, min, sum,
// count, range, delta, diff) over a field's numbers; nullopt for an unknown id.
std::optional<double> reduceValues(const QString &reducer, const std::vector<double> &values);
// The column name Grafana gives a reducer's result ("Last *", "Mean", "Total", ...).
QString reducerTitle(const QString &reducer);

} // namespace vitals::dashboard

#include "core/dashboard/transformations.h"

#include <algorithm>
#include <cmath>
#include <numeric>

// The transformations that compute values: reduce and calculateField, with Grafana's reducers.
namespace vitals::dashboard {

namespace {

Field emptyLike(const Field &f)
{
    Field out;
    out.name = f.name;
    out.type = f.type;
    out.labels = f.labels;
    return out;
}

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out << item.toString();
    return out;
}

} // namespace

std::optional<double> reduceValues(const QString &reducer, const std::vector<double> &values)
{
    std::vector<double> present;
    for (double v : values)
        if (!std::isnan(v))
            present.push_back(v);
    const double nan = qQNaN();
    if (reducer == QLatin1String("last"))
        return values.empty() ? nan : values.back();
    if (reducer == QLatin1String("first"))
        return values.empty() ? nan : values.front();
    if (reducer == QLatin1String("lastNotNull"))
        return present.empty() ? nan : present.back();
    if (reducer == QLatin1String("firstNotNull"))
        return present.empty() ? nan : present.front();
    if (reducer == QLatin1String("count"))
        return double(values.size());
    if (reducer == QLatin1String("sum"))
        return std::accumulate(present.begin(), present.end(), 0.0);
    if (reducer == QLatin1String("mean"))
        return present.empty()
                   ? nan
                   : std::accumulate(present.begin(), present.end(), 0.0) / double(present.size());
    if (reducer == QLatin1String("max"))
        return present.empty() ? nan : *std::max_element(present.begin(), present.end());
    if (reducer == QLatin1String("min"))
        return present.empty() ? nan : *std::min_element(present.begin(), present.end());
    if (reducer == QLatin1String("range"))
        return present.empty() ? nan
                               : *std::max_element(present.begin(), present.end())
                                     - *std::min_element(present.begin(), present.end());
    if (reducer == QLatin1String("diff"))
        return present.empty() ? nan : present.back() - present.front();
    if (reducer == QLatin1String("delta")) { // increases only, resets count from zero
        double delta = 0;
        for (std::size_t i = 1; i < present.size(); ++i)
            delta += present[i] >= present[i - 1] ? present[i] - present[i - 1] : present[i];
        return present.empty() ? nan : delta;
    }
    return std::nullopt;
}

QString reducerTitle(const QString &reducer)
{
    static const std::map<QString, QString> titles{
        {QStringLiteral("lastNotNull"), QStringLiteral("Last *")},
        {QStringLiteral("last"), QStringLiteral("Last")},
        {QStringLiteral("firstNotNull"), QStringLiteral("First *")},
        {QStringLiteral("first"), QStringLiteral("First")},
        {QStringLiteral("mean"), QStringLiteral("Mean")},
        {QStringLiteral("max"), QStringLiteral("Max")},
        {QStringLiteral("min"), QStringLiteral("Min")},
        {QStringLiteral("sum"), QStringLiteral("Total")},
        {QStringLiteral("count"), QStringLiteral("Count")},
        {QStringLiteral("range"), QStringLiteral("Range")},
        {QStringLiteral("diff"), QStringLiteral("Difference")},
        {QStringLiteral("delta"), QStringLiteral("Delta")}};
    const auto it = titles.find(reducer);
    return it == titles.end() ? reducer : it->second;
}

Frames reduce(Frames frames, const QJsonObject &options)
{
    QStringList reducers = stringList(options.value(QLatin1String("reducers")));
    reducers.removeIf([](const QString &r) { return !reduceValues(r, {}); });
    if (reducers.isEmpty())
        reducers << QStringLiteral("lastNotNull");
    if (options.value(QLatin1String("mode")).toString() == QLatin1String("reduceFields")) {
        // Each frame keeps its number fields, one row of the first reducer's value.
        for (Frame &frame : frames) {
            std::vector<Field> kept;
            for (const Field &f : frame.fields) {
                if (f.type == FieldType::Time)
                    continue;
                Field r = emptyLike(f);
                if (f.type == FieldType::Number)
                    r.numbers.push_back(*reduceValues(reducers.front(), f.numbers));
                else
                    r.strings << (f.strings.isEmpty() ? QString() : f.strings.last());
                kept.push_back(std::move(r));
            }
            frame.fields = std::move(kept);
        }
        return frames;
    }
    // Series to rows: a row per number field of every frame, a column per reducer.
    Frame out;
    Field names;
    names.name = QStringLiteral("Field");
    names.type = FieldType::String;
    std::vector<Field> columns;
    for (const QString &r : reducers) {
        Field c;
        c.name = reducerTitle(r);
        columns.push_back(std::move(c));
    }
    for (const Frame &frame : frames)
        for (const Field &f : frame.fields) {
            if (f.type != FieldType::Number)
                continue;
            names.strings << f.name;
            for (qsizetype i = 0; i < reducers.size(); ++i)
                columns[std::size_t(i)].numbers.push_back(*reduceValues(reducers.at(i), f.numbers));
        }
    out.fields.push_back(std::move(names));
    for (Field &c : columns)
        out.fields.push_back(std::move(c));
    return {std::move(out)};
}

Frames calculateField(Frames frames, const QJsonObject &options)
{
    const QString mode = options.value(QLatin1String("mode")).toString();
    const bool replace = options.value(QLatin1String("replaceFields")).toBool();
    for (Frame &frame : frames) {
        const std::size_t rows = frame.rows();
        Field result;
        if (mode == QLatin1String("binary")) {
            const QJsonObject b = options.value(QLatin1String("binary")).toObject();
            const QString left = b.value(QLatin1String("left")).toString();
            const QString right = b.value(QLatin1String("right")).toString();
            const QString op = b.value(QLatin1String("operator")).toString(QStringLiteral("+"));
            // An operand is a field's name, else a number.
            const auto operand = [&](const QString &name, std::size_t row) {
                if (const Field *f = frame.field(name); f && f->type == FieldType::Number)
                    return row < f->numbers.size() ? f->numbers[row] : qQNaN();
                bool ok = false;
                const double v = name.toDouble(&ok);
                return ok ? v : qQNaN();
            };
            result.name = left + QLatin1Char(' ') + op + QLatin1Char(' ') + right;
            for (std::size_t r = 0; r < rows; ++r) {
                const double a = operand(left, r);
                const double c = operand(right, r);
                double v = qQNaN();
                if (op == QLatin1String("+"))
                    v = a + c;
                else if (op == QLatin1String("-"))
                    v = a - c;
                else if (op == QLatin1String("*"))
                    v = a * c;
                else if (op == QLatin1String("/"))
                    v = a / c;
                else if (op == QLatin1String("%"))
                    v = std::fmod(a, c);
                else if (op == QLatin1String("^"))
                    v = std::pow(a, c);
                result.numbers.push_back(v);
            }
        } else { // reduceRow, Grafana's default mode
            const QJsonObject rr = options.value(QLatin1String("reduce")).toObject();
            const QString reducer =
                rr.value(QLatin1String("reducer")).toString(QStringLiteral("sum"));
            const QStringList include = stringList(rr.value(QLatin1String("include")));
            result.name = reducerTitle(reducer);
            for (std::size_t r = 0; r < rows; ++r) {
                std::vector<double> row;
                for (const Field &f : frame.fields)
                    if (f.type == FieldType::Number
                        && (include.isEmpty() || include.contains(f.name)))
                        row.push_back(f.numbers[r]);
                result.numbers.push_back(reduceValues(reducer, row).value_or(qQNaN()));
            }
        }
        const QString alias = options.value(QLatin1String("alias")).toString();
        if (!alias.isEmpty())
            result.name = alias;
        if (replace) {
            std::vector<Field> kept;
            for (Field &f : frame.fields)
                if (f.type == FieldType::Time)
                    kept.push_back(std::move(f));
            frame.fields = std::move(kept);
        }
        frame.fields.push_back(std::move(result));
    }
    return frames;
}

} // namespace vitals::dashboard

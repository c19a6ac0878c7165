#include "core/dashboard/transformations.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vitals::dashboard {

namespace {

QString numberKey(double v)
{
    return std::isnan(v) ? QString() : QString::number(v, 'g', 17);
}

Field emptyLike(const Field &f)
{
    Field out;
    out.name = f.name;
    out.type = f.type;
    out.labels = f.labels;
    return out;
}

// Grafana's regex options are "/pattern/flags" or a bare pattern.
QRegularExpression grafanaRegex(const QString &text)
{
    static const QRegularExpression slashed(QStringLiteral("^/(.*)/([a-z]*)$"));
    const QRegularExpressionMatch m = slashed.match(text);
    if (!m.hasMatch())
        return QRegularExpression(text);
    QRegularExpression::PatternOptions flags;
    if (m.captured(2).contains(QLatin1Char('i')))
        flags |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(m.captured(1), flags);
}

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out << item.toString();
    return out;
}

// Joined frames name every field; a name given twice is numbered as Grafana does ("Time 1",
// "Time 2", ...) in field order.
void numberDuplicateNames(std::vector<Field> &fields)
{
    std::map<QString, int> count;
    for (const Field &f : fields)
        ++count[f.name];
    std::map<QString, int> seen;
    for (Field &f : fields)
        if (count[f.name] > 1)
            f.name = f.name + QLatin1Char(' ') + QString::number(++seen[f.name]);
}

} // namespace

bool Field::isNull(std::size_t row) const
{
    if (type == FieldType::String)
        return row >= std::size_t(strings.size()) || strings.at(qsizetype(row)).isNull();
    return row >= numbers.size() || std::isnan(numbers[row]);
}

QString Field::keyText(std::size_t row) const
{
    if (type == FieldType::String)
        return row < std::size_t(strings.size()) ? strings.at(qsizetype(row)) : QString();
    return row < numbers.size() ? numberKey(numbers[row]) : QString();
}

void Field::appendFrom(const Field &from, std::size_t row)
{
    if (type == FieldType::String)
        strings << (row < std::size_t(from.strings.size()) ? from.strings.at(qsizetype(row))
                                                           : QString());
    else
        numbers.push_back(row < from.numbers.size() ? from.numbers[row] : qQNaN());
}

void Field::appendNull()
{
    if (type == FieldType::String)
        strings << QString();
    else
        numbers.push_back(qQNaN());
}

const Field *Frame::field(const QString &name) const
{
    for (const Field &f : fields)
        if (f.name == name)
            return &f;
    return nullptr;
}

bool isSupportedTransformation(const QString &id)
{
    static const QStringList supported{QStringLiteral("organize"),
                                       QStringLiteral("merge"),
                                       QStringLiteral("joinByField"),
                                       QStringLiteral("seriesToColumns"),
                                       QStringLiteral("filterFieldsByName"),
                                       QStringLiteral("reduce"),
                                       QStringLiteral("labelsToFields"),
                                       QStringLiteral("calculateField"),
                                       QStringLiteral("sortBy"),
                                       QStringLiteral("renameByRegex")};
    return supported.contains(id);
}

QJsonArray transformationsToJson(const std::vector<Transformation> &list)
{
    QJsonArray out;
    for (const Transformation &t : list) {
        QJsonObject o{{QStringLiteral("id"), t.id}, {QStringLiteral("options"), t.options}};
        if (t.disabled)
            o.insert(QStringLiteral("disabled"), true);
        out.append(o);
    }
    return out;
}

std::vector<Transformation> transformationsFromJson(const QJsonArray &json)
{
    std::vector<Transformation> out;
    for (const QJsonValue &v : json) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QLatin1String("id")).toString();
        if (id.isEmpty())
            continue;
        out.push_back({id, o.value(QLatin1String("options")).toObject(),
                       o.value(QLatin1String("disabled")).toBool()});
    }
    return out;
}

Frames applyTransformations(const std::vector<Transformation> &list, Frames frames,
                            QStringList *unsupported)
{
    for (const Transformation &t : list) {
        if (t.disabled)
            continue;
        const QString &id = t.id;
        if (id == QLatin1String("organize"))
            frames = organize(std::move(frames), t.options);
        else if (id == QLatin1String("merge"))
            frames = merge(std::move(frames));
        else if (id == QLatin1String("joinByField") || id == QLatin1String("seriesToColumns"))
            frames = joinByField(std::move(frames), t.options);
        else if (id == QLatin1String("filterFieldsByName"))
            frames = filterFieldsByName(std::move(frames), t.options);
        else if (id == QLatin1String("reduce"))
            frames = reduce(std::move(frames), t.options);
        else if (id == QLatin1String("labelsToFields"))
            frames = labelsToFields(std::move(frames), t.options);
        else if (id == QLatin1String("calculateField"))
            frames = calculateField(std::move(frames), t.options);
        else if (id == QLatin1String("sortBy"))
            frames = sortBy(std::move(frames), t.options);
        else if (id == QLatin1String("renameByRegex"))
            frames = renameByRegex(std::move(frames), t.options);
        else if (unsupported)
            *unsupported << id;
    }
    return frames;
}

Frames organize(Frames frames, const QJsonObject &options)
{
    const QJsonObject exclude = options.value(QLatin1String("excludeByName")).toObject();
    const QJsonObject index = options.value(QLatin1String("indexByName")).toObject();
    const QJsonObject rename = options.value(QLatin1String("renameByName")).toObject();
    for (Frame &frame : frames) {
        std::vector<Field> kept;
        for (Field &f : frame.fields)
            if (!exclude.value(f.name).toBool())
                kept.push_back(std::move(f));
        // Fields named in indexByName go by their index; the others keep their order after them.
        std::stable_sort(kept.begin(), kept.end(), [&](const Field &a, const Field &b) {
            const int ia = index.value(a.name).toInt(std::numeric_limits<int>::max());
            const int ib = index.value(b.name).toInt(std::numeric_limits<int>::max());
            return ia < ib;
        });
        for (Field &f : kept) {
            const QString to = rename.value(f.name).toString();
            if (!to.isEmpty()) // Grafana keeps the name when the new one is empty
                f.name = to;
        }
        frame.fields = std::move(kept);
    }
    return frames;
}

Frames merge(Frames frames)
{
    if (frames.size() < 2)
        return frames;
    Frame out;
    // The union of the fields by name, in order of first appearance.
    for (const Frame &frame : frames)
        for (const Field &f : frame.fields)
            if (!out.field(f.name))
                out.fields.push_back(emptyLike(f));
    const auto indexOf = [&](const QString &name) {
        for (std::size_t i = 0; i < out.fields.size(); ++i)
            if (out.fields[i].name == name)
                return i;
        return out.fields.size();
    };
    // A row whose non-number values (times and labels) equal a row already merged fills that
    // row's empty cells instead of adding one, as Grafana merges the series of several queries.
    std::map<QString, std::size_t> rowOfKey;
    for (const Frame &frame : frames) {
        for (std::size_t r = 0; r < frame.rows(); ++r) {
            QString key;
            for (const Field &f : out.fields) {
                const Field *src = frame.field(f.name);
                if (f.type != FieldType::Number)
                    key += (src ? src->keyText(r) : QString()) + QChar(0x1f);
            }
            const auto found = rowOfKey.find(key);
            bool fits = found != rowOfKey.end();
            if (fits)
                for (const Field &src : frame.fields)
                    if (src.type == FieldType::Number && !src.isNull(r)
                        && !out.fields[indexOf(src.name)].isNull(found->second))
                        fits = false;
            if (fits) {
                for (const Field &src : frame.fields)
                    if (src.type == FieldType::Number && !src.isNull(r))
                        out.fields[indexOf(src.name)].numbers[found->second] = src.numbers[r];
                continue;
            }
            rowOfKey[key] = out.rows();
            for (Field &f : out.fields) {
                const Field *src = frame.field(f.name);
                if (src && src->type == f.type)
                    f.appendFrom(*src, r);
                else
                    f.appendNull();
            }
        }
    }
    return {std::move(out)};
}

Frames joinByField(Frames frames, const QJsonObject &options)
{
    QString by = options.value(QLatin1String("byField")).toString();
    if (frames.size() < 2)
        return frames;
    const bool inner = options.value(QLatin1String("mode")).toString() == QLatin1String("inner");
    if (by.isEmpty()) { // Grafana joins on the first time field
        for (const Field &f : frames.front().fields)
            if (f.type == FieldType::Time) {
                by = f.name;
                break;
            }
    }
    // Keys in order of first appearance; per frame, the row of each key.
    QStringList keys;
    std::vector<std::map<QString, std::size_t>> rowOf(frames.size());
    const Field *keyField = nullptr;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const Field *k = frames[i].field(by);
        if (!k)
            continue;
        if (!keyField)
            keyField = k;
        for (std::size_t r = 0; r < k->size(); ++r) {
            const QString key = k->keyText(r);
            if (rowOf[i].count(key))
                continue; // Grafana's join keeps the first row of a repeated key
            rowOf[i][key] = r;
            if (!keys.contains(key))
                keys << key;
        }
    }
    if (!keyField)
        return frames;
    if (inner) {
        QStringList common;
        for (const QString &key : keys) {
            bool everywhere = true;
            for (std::size_t i = 0; i < frames.size(); ++i)
                everywhere = everywhere && (!frames[i].field(by) || rowOf[i].count(key));
            if (everywhere)
                common << key;
        }
        keys = common;
    }
    Frame out;
    Field key = emptyLike(*keyField);
    std::vector<Field> rest;
    for (const QString &k : keys) {
        for (std::size_t i = 0; i < frames.size(); ++i)
            if (const auto it = rowOf[i].find(k); it != rowOf[i].end()) {
                key.appendFrom(*frames[i].field(by), it->second);
                break;
            }
    }
    for (std::size_t i = 0; i < frames.size(); ++i) {
        for (const Field &f : frames[i].fields) {
            if (f.name == by && frames[i].field(by) == &f)
                continue;
            Field joined = emptyLike(f);
            for (const QString &k : keys) {
                const auto it = rowOf[i].find(k);
                if (it == rowOf[i].end())
                    joined.appendNull();
                else
                    joined.appendFrom(f, it->second);
            }
            rest.push_back(std::move(joined));
        }
    }
    out.fields.push_back(std::move(key));
    for (Field &f : rest)
        out.fields.push_back(std::move(f));
    numberDuplicateNames(out.fields);
    return {std::move(out)};
}

Frames filterFieldsByName(Frames frames, const QJsonObject &options)
{
    const QJsonObject include = options.value(QLatin1String("include")).toObject();
    const QJsonObject exclude = options.value(QLatin1String("exclude")).toObject();
    const auto matches = [](const QJsonObject &rule, const QString &name) {
        if (stringList(rule.value(QLatin1String("names"))).contains(name))
            return true;
        const QString pattern = rule.value(QLatin1String("pattern")).toString();
        return !pattern.isEmpty() && grafanaRegex(pattern).match(name).hasMatch();
    };
    for (Frame &frame : frames) {
        std::vector<Field> kept;
        for (Field &f : frame.fields) {
            if (!include.isEmpty() && !matches(include, f.name))
                continue;
            if (!exclude.isEmpty() && matches(exclude, f.name))
                continue;
            kept.push_back(std::move(f));
        }
        frame.fields = std::move(kept);
    }
    return frames;
}

Frames labelsToFields(Frames frames, const QJsonObject &options)
{
    const QStringList keep = stringList(options.value(QLatin1String("keepLabels")));
    const QString valueLabel = options.value(QLatin1String("valueLabel")).toString();
    for (Frame &frame : frames) {
        std::vector<Field> out;
        std::vector<Field> labelFields;
        for (Field &f : frame.fields) {
            if (f.labels.empty()) {
                out.push_back(std::move(f));
                continue;
            }
            for (const auto &[name, value] : f.labels) {
                if (!keep.isEmpty() && !keep.contains(name))
                    continue;
                if (name == valueLabel)
                    continue;
                bool present = false;
                for (const Field &l : labelFields)
                    present = present || l.name == name;
                if (present)
                    continue;
                Field l;
                l.name = name;
                l.type = FieldType::String;
                for (std::size_t r = 0; r < f.size(); ++r)
                    l.strings << value;
                labelFields.push_back(std::move(l));
            }
            const auto named = f.labels.find(valueLabel);
            f.name = !valueLabel.isEmpty() && named != f.labels.end() ? named->second
                                                                      : QStringLiteral("Value");
            f.labels.clear();
            out.push_back(std::move(f));
        }
        // Label columns go after the time field, before the values, as in Grafana.
        auto at = out.begin();
        if (at != out.end() && at->type == FieldType::Time)
            ++at;
        out.insert(at, std::make_move_iterator(labelFields.begin()),
                   std::make_move_iterator(labelFields.end()));
        frame.fields = std::move(out);
    }
    return frames;
}

Frames sortBy(Frames frames, const QJsonObject &options)
{
    const QJsonArray sort = options.value(QLatin1String("sort")).toArray();
    if (sort.isEmpty())
        return frames;
    const QJsonObject by = sort.first().toObject();
    const QString name = by.value(QLatin1String("field")).toString();
    const bool desc = by.value(QLatin1String("desc")).toBool();
    for (Frame &frame : frames) {
        const Field *key = frame.field(name);
        if (!key)
            continue;
        std::vector<std::size_t> order(frame.rows());
        std::iota(order.begin(), order.end(), std::size_t(0));
        const Field k = *key;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            // Nulls last either way.
            if (k.isNull(a) || k.isNull(b))
                return !k.isNull(a) && k.isNull(b);
            if (k.type == FieldType::String)
                return desc ? k.strings.at(qsizetype(b)) < k.strings.at(qsizetype(a))
                            : k.strings.at(qsizetype(a)) < k.strings.at(qsizetype(b));
            return desc ? k.numbers[b] < k.numbers[a] : k.numbers[a] < k.numbers[b];
        });
        for (Field &f : frame.fields) {
            Field sorted = emptyLike(f);
            for (std::size_t r : order)
                sorted.appendFrom(f, r);
            f = std::move(sorted);
        }
    }
    return frames;
}

Frames renameByRegex(Frames frames, const QJsonObject &options)
{
    const QRegularExpression re = grafanaRegex(options.value(QLatin1String("regex")).toString());
    // JavaScript's String.replace: the first match, $1… for groups.
    const QString pattern = options.value(QLatin1String("renamePattern")).toString();
    if (!re.isValid())
        return frames;
    for (Frame &frame : frames)
        for (Field &f : frame.fields) {
            const QRegularExpressionMatch m = re.match(f.name);
            if (!m.hasMatch())
                continue;
            QString renamed = pattern;
            for (int g = m.lastCapturedIndex(); g >= 0; --g)
                renamed.replace(QLatin1Char('$') + QString::number(g), m.captured(g));
            f.name = f.name.left(m.capturedStart()) + renamed + f.name.mid(m.capturedEnd());
        }
    return frames;
}

} // namespace vitals::dashboard

#include "core/dashboard/valuemapping.h"

#include "core/dashboard/dashboard.h"

#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace vitals::dashboard {

namespace {

MappedValue resultOf(const ValueMapping &m)
{
    return {m.text, m.color, m.level};
}

// A number as JavaScript's String() writes it, for the common cases: 1 → "1", 0.5 → "0.5".
QString jsNumber(double value)
{
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 15);
}

bool regexMatches(const QString &pattern, const QString &text)
{
    QString p = pattern;
    static const QRegularExpression slashed(QStringLiteral("^/(.*)/[a-z]*$"));
    if (const QRegularExpressionMatch m = slashed.match(p); m.hasMatch())
        p = m.captured(1);
    const QRegularExpression re(p);
    return re.isValid() && re.match(text).hasMatch();
}

const char *kindName(ValueMapping::Kind k)
{
    switch (k) {
    case ValueMapping::Kind::Value:
        return "value";
    case ValueMapping::Kind::Range:
        return "range";
    case ValueMapping::Kind::Regex:
        return "regex";
    case ValueMapping::Kind::Special:
        return "special";
    }
    return "value";
}

const char *specialName(ValueMapping::Special s)
{
    switch (s) {
    case ValueMapping::Special::Null:
        return "null";
    case ValueMapping::Special::NaN:
        return "nan";
    case ValueMapping::Special::NullOrNaN:
        return "null+nan";
    case ValueMapping::Special::True:
        return "true";
    case ValueMapping::Special::False:
        return "false";
    case ValueMapping::Special::Empty:
        return "empty";
    }
    return "null";
}

} // namespace

std::optional<MappedValue> mapValue(const std::vector<ValueMapping> &mappings, double value)
{
    for (const ValueMapping &m : mappings) {
        switch (m.kind) {
        case ValueMapping::Kind::Value:
            if (!std::isnan(value) && m.value.trimmed() == jsNumber(value))
                return resultOf(m);
            break;
        case ValueMapping::Kind::Range:
            if (!std::isnan(value) && (m.from || m.to) && (!m.from || value >= *m.from)
                && (!m.to || value <= *m.to))
                return resultOf(m);
            break;
        case ValueMapping::Kind::Regex:
            if (!std::isnan(value) && regexMatches(m.value, jsNumber(value)))
                return resultOf(m);
            break;
        case ValueMapping::Kind::Special:
            if ((std::isnan(value) && m.special != ValueMapping::Special::True
                 && m.special != ValueMapping::Special::False
                 && m.special != ValueMapping::Special::Empty)
                || (m.special == ValueMapping::Special::True && value == 1.0)
                || (m.special == ValueMapping::Special::False && value == 0.0))
                return resultOf(m);
            break;
        }
    }
    return std::nullopt;
}

std::optional<MappedValue> mapText(const std::vector<ValueMapping> &mappings, const QString &text)
{
    for (const ValueMapping &m : mappings) {
        if ((m.kind == ValueMapping::Kind::Value && m.value == text)
            || (m.kind == ValueMapping::Kind::Regex && regexMatches(m.value, text))
            || (m.kind == ValueMapping::Kind::Special && m.special == ValueMapping::Special::Empty
                && text.isEmpty()))
            return resultOf(m);
    }
    return std::nullopt;
}

QJsonArray mappingsToJson(const std::vector<ValueMapping> &mappings)
{
    QJsonArray out;
    for (const ValueMapping &m : mappings) {
        QJsonObject j{{QStringLiteral("kind"), QLatin1String(kindName(m.kind))}};
        if (m.kind == ValueMapping::Kind::Value || m.kind == ValueMapping::Kind::Regex)
            j.insert(QStringLiteral("value"), m.value);
        if (m.from)
            j.insert(QStringLiteral("from"), *m.from);
        if (m.to)
            j.insert(QStringLiteral("to"), *m.to);
        if (m.kind == ValueMapping::Kind::Special)
            j.insert(QStringLiteral("special"), QLatin1String(specialName(m.special)));
        if (!m.text.isEmpty())
            j.insert(QStringLiteral("text"), m.text);
        if (!m.color.isEmpty())
            j.insert(QStringLiteral("color"), m.color);
        if (m.level)
            j.insert(QStringLiteral("level"), thresholdLevelName(*m.level));
        out.append(j);
    }
    return out;
}

std::optional<std::vector<ValueMapping>> mappingsFromJson(const QJsonArray &json, QString *error)
{
    std::vector<ValueMapping> out;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QJsonObject j = json.at(i).toObject();
        ValueMapping m;
        const QString kind = j.value(QLatin1String("kind")).toString();
        bool known = false;
        for (auto k : {ValueMapping::Kind::Value, ValueMapping::Kind::Range,
                       ValueMapping::Kind::Regex, ValueMapping::Kind::Special}) {
            if (kind == QLatin1String(kindName(k))) {
                m.kind = k;
                known = true;
            }
        }
        if (!known) {
            *error = QStringLiteral("[%1]: kind \"%2\" is not value, range, regex or special")
                         .arg(i)
                         .arg(kind);
            return std::nullopt;
        }
        m.value = j.value(QLatin1String("value")).toString();
        if (j.value(QLatin1String("from")).isDouble())
            m.from = j.value(QLatin1String("from")).toDouble();
        if (j.value(QLatin1String("to")).isDouble())
            m.to = j.value(QLatin1String("to")).toDouble();
        const QString special = j.value(QLatin1String("special")).toString();
        for (auto s : {ValueMapping::Special::Null, ValueMapping::Special::NaN,
                       ValueMapping::Special::NullOrNaN, ValueMapping::Special::True,
                       ValueMapping::Special::False, ValueMapping::Special::Empty}) {
            if (special == QLatin1String(specialName(s)))
                m.special = s;
        }
        m.text = j.value(QLatin1String("text")).toString();
        m.color = j.value(QLatin1String("color")).toString();
        if (j.contains(QLatin1String("level")))
            m.level = thresholdLevelFromName(j.value(QLatin1String("level")).toString());
        out.push_back(std::move(m));
    }
    return out;
}

} // namespace vitals::dashboard

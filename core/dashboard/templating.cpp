#include "core/dashboard/templating.h"

#include "core/units.h"

#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace vitals::dashboard {

qint64 effectiveIntervalMs(const TemplateContext &ctx)
{
    return ctx.intervalMs > 0 ? ctx.intervalMs : ctx.scrapeIntervalMs;
}

qint64 rateIntervalMs(const TemplateContext &ctx)
{
    return std::max(4 * ctx.scrapeIntervalMs, effectiveIntervalMs(ctx) + ctx.scrapeIntervalMs);
}

qint64 roundIntervalMs(double ms)
{
    // Upper limit (exclusive) → the interval chosen below it, in ms.
    static constexpr std::pair<double, qint64> kSteps[] = {
        {10, 1},
        {15, 10},
        {35, 20},
        {75, 50},
        {150, 100},
        {350, 200},
        {750, 500},
        {1'500, 1'000},
        {3'500, 2'000},
        {7'500, 5'000},
        {12'500, 10'000},
        {17'500, 15'000},
        {25'000, 20'000},
        {45'000, 30'000},
        {90'000, 60'000},
        {210'000, 120'000},
        {450'000, 300'000},
        {750'000, 600'000},
        {1'050'000, 900'000},
        {1'500'000, 1'200'000},
        {2'700'000, 1'800'000},
        {5'400'000, 3'600'000},
        {9'000'000, 7'200'000},
        {16'200'000, 10'800'000},
        {32'400'000, 21'600'000},
        {86'400'000, 43'200'000},
        {604'800'000, 86'400'000},
        {1'814'400'000, 604'800'000},
        {3'628'800'000, 2'592'000'000},
    };
    for (const auto &[below, interval] : kSteps)
        if (ms < below)
            return interval;
    return 31'536'000'000; // 1 y
}

qint64 autoIntervalMs(const Variable &variable, qint64 rangeMs)
{
    const int count = variable.autoCount > 0 ? variable.autoCount : 30;
    const qint64 parsedMin =
        variable.autoMin.isEmpty() ? 10'000 : units::parseDurationMs(variable.autoMin);
    const qint64 minMs = parsedMin > 0 ? parsedMin : 10'000;
    return std::max(roundIntervalMs(double(rangeMs) / count), minMs);
}

VariableValues selectedValues(const Dashboard &dashboard, const TemplateContext &ctx)
{
    VariableValues out;
    for (const Variable &v : dashboard.variables) {
        VariableValue value;
        value.multiValued = v.multi || v.includeAll;
        if (v.kind == VariableKind::Constant) {
            value.values = QStringList{v.query};
            value.multiValued = false;
        } else {
            const QStringList selection = v.selection();
            if (selection.contains(QLatin1String(kAllValue))) {
                if (!v.allValue.isEmpty()) {
                    value.values = QStringList{v.allValue};
                    value.verbatim = true;
                } else if (!v.options.isEmpty()) {
                    value.values = v.options;
                } else {
                    value.values = QStringList{QStringLiteral(".+")};
                    value.verbatim = true;
                }
            } else {
                value.values = selection;
            }
            if (v.kind == VariableKind::Interval) {
                for (QString &item : value.values) {
                    if (item == QLatin1String("auto"))
                        item = units::durationString(autoIntervalMs(v, ctx.rangeMs));
                }
            }
        }
        out.insert(v.name, value);
    }
    return out;
}

namespace {

// Where a piece of text sits in the PromQL expression; decides escaping and joining.
enum class Site {
    Code,           // outside any string literal
    EqualString,    // the value of an = or != matcher
    RegexString,    // the value of an =~ or !~ matcher
    OtherString,    // any other string literal (function arguments)
    RewrittenRegex, // an = / != matcher turned into a regex matcher for several values
};

struct Segment {
    QString text;
    bool isString = false;
    QChar quote;         // for strings: ", ' or `
    bool closed = false; // for strings: the closing quote was present
};

// Splits PromQL into code and string literals (", ' with backslash escapes, ` raw).
std::vector<Segment> splitStrings(const QString &expr)
{
    std::vector<Segment> segments;
    QString code;
    qsizetype i = 0;
    const qsizetype n = expr.size();
    while (i < n) {
        const QChar c = expr.at(i);
        if (c != QLatin1Char('"') && c != QLatin1Char('\'') && c != QLatin1Char('`')) {
            code += c;
            ++i;
            continue;
        }
        if (!code.isEmpty()) {
            segments.push_back({code, false, {}, false});
            code.clear();
        }
        Segment s{{}, true, c, false};
        ++i;
        while (i < n) {
            const QChar d = expr.at(i);
            if (d == c) {
                s.closed = true;
                ++i;
                break;
            }
            if (d == QLatin1Char('\\') && c != QLatin1Char('`') && i + 1 < n) {
                s.text += d;
                s.text += expr.at(i + 1);
                i += 2;
                continue;
            }
            s.text += d;
            ++i;
        }
        segments.push_back(s);
    }
    if (!code.isEmpty())
        segments.push_back({code, false, {}, false});
    return segments;
}

// The matcher operator that ends `code` (ignoring trailing spaces), if any.
enum class Op { None, Equal, NotEqual, Regex, NotRegex };

Op trailingOperator(const QString &code, qsizetype *opStart = nullptr)
{
    qsizetype k = code.size() - 1;
    while (k >= 0 && code.at(k).isSpace())
        --k;
    if (k < 0)
        return Op::None;
    auto at = [&](qsizetype idx) { return idx >= 0 ? code.at(idx) : QChar(); };
    Op op = Op::None;
    qsizetype start = k;
    if (code.at(k) == QLatin1Char('~')) {
        if (at(k - 1) == QLatin1Char('='))
            op = Op::Regex;
        else if (at(k - 1) == QLatin1Char('!'))
            op = Op::NotRegex;
        start = k - 1;
    } else if (code.at(k) == QLatin1Char('=')) {
        if (at(k - 1) == QLatin1Char('!')) {
            op = Op::NotEqual;
            start = k - 1;
        } else if (at(k - 1) != QLatin1Char('=') && at(k - 1) != QLatin1Char('<')
                   && at(k - 1) != QLatin1Char('>')) {
            op = Op::Equal;
        }
    }
    if (opStart)
        *opStart = start;
    return op;
}

QString regexEscape(const QString &value)
{
    static const QString meta = QStringLiteral("\\^$.|?*+()[]{}");
    QString out;
    out.reserve(value.size() * 2);
    for (const QChar c : value) {
        if (meta.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

// Escapes text for the inside of a PromQL string literal with the given quote.
QString stringEscape(const QString &value, QChar quote)
{
    if (quote == QLatin1Char('`'))
        return value;
    QString out;
    out.reserve(value.size() + 4);
    for (const QChar c : value) {
        if (c == QLatin1Char('\\') || c == quote)
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString alternation(const QStringList &values)
{
    if (values.size() == 1)
        return values.first();
    return QLatin1Char('(') + values.join(QLatin1Char('|')) + QLatin1Char(')');
}

std::optional<VariableValue> builtin(const QString &name, const TemplateContext &ctx)
{
    auto verbatim = [](const QString &text) {
        return VariableValue{QStringList{text}, false, true};
    };
    if (name == QLatin1String("__range"))
        return verbatim(QString::number((ctx.rangeMs + 500) / 1000) + QLatin1Char('s'));
    if (name == QLatin1String("__range_s"))
        return verbatim(QString::number((ctx.rangeMs + 500) / 1000));
    if (name == QLatin1String("__range_ms"))
        return verbatim(QString::number(ctx.rangeMs));
    if (name == QLatin1String("__interval"))
        return verbatim(units::durationString(effectiveIntervalMs(ctx)));
    if (name == QLatin1String("__interval_ms"))
        return verbatim(QString::number(effectiveIntervalMs(ctx)));
    if (name == QLatin1String("__rate_interval"))
        return verbatim(units::durationString(rateIntervalMs(ctx)));
    if (name == QLatin1String("__from"))
        return verbatim(QString::number(ctx.fromMs));
    if (name == QLatin1String("__to"))
        return verbatim(QString::number(ctx.toMs));
    return std::nullopt;
}

// Grafana's three spellings: ${name(.field)?(:format)?}, [[name(:format)?]], $name.
const QRegularExpression &variablePattern()
{
    static const QRegularExpression pattern(QStringLiteral(
        R"(\$\{(\w+)(?:\.[^:}]+)?(?::([^}]+))?\}|\[\[(\w+?)(?::(\w+))?\]\]|\$(\w+))"));
    return pattern;
}

struct Expander {
    const VariableValues &values;
    const TemplateContext &ctx;

    // Renders one variable at a site. Sets *several when a multi-value selection met an =
    // matcher, which the caller then rewrites into a regex matcher.
    QString render(const VariableValue &v, const QString &format, Site site, QChar quote,
                   bool *several) const
    {
        const bool inString = site != Site::Code;
        if (v.verbatim || format == QLatin1String("raw") || format == QLatin1String("text"))
            return v.values.join(QLatin1Char(','));
        if (format == QLatin1String("csv"))
            return v.values.join(QLatin1Char(','));
        if (format == QLatin1String("pipe"))
            return v.values.join(QLatin1Char('|'));
        const bool regexFormat = format == QLatin1String("regex");
        if (v.values.isEmpty())
            return {};

        bool escapeForRegex = regexFormat;
        switch (site) {
        case Site::Code:
            if (!regexFormat)
                return v.values.size() == 1 ? v.values.first() : alternation(v.values);
            break;
        case Site::EqualString:
            if (v.values.size() > 1) {
                *several = true;
                escapeForRegex = true;
            }
            break;
        case Site::RegexString:
            escapeForRegex = escapeForRegex || v.multiValued;
            break;
        case Site::OtherString:
            escapeForRegex = escapeForRegex || v.values.size() > 1;
            break;
        case Site::RewrittenRegex:
            escapeForRegex = true;
            break;
        }
        QStringList parts = v.values;
        if (escapeForRegex) {
            for (QString &p : parts)
                p = regexEscape(p);
        }
        const QString logical = alternation(parts);
        return inString ? stringEscape(logical, quote) : logical;
    }

    QString expand(const QString &text, Site site, QChar quote, bool *several) const
    {
        QString out;
        qsizetype last = 0;
        auto literal = [&](qsizetype from, qsizetype to) {
            const QString piece = text.mid(from, to - from);
            if (site != Site::RewrittenRegex) {
                out += piece;
                return;
            }
            // The literal text of an = matcher now sits in a regex: escape its metacharacters
            // but keep the string's own backslash escapes (\" stays \").
            for (qsizetype i = 0; i < piece.size(); ++i) {
                const QChar c = piece.at(i);
                if (c == QLatin1Char('\\') && i + 1 < piece.size()) {
                    out += c;
                    out += piece.at(++i);
                    continue;
                }
                if (QStringLiteral("^$.|?*+()[]{}").contains(c))
                    out += stringEscape(QStringLiteral("\\"), quote);
                out += c;
            }
        };
        QRegularExpressionMatchIterator it = variablePattern().globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            QString name;
            QString format;
            if (m.hasCaptured(1)) {
                name = m.captured(1);
                format = m.captured(2);
            } else if (m.hasCaptured(3)) {
                name = m.captured(3);
                format = m.captured(4);
            } else {
                name = m.captured(5);
            }
            std::optional<VariableValue> value = builtin(name, ctx);
            if (!value) {
                const auto found = values.constFind(name);
                if (found != values.constEnd())
                    value = *found;
            }
            if (!value)
                continue;
            literal(last, m.capturedStart());
            out += render(*value, format, site, quote, several);
            last = m.capturedEnd();
        }
        literal(last, text.size());
        return out;
    }
};

} // namespace

QString expandVariables(const QString &expr, const VariableValues &values,
                        const TemplateContext &ctx)
{
    if (!expr.contains(QLatin1Char('$')) && !expr.contains(QLatin1String("[[")))
        return expr;
    const Expander expander{values, ctx};
    const std::vector<Segment> segments = splitStrings(expr);
    QString out;
    for (const Segment &segment : segments) {
        if (!segment.isString) {
            bool unused = false;
            out += expander.expand(segment.text, Site::Code, {}, &unused);
            continue;
        }
        qsizetype opStart = -1;
        const Op op = trailingOperator(out, &opStart);
        Site site = Site::OtherString;
        if (op == Op::Equal || op == Op::NotEqual)
            site = Site::EqualString;
        else if (op == Op::Regex || op == Op::NotRegex)
            site = Site::RegexString;
        bool several = false;
        QString inner = expander.expand(segment.text, site, segment.quote, &several);
        if (several) {
            out.replace(opStart, op == Op::Equal ? 1 : 2,
                        op == Op::Equal ? QStringLiteral("=~") : QStringLiteral("!~"));
            inner = expander.expand(segment.text, Site::RewrittenRegex, segment.quote, &several);
        }
        out += segment.quote + inner;
        if (segment.closed)
            out += segment.quote;
    }
    return out;
}

QStringList referencedVariables(const QString &expr)
{
    QStringList names;
    QRegularExpressionMatchIterator it = variablePattern().globalMatch(expr);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString name = m.captured(1);
        if (name.isEmpty())
            name = m.captured(3);
        if (name.isEmpty())
            name = m.captured(5);
        if (name.startsWith(QLatin1String("__")) || names.contains(name))
            continue;
        names.append(name);
    }
    return names;
}

QString renderLegend(const QString &format, const QMap<QString, QString> &labels)
{
    if (format.isEmpty())
        return seriesName(labels);
    static const QRegularExpression pattern(QStringLiteral(R"(\{\{\s*(.+?)\s*\}\})"));
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = pattern.globalMatch(format);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(format).mid(last, m.capturedStart() - last);
        out += labels.value(m.captured(1));
        last = m.capturedEnd();
    }
    out += QStringView(format).mid(last);
    return out;
}

} // namespace vitals::dashboard

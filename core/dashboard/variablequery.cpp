#include "core/dashboard/variablequery.h"

#include "core/dashboard/templating.h"

#include <QRegularExpression>
#include <QSet>

namespace vitals::dashboard {

namespace {

// Checks that (), [], {} nest and quotes close; returns the problem or an empty string.
QString balanceProblem(const QString &text)
{
    std::vector<std::pair<QChar, qsizetype>> open; // bracket and its offset
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            qsizetype j = i + 1;
            while (j < text.size() && text.at(j) != c) {
                if (text.at(j) == QLatin1Char('\\') && c != QLatin1Char('`'))
                    ++j;
                ++j;
            }
            if (j >= text.size())
                return QStringLiteral("unterminated string starting at offset %1").arg(i);
            i = j;
            continue;
        }
        if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{')) {
            open.emplace_back(c, i);
        } else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) {
            const QChar expected = c == QLatin1Char(')')   ? QLatin1Char('(')
                                   : c == QLatin1Char(']') ? QLatin1Char('[')
                                                           : QLatin1Char('{');
            if (open.empty())
                return QStringLiteral("unbalanced '%1' at offset %2").arg(c).arg(i);
            if (open.back().first != expected)
                return QStringLiteral("'%1' at offset %2 is never closed ('%3' at offset %4)")
                    .arg(open.back().first)
                    .arg(open.back().second)
                    .arg(c)
                    .arg(i);
            open.pop_back();
        }
    }
    if (!open.empty())
        return QStringLiteral("'%1' at offset %2 is never closed")
            .arg(open.back().first)
            .arg(open.back().second);
    return {};
}

// The offset of the last comma outside brackets and strings, or -1.
qsizetype lastTopLevelComma(const QString &text)
{
    int depth = 0;
    qsizetype found = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            qsizetype j = i + 1;
            while (j < text.size() && text.at(j) != c) {
                if (text.at(j) == QLatin1Char('\\') && c != QLatin1Char('`'))
                    ++j;
                ++j;
            }
            i = j;
        } else if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{')) {
            ++depth;
        } else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) {
            --depth;
        } else if (c == QLatin1Char(',') && depth == 0) {
            found = i;
        }
    }
    return found;
}

bool isLabelName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(name).hasMatch();
}

// Splits "name(args)" into name and args when text is one call; nullopt otherwise.
std::optional<std::pair<QString, QString>> splitCall(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*(label_values|label_names|metrics|query_result)\s*\((.*)\)\s*$)"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return std::make_pair(m.captured(1), m.captured(2).trimmed());
}

VariableQueryParse failure(const QString &message)
{
    return {std::nullopt, message};
}

} // namespace

VariableQueryParse parseVariableQuery(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return failure(QStringLiteral("the query is empty"));
    const QString balance = balanceProblem(trimmed);
    if (!balance.isEmpty())
        return failure(balance);

    VariableQuery q;
    const auto call = splitCall(trimmed);
    if (!call) {
        static const QRegularExpression functionCall(QStringLiteral(R"(^\s*(\w+)\s*\()"));
        const QRegularExpressionMatch m = functionCall.match(trimmed);
        if (m.hasMatch() && m.captured(1).contains(QLatin1Char('_'))
            && (m.captured(1).startsWith(QLatin1String("label"))
                || m.captured(1).startsWith(QLatin1String("query"))))
            return failure(QStringLiteral("unknown function %1() (expected label_values, "
                                          "label_names, metrics or query_result)")
                               .arg(m.captured(1)));
        q.call = VariableQueryCall::Series;
        q.match = trimmed;
        return {q, {}};
    }
    const auto &[name, args] = *call;
    if (name == QLatin1String("label_names")) {
        q.call = VariableQueryCall::LabelNames;
        q.match = args;
        return {q, {}};
    }
    if (args.isEmpty())
        return failure(QStringLiteral("%1(): expected an argument").arg(name));
    if (name == QLatin1String("query_result")) {
        q.call = VariableQueryCall::InstantQuery;
        q.expr = args;
        return {q, {}};
    }
    if (name == QLatin1String("metrics")) {
        q.call = VariableQueryCall::LabelValues;
        q.label = QStringLiteral("__name__");
        q.nameFilter = args;
        QString error;
        filterMetricNames({}, args, &error);
        if (!error.isEmpty())
            return failure(QStringLiteral("metrics(): ") + error);
        return {q, {}};
    }
    const qsizetype comma = lastTopLevelComma(args);
    const QString label = (comma < 0 ? args : args.mid(comma + 1)).trimmed();
    if (!isLabelName(label))
        return failure(
            QStringLiteral("label_values(): expected a label name, found \"%1\"").arg(label));
    q.label = label;
    if (comma < 0) {
        q.call = VariableQueryCall::LabelValues;
        return {q, {}};
    }
    q.match = args.left(comma).trimmed();
    if (q.match.isEmpty())
        return failure(QStringLiteral("label_values(): the series selector before the comma "
                                      "is empty"));
    q.call = VariableQueryCall::Series;
    return {q, {}};
}

QString queryResultText(const QMap<QString, QString> &labels, const QString &value,
                        qint64 timestampMs)
{
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (it.key() != QLatin1String("__name__"))
            parts.append(it.key() + QStringLiteral("=\"") + it.value() + QLatin1Char('"'));
    }
    return labels.value(QStringLiteral("__name__")) + QLatin1Char('{')
           + parts.join(QLatin1Char(',')) + QStringLiteral("} ") + value + QLatin1Char(' ')
           + QString::number(timestampMs);
}

namespace {

struct CompiledRegex {
    QRegularExpression regex;
    QString error;
};

// "/pattern/flags" searches; a bare pattern must match the whole value (Grafana's rules).
CompiledRegex compile(const QString &text, bool anchorBare)
{
    QString pattern = text;
    QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
    static const QRegularExpression slashed(QStringLiteral(R"(^/(.*)/([gimsuy]*)$)"),
                                            QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = slashed.match(text);
    if (m.hasMatch()) {
        pattern = m.captured(1);
        const QString flags = m.captured(2);
        if (flags.contains(QLatin1Char('i')))
            options |= QRegularExpression::CaseInsensitiveOption;
        if (flags.contains(QLatin1Char('m')))
            options |= QRegularExpression::MultilineOption;
        if (flags.contains(QLatin1Char('s')))
            options |= QRegularExpression::DotMatchesEverythingOption;
    } else if (anchorBare) {
        pattern = QRegularExpression::anchoredPattern(text);
    }
    CompiledRegex out{QRegularExpression(pattern, options), {}};
    if (!out.regex.isValid())
        out.error = QStringLiteral("%1 at offset %2")
                        .arg(out.regex.errorString())
                        .arg(out.regex.patternErrorOffset());
    return out;
}

} // namespace

QStringList extractOptions(const QStringList &candidates, const QString &regex, QString *error)
{
    QStringList out;
    QSet<QString> seen;
    auto add = [&](const QString &value) {
        if (value.isEmpty() || seen.contains(value))
            return;
        seen.insert(value);
        out.append(value);
    };
    if (regex.isEmpty()) {
        for (const QString &c : candidates)
            add(c);
        return out;
    }
    const CompiledRegex compiled = compile(regex, true);
    if (!compiled.error.isEmpty()) {
        if (error)
            *error = QStringLiteral("regex: ") + compiled.error;
        return {};
    }
    const QStringList groups = compiled.regex.namedCaptureGroups();
    const bool hasValue = groups.contains(QLatin1String("value"));
    const bool hasText = groups.contains(QLatin1String("text"));
    for (const QString &c : candidates) {
        const QRegularExpressionMatch m = compiled.regex.match(c);
        if (!m.hasMatch())
            continue;
        if (hasValue && m.hasCaptured(QStringLiteral("value")))
            add(m.captured(QStringLiteral("value")));
        else if (hasText && m.hasCaptured(QStringLiteral("text")))
            add(m.captured(QStringLiteral("text")));
        else if (compiled.regex.captureCount() >= 1)
            add(m.captured(1));
        else
            add(m.captured(0));
    }
    return out;
}

QStringList seriesCandidates(const std::vector<QMap<QString, QString>> &series,
                             const QString &label)
{
    QStringList out;
    out.reserve(qsizetype(series.size()));
    for (const auto &labels : series)
        out.append(label.isEmpty() ? seriesName(labels) : labels.value(label));
    return out;
}

QStringList filterMetricNames(const QStringList &names, const QString &nameFilter, QString *error)
{
    if (nameFilter.isEmpty())
        return names;
    const CompiledRegex compiled = compile(nameFilter, false);
    if (!compiled.error.isEmpty()) {
        if (error)
            *error = QStringLiteral("regex: ") + compiled.error;
        return {};
    }
    QStringList out;
    for (const QString &name : names) {
        if (compiled.regex.match(name).hasMatch())
            out.append(name);
    }
    return out;
}

QStringList customOptions(const QString &query)
{
    static const QRegularExpression item(QStringLiteral(R"((?:\\,|[^,])+)"));
    static const QRegularExpression pair(QStringLiteral(R"(^\s*(.+)\s:\s(.+)$)"));
    QStringList out;
    QRegularExpressionMatchIterator it = item.globalMatch(query);
    while (it.hasNext()) {
        QString text = it.next().captured(0).trimmed();
        text.replace(QStringLiteral("\\,"), QStringLiteral(","));
        const QRegularExpressionMatch kv = pair.match(text);
        if (kv.hasMatch())
            text = kv.captured(2).trimmed();
        if (!text.isEmpty() && !out.contains(text))
            out.append(text);
    }
    return out;
}

} // namespace vitals::dashboard

// What the console reads out of an expression or a server's answer about it: parse-error
// positions, the metric names it selects, the ranges of its range selectors.
#include "core/promql/promqllanguage.h"

#include "core/units.h"

#include <QRegularExpression>

namespace vitals::promql {

std::optional<ErrorPosition> parseErrorPosition(const QString &errorText, const QString &query)
{
    static const QRegularExpression re(QStringLiteral("(?:^|[\\s:\"])(\\d+):(\\d+): parse error"));
    const auto m = re.match(errorText);
    if (!m.hasMatch())
        return std::nullopt;
    bool okLine = false;
    bool okCol = false;
    const int line = m.captured(1).toInt(&okLine) - 1;
    const int column = m.captured(2).toInt(&okCol) - 1;
    if (!okLine || !okCol || line < 0 || column < 0)
        return std::nullopt;
    const QStringList lines = query.split(u'\n');
    if (line >= lines.size())
        return std::nullopt;
    // Prometheus counts the column in UTF-8 bytes.
    const QByteArray bytes = lines[line].toUtf8();
    const QString head = QString::fromUtf8(bytes.left(std::min<qsizetype>(column, bytes.size())));
    ErrorPosition pos;
    pos.line = line;
    pos.column = int(head.size());
    if (pos.column > 0 && errorText.mid(m.capturedEnd()).startsWith(QLatin1String(": unexpected")))
        --pos.column;
    int offset = 0;
    for (int l = 0; l < line; ++l)
        offset += int(lines[l].size()) + 1;
    pos.offset = offset + pos.column;
    return pos;
}

namespace {

// Every token of `expr` across its lines, with `start` an index into the whole text.
std::vector<Token> tokenizeAll(QStringView expr)
{
    std::vector<Token> all;
    LineState state;
    qsizetype lineStart = 0;
    while (lineStart <= expr.size()) {
        qsizetype end = expr.indexOf(u'\n', lineStart);
        if (end < 0)
            end = expr.size();
        for (Token t : tokenizeLine(expr.mid(lineStart, end - lineStart), &state)) {
            t.start += int(lineStart);
            all.push_back(t);
        }
        lineStart = end + 1;
    }
    return all;
}

QString unquote(QStringView quoted)
{
    if (quoted.size() >= 2)
        quoted = quoted.mid(1, quoted.size() - 2);
    return quoted.toString();
}

} // namespace

QStringList metricNames(QStringView expr)
{
    const std::vector<Token> tokens = tokenizeAll(expr);
    QStringList names;
    auto text = [&](std::size_t i) { return expr.mid(tokens[i].start, tokens[i].length); };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        if (t.kind == TokenKind::Identifier) {
            // An identifier followed by "(" is a function this table does not know, not a metric.
            const bool call = i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::Punctuation
                              && text(i + 1) == u"(";
            if (!call && !names.contains(text(i)))
                names << text(i).toString();
        } else if (t.kind == TokenKind::LabelName && text(i) == u"__name__" && i + 2 < tokens.size()
                   && text(i + 1) == u"=" && tokens[i + 2].kind == TokenKind::String) {
            const QString name = unquote(text(i + 2));
            if (!name.isEmpty() && !names.contains(name))
                names << name;
        }
    }
    return names;
}

std::vector<qint64> rangeDurationsMs(QStringView expr)
{
    const std::vector<Token> tokens = tokenizeAll(expr);
    std::vector<qint64> ranges;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (tokens[i].kind != TokenKind::Duration)
            continue;
        const Token &before = tokens[i - 1];
        if (before.kind != TokenKind::Punctuation || expr.mid(before.start, before.length) != u"[")
            continue;
        const qint64 ms =
            units::parseDurationMs(expr.mid(tokens[i].start, tokens[i].length).toString());
        if (ms > 0)
            ranges.push_back(ms);
    }
    return ranges;
}

} // namespace vitals::promql

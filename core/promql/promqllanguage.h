#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <vector>

// What the PromQL editor knows about the language: a line tokenizer for syntax highlighting, the
// functions and aggregation operators of Prometheus 2.42 with a one-line description each, where
// the cursor is for completion (a name, a label name inside braces, a label value inside quotes)
// and where a Prometheus parse error points. Pure functions, thread-safe; no network, no widgets.
namespace vitals::promql {

enum class TokenKind {
    Identifier,  // a metric name or anything else not classified below
    Function,    // a known function name followed by "("
    Aggregation, // sum, min, max, avg, group, stddev, stdvar, count, count_values, bottomk, topk,
                 // quantile (when followed by "(", "by" or "without")
    Keyword,     // by, without, on, ignoring, group_left, group_right, offset, bool, and, or,
                 // unless, atan2, start, end (the last two after @)
    LabelName,   // a label name inside {…} or inside the parentheses of by/without/on/ignoring/
                 // group_left/group_right
    Duration,    // 5m, 1h30m, 250ms
    Number,      // 42, 1.5e3, 0x1f, Inf, NaN
    String,      // "…", '…', `…` (quotes included)
    Comment,     // # to the end of the line
    Operator,    // + - * / % ^ == != > < >= <= =~ !~ = @
    Punctuation, // ( ) { } [ ] , :
};

struct Token {
    int start = 0; // index into the line (QChar units)
    int length = 0;
    TokenKind kind = TokenKind::Identifier;

    bool operator==(const Token &) const = default;
};

// What a line starts inside, carried from one line to the next by the highlighter:
// a raw string (backticks may span lines) and open braces.
struct LineState {
    bool inRawString = false;
    int braceDepth = 0;

    int toInt() const { return (inRawString ? 1 : 0) | (braceDepth << 1); }
    static LineState fromInt(int state);
};

// Splits one line into tokens; whitespace is not a token. `state` is the state at the start of
// the line and is updated to the state at its end. Never fails: unknown characters become
// Operator tokens of length 1, an unterminated string runs to the end of the line.
std::vector<Token> tokenizeLine(QStringView line, LineState *state = nullptr);

// Kind of an entry of the function table.
enum class FunctionKind { Function, Aggregation };

struct FunctionDoc {
    QString name;
    QString signature; // e.g. "rate(v range-vector)"
    QString doc;       // one line
    FunctionKind kind = FunctionKind::Function;
};

// The functions of Prometheus 2.42 (each accepted by /api/v1/query of that version) and its
// aggregation operators, sorted by name.
const std::vector<FunctionDoc> &functions();
const FunctionDoc *findFunction(QStringView name);
// The keywords highlighted as TokenKind::Keyword.
const QStringList &keywords();

// Where the cursor is, for completion.
struct CompletionContext {
    enum class Kind {
        None,       // inside a comment, a duration or after a matcher operator: offer nothing
        Name,       // a function, aggregation, keyword or metric name
        LabelName,  // after "{" or "," inside braces, or inside by(…)/without(…)/on(…)…
        LabelValue, // inside the quotes after label= / label=~ / label!= / label!~
    };
    Kind kind = Kind::None;
    QString prefix;      // the text typed so far of the word (or of the value) at the cursor
    int prefixStart = 0; // index into the text where `prefix` starts
    QString metric;      // LabelName/LabelValue: the metric name before "{"; empty without one
    QString label;       // LabelValue: the label whose value is typed
    QChar quote;         // LabelValue: the quote that opened the value
};

// Looks at `text` up to `cursor` (an index into text).
CompletionContext completionContext(QStringView text, int cursor);

// The metric names an expression selects, distinct, in order of appearance: the identifiers in
// selector position (`rate(foo_total[5m])` → foo_total) and the values of `__name__="…"`
// matchers. Function, aggregation, keyword and label names are not metric names. For explaining
// an empty panel ("this server has no metric foo_total").
QStringList metricNames(QStringView expr);

// The ranges of an expression's range selectors and subqueries, in ms, in order
// (`rate(x[5m])` → 300000; `max_over_time(y[1h:1m])` → 3600000). Durations that do not parse
// are left out. For checking that a rate window spans at least two scrapes.
std::vector<qint64> rangeDurationsMs(QStringView expr);

// A position named by a Prometheus parse error.
struct ErrorPosition {
    int line = 0;   // 0-based line of the query
    int column = 0; // 0-based index into that line, in QChar units
    int offset = 0; // 0-based index into the whole query
};

// Finds "L:C: parse error" in a Prometheus error text (also inside "invalid parameter
// \"query\": L:C: parse error: …") and maps it onto `query`, the text that was sent. Prometheus
// counts lines from 1 and columns from 1 in UTF-8 bytes; a column past the end of its line is
// clamped to the end. For "unexpected <token>" errors Prometheus points just past the token; the
// position returned is then the token's last character. nullopt when the text names no position or
// the line does not exist.
std::optional<ErrorPosition> parseErrorPosition(const QString &errorText, const QString &query);

} // namespace vitals::promql

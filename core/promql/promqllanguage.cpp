#include "core/promql/promqllanguage.h"

#include "core/units.h"

#include <QRegularExpression>

#include <algorithm>

namespace vitals::promql {

namespace {

using FK = FunctionKind;

std::vector<FunctionDoc> buildFunctions() {
    // Prometheus 2.42 (docs/querying/functions.md and operators.md of that release).
    std::vector<FunctionDoc> f = {
        {"abs", "abs(v instant-vector)", "Absolute value of every sample.", FK::Function},
        {"absent", "absent(v instant-vector)",
         "1-element vector if v has no elements, else empty; for alerting on missing series.",
         FK::Function},
        {"absent_over_time", "absent_over_time(v range-vector)",
         "1-element vector if the range vector has no samples, else empty.", FK::Function},
        {"acos", "acos(v instant-vector)", "Arccosine of every sample.", FK::Function},
        {"acosh", "acosh(v instant-vector)", "Inverse hyperbolic cosine of every sample.",
         FK::Function},
        {"asin", "asin(v instant-vector)", "Arcsine of every sample.", FK::Function},
        {"asinh", "asinh(v instant-vector)", "Inverse hyperbolic sine of every sample.",
         FK::Function},
        {"atan", "atan(v instant-vector)", "Arctangent of every sample.", FK::Function},
        {"atanh", "atanh(v instant-vector)", "Inverse hyperbolic tangent of every sample.",
         FK::Function},
        {"avg_over_time", "avg_over_time(v range-vector)",
         "Average of all points in the range, per series.", FK::Function},
        {"ceil", "ceil(v instant-vector)", "Rounds every sample up to the nearest integer.",
         FK::Function},
        {"changes", "changes(v range-vector)",
         "Number of times the value changed within the range.", FK::Function},
        {"clamp", "clamp(v instant-vector, min scalar, max scalar)",
         "Clamps every sample to [min, max].", FK::Function},
        {"clamp_max", "clamp_max(v instant-vector, max scalar)",
         "Clamps every sample to an upper bound.", FK::Function},
        {"clamp_min", "clamp_min(v instant-vector, min scalar)",
         "Clamps every sample to a lower bound.", FK::Function},
        {"cos", "cos(v instant-vector)", "Cosine of every sample (radians).", FK::Function},
        {"cosh", "cosh(v instant-vector)", "Hyperbolic cosine of every sample.", FK::Function},
        {"count_over_time", "count_over_time(v range-vector)",
         "Number of points in the range, per series.", FK::Function},
        {"day_of_month", "day_of_month(v=vector(time()) instant-vector)",
         "Day of the month (1–31) in UTC.", FK::Function},
        {"day_of_week", "day_of_week(v=vector(time()) instant-vector)",
         "Day of the week (0 = Sunday) in UTC.", FK::Function},
        {"day_of_year", "day_of_year(v=vector(time()) instant-vector)",
         "Day of the year (1–366) in UTC.", FK::Function},
        {"days_in_month", "days_in_month(v=vector(time()) instant-vector)",
         "Number of days in the month (28–31) in UTC.", FK::Function},
        {"deg", "deg(v instant-vector)", "Converts radians to degrees.", FK::Function},
        {"delta", "delta(v range-vector)",
         "Difference between the first and last value of a gauge over the range.", FK::Function},
        {"deriv", "deriv(v range-vector)",
         "Per-second derivative of a gauge by simple linear regression.", FK::Function},
        {"exp", "exp(v instant-vector)", "Exponential function of every sample.", FK::Function},
        {"floor", "floor(v instant-vector)", "Rounds every sample down to the nearest integer.",
         FK::Function},
        {"histogram_count", "histogram_count(v instant-vector)",
         "Observation count of native histograms (experimental).", FK::Function},
        {"histogram_fraction", "histogram_fraction(lower scalar, upper scalar, v instant-vector)",
         "Estimated fraction of observations between lower and upper (native histograms).",
         FK::Function},
        {"histogram_quantile", "histogram_quantile(φ scalar, b instant-vector)",
         "φ-quantile (0 ≤ φ ≤ 1) from histogram buckets (le label) or native histograms.",
         FK::Function},
        {"histogram_sum", "histogram_sum(v instant-vector)",
         "Sum of observations of native histograms (experimental).", FK::Function},
        {"holt_winters", "holt_winters(v range-vector, sf scalar, tf scalar)",
         "Smoothed value by double exponential smoothing of a gauge.", FK::Function},
        {"hour", "hour(v=vector(time()) instant-vector)", "Hour of the day (0–23) in UTC.",
         FK::Function},
        {"idelta", "idelta(v range-vector)",
         "Difference between the last two samples in the range.", FK::Function},
        {"increase", "increase(v range-vector)",
         "Increase of a counter over the range, extrapolated, reset-aware.", FK::Function},
        {"irate", "irate(v range-vector)",
         "Per-second rate from the last two samples of a counter.", FK::Function},
        {"label_join", "label_join(v instant-vector, dst string, sep string, src… string)",
         "Joins the values of source labels into a destination label.", FK::Function},
        {"label_replace",
         "label_replace(v instant-vector, dst string, repl string, src string, regex string)",
         "Sets a label from a regex match on another label.", FK::Function},
        {"last_over_time", "last_over_time(v range-vector)",
         "Most recent point in the range, per series.", FK::Function},
        {"ln", "ln(v instant-vector)", "Natural logarithm of every sample.", FK::Function},
        {"log10", "log10(v instant-vector)", "Decimal logarithm of every sample.", FK::Function},
        {"log2", "log2(v instant-vector)", "Binary logarithm of every sample.", FK::Function},
        {"max_over_time", "max_over_time(v range-vector)",
         "Maximum of all points in the range, per series.", FK::Function},
        {"min_over_time", "min_over_time(v range-vector)",
         "Minimum of all points in the range, per series.", FK::Function},
        {"minute", "minute(v=vector(time()) instant-vector)", "Minute of the hour (0–59) in UTC.",
         FK::Function},
        {"month", "month(v=vector(time()) instant-vector)", "Month of the year (1–12) in UTC.",
         FK::Function},
        {"pi", "pi()", "The number π.", FK::Function},
        {"predict_linear", "predict_linear(v range-vector, t scalar)",
         "Value t seconds from now by linear regression over the range.", FK::Function},
        {"present_over_time", "present_over_time(v range-vector)",
         "1 for every series with a point in the range.", FK::Function},
        {"quantile_over_time", "quantile_over_time(φ scalar, v range-vector)",
         "φ-quantile of all points in the range, per series.", FK::Function},
        {"rad", "rad(v instant-vector)", "Converts degrees to radians.", FK::Function},
        {"rate", "rate(v range-vector)",
         "Per-second average rate of increase of a counter over the range.", FK::Function},
        {"resets", "resets(v range-vector)", "Number of counter resets within the range.",
         FK::Function},
        {"round", "round(v instant-vector, to_nearest=1 scalar)",
         "Rounds every sample to the nearest multiple of to_nearest.", FK::Function},
        {"scalar", "scalar(v instant-vector)",
         "The sample of a 1-element vector as a scalar, else NaN.", FK::Function},
        {"sgn", "sgn(v instant-vector)", "Sign of every sample: 1, -1 or 0.", FK::Function},
        {"sin", "sin(v instant-vector)", "Sine of every sample (radians).", FK::Function},
        {"sinh", "sinh(v instant-vector)", "Hyperbolic sine of every sample.", FK::Function},
        {"sort", "sort(v instant-vector)", "Sorts by sample value, ascending (instant queries).",
         FK::Function},
        {"sort_desc", "sort_desc(v instant-vector)",
         "Sorts by sample value, descending (instant queries).", FK::Function},
        {"sqrt", "sqrt(v instant-vector)", "Square root of every sample.", FK::Function},
        {"stddev_over_time", "stddev_over_time(v range-vector)",
         "Population standard deviation of the points in the range.", FK::Function},
        {"stdvar_over_time", "stdvar_over_time(v range-vector)",
         "Population variance of the points in the range.", FK::Function},
        {"sum_over_time", "sum_over_time(v range-vector)",
         "Sum of all points in the range, per series.", FK::Function},
        {"tan", "tan(v instant-vector)", "Tangent of every sample (radians).", FK::Function},
        {"tanh", "tanh(v instant-vector)", "Hyperbolic tangent of every sample.", FK::Function},
        {"time", "time()", "Evaluation time in seconds since the Unix epoch.", FK::Function},
        {"timestamp", "timestamp(v instant-vector)",
         "Timestamp of every sample in seconds since the epoch.", FK::Function},
        {"vector", "vector(s scalar)", "The scalar as a vector with no labels.", FK::Function},
        {"year", "year(v=vector(time()) instant-vector)", "Year in UTC.", FK::Function},
        {"avg", "avg [by|without (labels)] (v)", "Average over dimensions.", FK::Aggregation},
        {"bottomk", "bottomk [by|without (labels)] (k, v)", "Smallest k elements by sample value.",
         FK::Aggregation},
        {"count", "count [by|without (labels)] (v)", "Number of elements in the vector.",
         FK::Aggregation},
        {"count_values", "count_values [by|without (labels)] (\"label\", v)",
         "Number of elements with the same value, per value.", FK::Aggregation},
        {"group", "group [by|without (labels)] (v)", "1 for every group (all values become 1).",
         FK::Aggregation},
        {"max", "max [by|without (labels)] (v)", "Maximum over dimensions.", FK::Aggregation},
        {"min", "min [by|without (labels)] (v)", "Minimum over dimensions.", FK::Aggregation},
        {"quantile", "quantile [by|without (labels)] (φ, v)",
         "φ-quantile (0 ≤ φ ≤ 1) over dimensions.", FK::Aggregation},
        {"stddev", "stddev [by|without (labels)] (v)",
         "Population standard deviation over dimensions.", FK::Aggregation},
        {"stdvar", "stdvar [by|without (labels)] (v)", "Population variance over dimensions.",
         FK::Aggregation},
        {"sum", "sum [by|without (labels)] (v)", "Sum over dimensions.", FK::Aggregation},
        {"topk", "topk [by|without (labels)] (k, v)", "Largest k elements by sample value.",
         FK::Aggregation},
    };
    std::sort(f.begin(), f.end(),
              [](const FunctionDoc &a, const FunctionDoc &b) { return a.name < b.name; });
    return f;
}

bool isIdentStart(QChar c) {
    return c.isLetter() || c == u'_' || c == u':';
}
bool isIdentChar(QChar c) {
    return c.isLetterOrNumber() || c == u'_' || c == u':';
}
bool isLabelChar(QChar c) {
    return c.isLetterOrNumber() || c == u'_';
}

const QStringList &groupingKeywords() {
    static const QStringList k = {QStringLiteral("by"),         QStringLiteral("without"),
                                  QStringLiteral("on"),         QStringLiteral("ignoring"),
                                  QStringLiteral("group_left"), QStringLiteral("group_right")};
    return k;
}

int skipSpaces(QStringView s, int i) {
    while (i < s.size() && s[i].isSpace())
        ++i;
    return i;
}

// Length of a duration like 1h30m or 250ms starting at i, or 0.
int durationLength(QStringView s, int i) {
    static const QRegularExpression re(
        QStringLiteral("\\G(?:[0-9]+(?:ms|[smhdwy]))+(?![A-Za-z0-9_])"));
    const auto m = re.match(s.toString(), i, QRegularExpression::NormalMatch,
                            QRegularExpression::AnchorAtOffsetMatchOption);
    return m.hasMatch() ? int(m.capturedLength()) : 0;
}

int numberLength(QStringView s, int i) {
    static const QRegularExpression re(QStringLiteral(
        "\\G(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"));
    const auto m = re.match(s.toString(), i, QRegularExpression::NormalMatch,
                            QRegularExpression::AnchorAtOffsetMatchOption);
    return m.hasMatch() ? int(m.capturedLength()) : 0;
}

} // namespace

LineState LineState::fromInt(int state) {
    LineState s;
    if (state < 0)
        return s;
    s.inRawString = (state & 1) != 0;
    s.braceDepth = state >> 1;
    return s;
}

const std::vector<FunctionDoc> &functions() {
    static const std::vector<FunctionDoc> table = buildFunctions();
    return table;
}

const FunctionDoc *findFunction(QStringView name) {
    const auto &table = functions();
    auto it = std::lower_bound(table.begin(), table.end(), name,
                               [](const FunctionDoc &f, QStringView n) { return f.name < n; });
    return it != table.end() && it->name == name ? &*it : nullptr;
}

const QStringList &keywords() {
    static const QStringList k = {
        QStringLiteral("by"),       QStringLiteral("without"),    QStringLiteral("on"),
        QStringLiteral("ignoring"), QStringLiteral("group_left"), QStringLiteral("group_right"),
        QStringLiteral("offset"),   QStringLiteral("bool"),       QStringLiteral("and"),
        QStringLiteral("or"),       QStringLiteral("unless"),     QStringLiteral("atan2")};
    return k;
}

std::vector<Token> tokenizeLine(QStringView line, LineState *state) {
    LineState st = state ? *state : LineState{};
    std::vector<Token> out;
    int i = 0;
    const int n = int(line.size());
    bool groupingNext = false; // the next "(" opens a list of label names
    int groupingDepth = 0;     // > 0 inside such a list
    bool afterAt = false;

    if (st.inRawString) {
        const int end = int(line.indexOf(u'`'));
        if (end < 0) {
            if (n > 0)
                out.push_back({0, n, TokenKind::String});
            if (state)
                *state = st;
            return out;
        }
        out.push_back({0, end + 1, TokenKind::String});
        st.inRawString = false;
        i = end + 1;
    }

    while (i < n) {
        const QChar c = line[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'#') {
            out.push_back({i, n - i, TokenKind::Comment});
            break;
        }
        if (c == u'"' || c == u'\'') {
            int j = i + 1;
            while (j < n && line[j] != c) {
                if (line[j] == u'\\')
                    ++j;
                ++j;
            }
            const int end = std::min(j + 1, n);
            out.push_back({i, end - i, TokenKind::String});
            i = end;
            continue;
        }
        if (c == u'`') {
            const int end = int(line.indexOf(u'`', i + 1));
            if (end < 0) {
                out.push_back({i, n - i, TokenKind::String});
                st.inRawString = true;
                break;
            }
            out.push_back({i, end + 1 - i, TokenKind::String});
            i = end + 1;
            continue;
        }
        if (c.isDigit() || (c == u'.' && i + 1 < n && line[i + 1].isDigit())) {
            if (const int d = durationLength(line, i)) {
                out.push_back({i, d, TokenKind::Duration});
                i += d;
                continue;
            }
            int len = numberLength(line, i);
            len = std::max(len, 1);
            out.push_back({i, len, TokenKind::Number});
            i += len;
            continue;
        }
        if (isIdentStart(c)) {
            int j = i + 1;
            const bool inLabels = st.braceDepth > 0 || groupingDepth > 0;
            while (j < n && (inLabels ? isLabelChar(line[j]) : isIdentChar(line[j])))
                ++j;
            const QStringView word = line.mid(i, j - i);
            const int next = skipSpaces(line, j);
            const bool paren = next < n && line[next] == u'(';
            TokenKind kind = TokenKind::Identifier;
            groupingNext = false; // "group_left count(" has no label list
            if (inLabels) {
                kind = TokenKind::LabelName;
            } else if (afterAt && (word == u"start" || word == u"end")) {
                kind = TokenKind::Keyword;
            } else if (keywords().contains(word.toString())) {
                kind = TokenKind::Keyword;
                if (groupingKeywords().contains(word.toString()))
                    groupingNext = true;
            } else if (word.compare(u"inf", Qt::CaseInsensitive) == 0 ||
                       word.compare(u"nan", Qt::CaseInsensitive) == 0) {
                kind = TokenKind::Number;
            } else if (const FunctionDoc *f = findFunction(word)) {
                if (f->kind == FunctionKind::Aggregation) {
                    int k = next;
                    while (k < n && isLabelChar(line[k]))
                        ++k;
                    const QStringView after = line.mid(next, k - next);
                    if (paren || after == u"by" || after == u"without")
                        kind = TokenKind::Aggregation;
                } else if (paren) {
                    kind = TokenKind::Function;
                }
            }
            afterAt = false;
            out.push_back({i, j - i, kind});
            i = j;
            continue;
        }
        if (c == u'{') {
            ++st.braceDepth;
            out.push_back({i, 1, TokenKind::Punctuation});
            ++i;
            continue;
        }
        if (c == u'}') {
            st.braceDepth = std::max(0, st.braceDepth - 1);
            out.push_back({i, 1, TokenKind::Punctuation});
            ++i;
            continue;
        }
        if (c == u'(') {
            if (groupingNext || groupingDepth > 0)
                ++groupingDepth;
            groupingNext = false;
            out.push_back({i, 1, TokenKind::Punctuation});
            ++i;
            continue;
        }
        if (c == u')') {
            if (groupingDepth > 0)
                --groupingDepth;
            out.push_back({i, 1, TokenKind::Punctuation});
            ++i;
            continue;
        }
        if (c == u'[' || c == u']' || c == u',' || c == u':') {
            out.push_back({i, 1, TokenKind::Punctuation});
            ++i;
            continue;
        }
        // Operators: two-character ones first.
        static const QStringView two[] = {u"==", u"!=", u">=", u"<=", u"=~", u"!~"};
        int len = 1;
        for (QStringView op : two)
            if (line.mid(i).startsWith(op)) {
                len = 2;
                break;
            }
        afterAt = c == u'@';
        out.push_back({i, len, TokenKind::Operator});
        i += len;
    }
    if (state)
        *state = st;
    return out;
}

CompletionContext completionContext(QStringView text, int cursor) {
    cursor = std::clamp(cursor, 0, int(text.size()));
    CompletionContext ctx;

    // Walk from the start, tracking braces, strings, brackets and comments up to the cursor.
    int braceOpen = -1;   // index of the "{" the cursor is inside, or -1
    int bracketDepth = 0; // inside [...] (durations)
    QChar stringQuote;    // non-null inside a string
    int stringStart = -1;
    bool inComment = false;
    bool groupingNext = false;
    int parenDepth = 0;
    std::vector<int> groupingAt; // paren depths at which a grouping list opened

    for (int i = 0; i < cursor; ++i) {
        const QChar c = text[i];
        if (inComment) {
            if (c == u'\n')
                inComment = false;
            continue;
        }
        if (!stringQuote.isNull()) {
            if (c == u'\\' && stringQuote != u'`') {
                ++i;
                continue;
            }
            if (c == stringQuote)
                stringQuote = QChar();
            continue;
        }
        switch (c.unicode()) {
        case u'#':
            inComment = true;
            break;
        case u'"':
        case u'\'':
        case u'`':
            stringQuote = c;
            stringStart = i;
            break;
        case u'{':
            braceOpen = i;
            break;
        case u'}':
            braceOpen = -1;
            break;
        case u'[':
            ++bracketDepth;
            break;
        case u']':
            bracketDepth = std::max(0, bracketDepth - 1);
            break;
        case u'(':
            ++parenDepth;
            if (groupingNext)
                groupingAt.push_back(parenDepth);
            groupingNext = false;
            break;
        case u')':
            if (!groupingAt.empty() && groupingAt.back() == parenDepth)
                groupingAt.pop_back();
            parenDepth = std::max(0, parenDepth - 1);
            break;
        default:
            if (isIdentStart(c) && braceOpen < 0) {
                int j = i;
                while (j < cursor && isIdentChar(text[j]))
                    ++j;
                const QString word = text.mid(i, j - i).toString();
                if (j < cursor)
                    groupingNext = groupingKeywords().contains(word);
                i = j - 1;
            } else if (!c.isSpace()) {
                groupingNext = false;
            }
            break;
        }
    }
    const int groupingDepth = int(groupingAt.size());
    if (inComment)
        return ctx;

    // The metric name written right before a "{" (skipping spaces).
    auto metricBefore = [&](int brace) {
        int j = brace - 1;
        while (j >= 0 && text[j].isSpace())
            --j;
        const int end = j + 1;
        while (j >= 0 && isIdentChar(text[j]))
            --j;
        const QString name = text.mid(j + 1, end - j - 1).toString();
        return !name.isEmpty() && isIdentStart(name[0]) ? name : QString();
    };

    if (!stringQuote.isNull()) {
        if (braceOpen < 0)
            return ctx;
        // label OP "value…: find OP and the label before the quote.
        int j = stringStart - 1;
        while (j > braceOpen && text[j].isSpace())
            --j;
        int opEnd = j + 1;
        while (j > braceOpen && (text[j] == u'=' || text[j] == u'!' || text[j] == u'~'))
            --j;
        if (j + 1 == opEnd)
            return ctx; // no matcher operator before the quote
        while (j > braceOpen && text[j].isSpace())
            --j;
        const int labelEnd = j + 1;
        while (j > braceOpen && isLabelChar(text[j]))
            --j;
        const QString label = text.mid(j + 1, labelEnd - j - 1).toString();
        if (label.isEmpty())
            return ctx;
        ctx.kind = CompletionContext::Kind::LabelValue;
        ctx.label = label;
        ctx.metric = metricBefore(braceOpen);
        ctx.quote = stringQuote;
        ctx.prefixStart = stringStart + 1;
        ctx.prefix = text.mid(stringStart + 1, cursor - stringStart - 1).toString();
        return ctx;
    }
    if (bracketDepth > 0)
        return ctx;

    // The word at the cursor.
    int start = cursor;
    while (start > 0 && isIdentChar(text[start - 1]))
        --start;
    const QString word = text.mid(start, cursor - start).toString();
    if (!word.isEmpty() && !isIdentStart(word[0]))
        return ctx; // a number or duration
    int before = start - 1;
    while (before >= 0 && text[before].isSpace())
        --before;
    const QChar prev = before >= 0 ? text[before] : QChar();

    ctx.prefix = word;
    ctx.prefixStart = start;
    if (braceOpen >= 0) {
        if (prev == u'{' || prev == u',') {
            ctx.kind = CompletionContext::Kind::LabelName;
            ctx.metric = metricBefore(braceOpen);
        }
        return ctx;
    }
    if (groupingDepth > 0 && (prev == u'(' || prev == u',')) {
        ctx.kind = CompletionContext::Kind::LabelName;
        return ctx;
    }
    ctx.kind = CompletionContext::Kind::Name;
    return ctx;
}

std::optional<ErrorPosition> parseErrorPosition(const QString &errorText, const QString &query) {
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
            const bool call = i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::Punctuation &&
                              text(i + 1) == u"(";
            if (!call && !names.contains(text(i)))
                names << text(i).toString();
        } else if (t.kind == TokenKind::LabelName && text(i) == u"__name__" && i + 2 < tokens.size() &&
                   text(i + 1) == u"=" && tokens[i + 2].kind == TokenKind::String) {
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
        const qint64 ms = units::parseDurationMs(expr.mid(tokens[i].start, tokens[i].length).toString());
        if (ms > 0)
            ranges.push_back(ms);
    }
    return ranges;
}

} // namespace vitals::promql

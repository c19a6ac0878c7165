// The lexer (highlighting and every analysis) and the cursor context for completion.
#include "core/promql/promqllanguage.h"

#include <QRegularExpression>

#include <algorithm>

namespace vitals::promql {

namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u':';
}
bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u':';
}
bool isLabelChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

const QStringList &groupingKeywords()
{
    static const QStringList k = {QStringLiteral("by"),         QStringLiteral("without"),
                                  QStringLiteral("on"),         QStringLiteral("ignoring"),
                                  QStringLiteral("group_left"), QStringLiteral("group_right")};
    return k;
}

int skipSpaces(QStringView s, int i)
{
    while (i < s.size() && s[i].isSpace())
        ++i;
    return i;
}

// Length of a duration like 1h30m or 250ms starting at i, or 0.
int durationLength(QStringView s, int i)
{
    static const QRegularExpression re(
        QStringLiteral("\\G(?:[0-9]+(?:ms|[smhdwy]))+(?![A-Za-z0-9_])"));
    const auto m = re.match(s.toString(), i, QRegularExpression::NormalMatch,
                            QRegularExpression::AnchorAtOffsetMatchOption);
    return m.hasMatch() ? int(m.capturedLength()) : 0;
}

int numberLength(QStringView s, int i)
{
    static const QRegularExpression re(QStringLiteral(
        "\\G(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"));
    const auto m = re.match(s.toString(), i, QRegularExpression::NormalMatch,
                            QRegularExpression::AnchorAtOffsetMatchOption);
    return m.hasMatch() ? int(m.capturedLength()) : 0;
}

} // namespace

LineState LineState::fromInt(int state)
{
    LineState s;
    if (state < 0)
        return s;
    s.inRawString = (state & 1) != 0;
    s.braceDepth = state >> 1;
    return s;
}

std::vector<Token> tokenizeLine(QStringView line, LineState *state)
{
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
            } else if (word.compare(u"inf", Qt::CaseInsensitive) == 0
                       || word.compare(u"nan", Qt::CaseInsensitive) == 0) {
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

CompletionContext completionContext(QStringView text, int cursor)
{
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

} // namespace vitals::promql

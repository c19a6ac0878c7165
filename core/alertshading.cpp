#include "core/alertshading.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace vitals::alertshading {

QString rangeQuery()
{
    // `without (alertstate)` keeps every other label of ALERTS (timestamp() already drops the
    // metric name): one series per label set, so an alert firing for two features is two.
    return QStringLiteral("max without (alertstate) (timestamp(ALERTS{alertstate=\"firing\"}))");
}

std::vector<Span> spansFromTimestamps(const series::SeriesList &series, qint64 stepMs,
                                      qint64 staleAfterMs, qint64 toMs,
                                      const QSet<QString> &firingNow)
{
    std::vector<Span> out;
    const qint64 stale = std::max(staleAfterMs, 2 * stepMs);
    for (const series::Series &s : series) {
        const QString name = s.labels().value(u"alertname");
        std::vector<Span> spans;
        bool open = false;
        qint64 lastStepMs = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const qint64 t = s.timestampAt(i);
            const double v = s.value(i);
            if (!std::isfinite(v))
                continue;
            const qint64 sampleMs = qint64(std::llround(v * 1000.0));
            const bool fresh = t - sampleMs <= stale;
            // A step missing from the answer means the alert was not firing there.
            if (open && (!fresh || t - lastStepMs > 2 * stepMs))
                open = false;
            if (!fresh)
                continue;
            if (!open) {
                spans.push_back({name, sampleMs, sampleMs, s.labels()});
                open = true;
            }
            spans.back().toMs = std::max(spans.back().toMs, sampleMs);
            lastStepMs = t;
        }
        if (!spans.empty() && firingNow.contains(name) && toMs - spans.back().toMs <= stale)
            spans.back().toMs = toMs;
        // A single evaluation lasts one evaluation interval (half the staleness bound), not a
        // whole step: with coarse steps that would run past the alert's real end.
        for (Span &span : spans)
            if (span.toMs == span.fromMs)
                span.toMs = span.fromMs + std::min(stepMs, std::max<qint64>(staleAfterMs / 2, 1));
        out.insert(out.end(), spans.begin(), spans.end());
    }
    return out;
}

std::vector<std::pair<qint64, qint64>> shadedRanges(const std::vector<Span> &spans)
{
    std::vector<std::pair<qint64, qint64>> ranges;
    ranges.reserve(spans.size());
    for (const Span &span : spans)
        ranges.emplace_back(span.fromMs, span.toMs);
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<qint64, qint64>> out;
    for (const auto &range : ranges) {
        if (!out.empty() && range.first <= out.back().second)
            out.back().second = std::max(out.back().second, range.second);
        else
            out.push_back(range);
    }
    return out;
}

namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u':';
}
bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u':';
}

QString family(const QString &metric)
{
    for (const char *suffix : {"_bucket", "_sum", "_count"})
        if (metric.endsWith(QLatin1String(suffix)))
            return metric.left(metric.size() - qsizetype(qstrlen(suffix)));
    return metric;
}

// Index just past the string starting at `i` (a quote character).
qsizetype skipString(const QString &q, qsizetype i)
{
    const QChar quote = q[i];
    for (++i; i < q.size(); ++i) {
        if (q[i] == u'\\' && quote != u'`')
            ++i;
        else if (q[i] == quote)
            return i + 1;
    }
    return q.size();
}

// Index just past the bracket group opening at `i`, strings inside skipped.
qsizetype skipGroup(const QString &q, qsizetype i, QChar open, QChar close)
{
    int depth = 0;
    for (; i < q.size(); ++i) {
        if (q[i] == u'"' || q[i] == u'\'' || q[i] == u'`') {
            i = skipString(q, i) - 1;
        } else if (q[i] == open) {
            ++depth;
        } else if (q[i] == close && --depth == 0) {
            return i + 1;
        }
    }
    return q.size();
}

// The matchers `{...}` from `open` to `close`: the fixed job value and, for a selector
// without a name, the __name__ value.
void readMatchers(const QString &body, QString *job, QString *name)
{
    qsizetype i = 0;
    while (i < body.size()) {
        while (i < body.size() && !isIdentStart(body[i]))
            ++i;
        const qsizetype start = i;
        while (i < body.size() && isIdentChar(body[i]))
            ++i;
        const QString label = body.mid(start, i - start);
        while (i < body.size() && body[i].isSpace())
            ++i;
        const bool equality = i + 1 < body.size() && body[i] == u'=' && body[i + 1] != u'~'
                              && (i == 0 || body[i - 1] != u'!');
        while (i < body.size() && body[i] != u'"' && body[i] != u'\'' && body[i] != u'`'
               && body[i] != u',')
            ++i;
        if (i < body.size() && body[i] != u',') {
            const qsizetype end = skipString(body, i);
            const QString value = body.mid(i + 1, end - i - 2);
            if (equality && !value.contains(u'$')) {
                if (label == u"job")
                    *job = value;
                else if (label == u"__name__")
                    *name = value;
            }
            i = end;
        }
        ++i;
    }
}

} // namespace

std::vector<Selector> selectors(const QString &q)
{
    static const QSet<QString> keywords{
        QStringLiteral("by"), QStringLiteral("without"), QStringLiteral("on"),
        QStringLiteral("ignoring"), QStringLiteral("group_left"), QStringLiteral("group_right"),
        QStringLiteral("bool"), QStringLiteral("and"), QStringLiteral("or"),
        QStringLiteral("unless"), QStringLiteral("offset"), QStringLiteral("atan2"),
        QStringLiteral("inf"), QStringLiteral("nan"), QStringLiteral("start"),
        QStringLiteral("end"),
        // Aggregations, which may be followed by `by (…)` rather than by their parenthesis.
        QStringLiteral("sum"), QStringLiteral("min"), QStringLiteral("max"), QStringLiteral("avg"),
        QStringLiteral("group"), QStringLiteral("stddev"), QStringLiteral("stdvar"),
        QStringLiteral("count"), QStringLiteral("count_values"), QStringLiteral("bottomk"),
        QStringLiteral("topk"), QStringLiteral("quantile"), QStringLiteral("limitk"),
        QStringLiteral("limit_ratio")};
    static const QSet<QString> labelLists{
        QStringLiteral("by"),       QStringLiteral("without"),    QStringLiteral("on"),
        QStringLiteral("ignoring"), QStringLiteral("group_left"), QStringLiteral("group_right")};
    std::vector<Selector> out;
    auto add = [&out](Selector s) {
        s.metric = family(s.metric);
        if (!s.metric.isEmpty() && std::find(out.begin(), out.end(), s) == out.end())
            out.push_back(s);
    };
    qsizetype i = 0;
    while (i < q.size()) {
        const QChar c = q[i];
        if (c == u'"' || c == u'\'' || c == u'`') {
            i = skipString(q, i);
        } else if (c == u'#') {
            while (i < q.size() && q[i] != u'\n')
                ++i;
        } else if (c == u'[') {
            i = skipGroup(q, i, u'[', u']');
        } else if (c == u'{') {
            const qsizetype end = skipGroup(q, i, u'{', u'}');
            Selector s;
            readMatchers(q.mid(i + 1, end - i - 2), &s.job, &s.metric);
            add(s);
            i = end;
        } else if (c.isDigit() || (c == u'.' && i + 1 < q.size() && q[i + 1].isDigit())) {
            while (i < q.size() && (isIdentChar(q[i]) || q[i] == u'.'))
                ++i;
        } else if (isIdentStart(c)) {
            const qsizetype start = i;
            while (i < q.size() && isIdentChar(q[i]))
                ++i;
            const QString word = q.mid(start, i - start);
            qsizetype j = i;
            while (j < q.size() && q[j].isSpace())
                ++j;
            if (labelLists.contains(word.toLower())) {
                if (j < q.size() && q[j] == u'(')
                    i = skipGroup(q, j, u'(', u')');
                continue;
            }
            if (keywords.contains(word.toLower()) || (j < q.size() && q[j] == u'('))
                continue; // a keyword, or a function or aggregation
            Selector s;
            s.metric = word;
            if (j < q.size() && q[j] == u'{') {
                const qsizetype end = skipGroup(q, j, u'{', u'}');
                QString ignored;
                readMatchers(q.mid(j + 1, end - j - 2), &s.job, &ignored);
                i = end;
            }
            add(s);
        } else {
            ++i;
        }
    }
    return out;
}

namespace {

bool matches(const Selector &a, const Selector &b)
{
    return a.metric == b.metric && (a.job.isEmpty() || b.job.isEmpty() || a.job == b.job);
}

// What `expr` reads, with recording rules replaced by what they read (a few levels deep).
std::vector<Selector> resolved(const QString &expr, const QHash<QString, QString> &recording,
                               int depth = 0)
{
    std::vector<Selector> out;
    for (const Selector &s : selectors(expr)) {
        const auto it = recording.find(s.metric);
        if (it != recording.end() && depth < 5) {
            const auto inner = resolved(*it, recording, depth + 1);
            out.insert(out.end(), inner.begin(), inner.end());
        }
        out.push_back(s);
    }
    return out;
}

} // namespace

QSet<QString> relatedAlerts(const QStringList &queries, const std::vector<prom::RuleGroup> &rules)
{
    QHash<QString, QString> recording;
    for (const auto &group : rules)
        for (const auto &rule : group.rules)
            if (rule.type == u"recording")
                recording.insert(rule.name, rule.query);
    std::vector<Selector> read;
    for (const QString &query : queries)
        for (const Selector &s : resolved(query, recording))
            read.push_back(s);
    QSet<QString> out;
    for (const auto &group : rules)
        for (const auto &rule : group.rules) {
            if (rule.type != u"alerting")
                continue;
            for (const Selector &s : resolved(rule.query, recording))
                if (std::any_of(read.begin(), read.end(),
                                [&](const Selector &r) { return matches(r, s); })) {
                    out.insert(rule.name);
                    break;
                }
        }
    return out;
}

QSet<QString> firingAlerts(const std::vector<prom::RuleGroup> &rules)
{
    QSet<QString> out;
    for (const auto &group : rules)
        for (const auto &rule : group.rules)
            if (rule.type == u"alerting"
                && std::any_of(rule.alerts.begin(), rule.alerts.end(),
                               [](const prom::Alert &a) { return a.state == u"firing"; }))
                out.insert(rule.name);
    return out;
}

qint64 evaluationIntervalMs(const std::vector<prom::RuleGroup> &rules)
{
    qint64 longest = 0;
    for (const auto &group : rules)
        longest = std::max(longest, group.intervalMs);
    return longest > 0 ? longest : 60'000;
}

} // namespace vitals::alertshading

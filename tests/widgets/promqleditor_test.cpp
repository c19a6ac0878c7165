// The PromQL editor: tokens and highlighting, completion in and out of braces, Ctrl+Enter, the
// error mark, and the function table.
#include "core/promql/promqllanguage.h"
#include "widgets/promqleditor.h"

#include <QCompleter>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include <gtest/gtest.h>

using namespace vitals;
using promql::TokenKind;

namespace {

// Answers label requests at once from fixed lists, and records what was asked.
class FixedLabels : public PromQLCompletionProvider
{
public:
    void requestLabelNames(const QString &metric, Reply reply) override
    {
        askedNames << metric;
        reply({QStringLiteral("__name__"), QStringLiteral("instance"), QStringLiteral("job")});
    }
    void requestLabelValues(const QString &metric, const QString &label, Reply reply) override
    {
        askedValues << metric + u'/' + label;
        if (label == QLatin1String("job"))
            reply({QStringLiteral("iris"), QStringLiteral("self")});
        else
            reply({});
    }
    QStringList askedNames;
    QStringList askedValues;
};

// The kind of the token that starts at `text`'s first occurrence of `word`.
TokenKind kindOf(const QString &line, const QString &word, int occurrence = 0)
{
    int at = -1;
    for (int i = 0; i <= occurrence; ++i)
        at = int(line.indexOf(word, at + 1));
    for (const promql::Token &t : promql::tokenizeLine(line))
        if (t.start == at) {
            EXPECT_EQ(t.length, word.size()) << word.toStdString();
            return t.kind;
        }
    ADD_FAILURE() << "no token at " << word.toStdString();
    return TokenKind::Punctuation;
}

void typeInto(PromQLEditor &editor, const QString &text)
{
    editor.setFocus();
    QTest::keyClicks(&editor, text);
}

} // namespace

TEST(PromQLTokenizer, ClassifiesEveryTokenOfASampleQuery)
{
    const QString q = QStringLiteral(
        "sum by (job) (rate(http_requests_total{job=\"api\", code=~'5..'}[5m] offset 1h30m)) "
        "/ on(job) group_left count(up) > bool 0.5 # errors");
    EXPECT_EQ(kindOf(q, QStringLiteral("sum")), TokenKind::Aggregation);
    EXPECT_EQ(kindOf(q, QStringLiteral("by")), TokenKind::Keyword);
    EXPECT_EQ(kindOf(q, QStringLiteral("job")), TokenKind::LabelName); // by (job)
    EXPECT_EQ(kindOf(q, QStringLiteral("rate")), TokenKind::Function);
    EXPECT_EQ(kindOf(q, QStringLiteral("http_requests_total")), TokenKind::Identifier);
    EXPECT_EQ(kindOf(q, QStringLiteral("job"), 1), TokenKind::LabelName); // {job=
    EXPECT_EQ(kindOf(q, QStringLiteral("=~")), TokenKind::Operator);
    EXPECT_EQ(kindOf(q, QStringLiteral("\"api\"")), TokenKind::String);
    EXPECT_EQ(kindOf(q, QStringLiteral("code")), TokenKind::LabelName);
    EXPECT_EQ(kindOf(q, QStringLiteral("'5..'")), TokenKind::String);
    EXPECT_EQ(kindOf(q, QStringLiteral("5m")), TokenKind::Duration);
    EXPECT_EQ(kindOf(q, QStringLiteral("offset")), TokenKind::Keyword);
    EXPECT_EQ(kindOf(q, QStringLiteral("1h30m")), TokenKind::Duration);
    EXPECT_EQ(kindOf(q, QStringLiteral("on")), TokenKind::Keyword);
    EXPECT_EQ(kindOf(q, QStringLiteral("job"), 2), TokenKind::LabelName); // on(job)
    EXPECT_EQ(kindOf(q, QStringLiteral("group_left")), TokenKind::Keyword);
    EXPECT_EQ(kindOf(q, QStringLiteral("count")), TokenKind::Aggregation);
    EXPECT_EQ(kindOf(q, QStringLiteral("up"), 1), TokenKind::Identifier); // count(up)
    EXPECT_EQ(kindOf(q, QStringLiteral("bool")), TokenKind::Keyword);
    EXPECT_EQ(kindOf(q, QStringLiteral("0.5")), TokenKind::Number);
    EXPECT_EQ(kindOf(q, QStringLiteral("# errors")), TokenKind::Comment);
}

TEST(PromQLTokenizer, NamesThatAreNotCallsStayIdentifiers)
{
    // "rate" without "(" is a metric name; "sum" as well; Inf and NaN are numbers.
    const QString q = QStringLiteral("rate + sum * Inf - NaN + 0x1F + 1e3");
    EXPECT_EQ(kindOf(q, QStringLiteral("rate")), TokenKind::Identifier);
    EXPECT_EQ(kindOf(q, QStringLiteral("sum")), TokenKind::Identifier);
    EXPECT_EQ(kindOf(q, QStringLiteral("Inf")), TokenKind::Number);
    EXPECT_EQ(kindOf(q, QStringLiteral("NaN")), TokenKind::Number);
    EXPECT_EQ(kindOf(q, QStringLiteral("0x1F")), TokenKind::Number);
    EXPECT_EQ(kindOf(q, QStringLiteral("1e3")), TokenKind::Number);
}

TEST(PromQLTokenizer, CarriesBracesAndRawStringsAcrossLines)
{
    promql::LineState state;
    promql::tokenizeLine(u"up{", &state);
    EXPECT_EQ(state.braceDepth, 1);
    const auto second = promql::tokenizeLine(u"  job=`multi", &state);
    ASSERT_EQ(second.size(), 3u);
    EXPECT_EQ(second[0].kind, TokenKind::LabelName);
    EXPECT_EQ(second[2].kind, TokenKind::String);
    EXPECT_TRUE(state.inRawString);
    const auto third = promql::tokenizeLine(u"line`}", &state);
    ASSERT_EQ(third.size(), 2u);
    EXPECT_EQ(third[0], (promql::Token{0, 5, TokenKind::String}));
    EXPECT_FALSE(state.inRawString);
    EXPECT_EQ(state.braceDepth, 0);
    EXPECT_EQ(promql::LineState::fromInt(state.toInt()).braceDepth, 0);
}

TEST(PromQLTokenizer, SurvivesHostileInput)
{
    // Unterminated strings, lone operators, control characters, very long lines.
    for (const QString &s :
         {QStringLiteral("\"unterminated"), QStringLiteral("'a\\"), QStringLiteral("}}}}]]))"),
          QStringLiteral("\x01\x02{{{"), QString(100000, u'(')}) {
        promql::LineState state;
        const auto tokens = promql::tokenizeLine(s, &state);
        int covered = 0;
        for (const auto &t : tokens) {
            EXPECT_GE(t.start, covered);
            EXPECT_LE(t.start + t.length, s.size());
            covered = t.start + t.length;
        }
        EXPECT_GE(state.braceDepth, 0);
    }
}

TEST(PromQLHighlighter, AppliesTheFormatOfEachTokenClass)
{
    QTextDocument doc;
    PromQLHighlighter highlighter(&doc);
    doc.setPlainText(QStringLiteral("rate(up{job=\"x\"}[5m]) # c"));
    highlighter.rehighlight();
    const QList<QTextLayout::FormatRange> formats = doc.firstBlock().layout()->formats();
    auto formatAt = [&](int pos) -> QTextCharFormat {
        for (const auto &f : formats)
            if (pos >= f.start && pos < f.start + f.length)
                return f.format;
        return {};
    };
    const auto fg = [](const QTextCharFormat &f) { return f.foreground().color(); };
    EXPECT_EQ(fg(formatAt(0)), fg(PromQLHighlighter::formatFor(TokenKind::Function)));
    EXPECT_EQ(fg(formatAt(8)), fg(PromQLHighlighter::formatFor(TokenKind::LabelName)));
    EXPECT_EQ(fg(formatAt(12)), fg(PromQLHighlighter::formatFor(TokenKind::String)));
    EXPECT_EQ(fg(formatAt(17)), fg(PromQLHighlighter::formatFor(TokenKind::Duration)));
    EXPECT_TRUE(formatAt(23).fontItalic()); // the comment
    // The classes are told apart by colour.
    EXPECT_NE(fg(PromQLHighlighter::formatFor(TokenKind::Function)),
              fg(PromQLHighlighter::formatFor(TokenKind::String)));
}

TEST(PromQLCompletion, ContextKnowsBracesQuotesAndGroupings)
{
    using K = promql::CompletionContext::Kind;
    auto ctx = promql::completionContext(u"sum(ra", 6);
    EXPECT_EQ(ctx.kind, K::Name);
    EXPECT_EQ(ctx.prefix, QStringLiteral("ra"));
    EXPECT_EQ(ctx.prefixStart, 4);

    ctx = promql::completionContext(u"rate(http_requests_total{", 25);
    EXPECT_EQ(ctx.kind, K::LabelName);
    EXPECT_EQ(ctx.metric, QStringLiteral("http_requests_total"));
    EXPECT_TRUE(ctx.prefix.isEmpty());

    ctx = promql::completionContext(u"up{job=\"x\", inst", 16);
    EXPECT_EQ(ctx.kind, K::LabelName);
    EXPECT_EQ(ctx.metric, QStringLiteral("up"));
    EXPECT_EQ(ctx.prefix, QStringLiteral("inst"));

    ctx = promql::completionContext(u"up{job=~\"ir", 11);
    EXPECT_EQ(ctx.kind, K::LabelValue);
    EXPECT_EQ(ctx.label, QStringLiteral("job"));
    EXPECT_EQ(ctx.prefix, QStringLiteral("ir"));
    EXPECT_EQ(ctx.quote, QChar(u'"'));

    ctx = promql::completionContext(u"{__name__=\"up\", job!='", 22);
    EXPECT_EQ(ctx.kind, K::LabelValue);
    EXPECT_TRUE(ctx.metric.isEmpty());
    EXPECT_EQ(ctx.label, QStringLiteral("job"));

    ctx = promql::completionContext(u"sum by (jo", 10);
    EXPECT_EQ(ctx.kind, K::LabelName);
    EXPECT_EQ(ctx.prefix, QStringLiteral("jo"));

    EXPECT_EQ(promql::completionContext(u"rate(up[5", 9).kind, K::None); // a duration
    EXPECT_EQ(promql::completionContext(u"up # rat", 8).kind, K::None);  // a comment
    EXPECT_EQ(promql::completionContext(u"label_replace(up, \"ds", 21).kind, K::None);
    EXPECT_EQ(promql::completionContext(u"up{job=", 7).kind, K::None); // no quote yet
    // After the braces close, names again.
    EXPECT_EQ(promql::completionContext(u"up{job=\"a\"} + ra", 16).kind, K::Name);
}

TEST(PromQLEditor, OutsideBracesOffersFunctionsAndMetricsWithTheirDocs)
{
    PromQLEditor editor;
    FixedLabels labels;
    editor.setCompletionProvider(&labels);
    editor.setMetricNames({QStringLiteral("up"), QStringLiteral("inference_requests_total")},
                          {{QStringLiteral("inference_requests_total"),
                            QStringLiteral("counter — Prediction requests")}});
    editor.show();
    typeInto(editor, QStringLiteral("rat"));
    const QStringList candidates = editor.completionCandidates();
    EXPECT_TRUE(candidates.contains(QStringLiteral("rate")));
    EXPECT_TRUE(candidates.contains(QStringLiteral("irate")));
    EXPECT_FALSE(candidates.contains(QStringLiteral("instance")));
    EXPECT_TRUE(labels.askedNames.isEmpty());
    // Each function carries its one-line doc.
    const QAbstractItemModel *model = editor.completer()->completionModel();
    const int row = int(candidates.indexOf(QStringLiteral("rate")));
    EXPECT_TRUE(model->index(row, 0)
                    .data(PromQLEditor::DocRole)
                    .toString()
                    .contains(QStringLiteral("Per-second average rate")));

    editor.setQuery(QString());
    typeInto(editor, QStringLiteral("infer"));
    EXPECT_EQ(editor.completionCandidates(),
              QStringList{QStringLiteral("inference_requests_total")});
    EXPECT_EQ(editor.completer()->completionModel()->index(0, 0).data(Qt::ToolTipRole).toString(),
              QStringLiteral("counter — Prediction requests"));

    // Accepting a function inserts its opening parenthesis.
    editor.setQuery(QString());
    typeInto(editor, QStringLiteral("histogram_q"));
    ASSERT_EQ(editor.completionCandidates(), QStringList{QStringLiteral("histogram_quantile")});
    editor.acceptCompletion(0);
    EXPECT_EQ(editor.query(), QStringLiteral("histogram_quantile("));
}

TEST(PromQLEditor, InsideBracesOffersLabelNamesThenValuesOfTheMetric)
{
    PromQLEditor editor;
    FixedLabels labels;
    editor.setCompletionProvider(&labels);
    editor.setMetricNames({QStringLiteral("up")});
    editor.show();
    typeInto(editor, QStringLiteral("up{"));
    EXPECT_EQ(labels.askedNames, QStringList{QStringLiteral("up")});
    // __name__ is not offered; functions and metrics are not offered inside braces.
    EXPECT_EQ(editor.completionCandidates(),
              (QStringList{QStringLiteral("instance"), QStringLiteral("job")}));

    QTest::keyClicks(&editor, QStringLiteral("jo"));
    EXPECT_EQ(editor.completionCandidates(), QStringList{QStringLiteral("job")});
    editor.acceptCompletion(0);
    EXPECT_EQ(editor.query(), QStringLiteral("up{job=\""));
    // Accepting a label name opens its values at once.
    EXPECT_EQ(labels.askedValues, QStringList{QStringLiteral("up/job")});
    EXPECT_EQ(editor.completionCandidates(),
              (QStringList{QStringLiteral("iris"), QStringLiteral("self")}));
    QTest::keyClicks(&editor, QStringLiteral("se"));
    EXPECT_EQ(editor.completionCandidates(), QStringList{QStringLiteral("self")});
    editor.acceptCompletion(0);
    EXPECT_EQ(editor.query(), QStringLiteral("up{job=\"self\""));

    // The answers are cached: a second brace asks nothing new.
    QTest::keyClicks(&editor, QStringLiteral(", "));
    EXPECT_EQ(labels.askedNames.size(), 1);
    EXPECT_EQ(editor.completionCandidates(),
              (QStringList{QStringLiteral("instance"), QStringLiteral("job")}));
}

TEST(PromQLEditor, CtrlEnterRequestsARunAndEnterInsertsANewLine)
{
    PromQLEditor editor;
    editor.show();
    QSignalSpy runs(&editor, &PromQLEditor::runRequested);
    typeInto(editor, QStringLiteral("1 +"));
    QTest::keyClick(&editor, Qt::Key_Escape);
    QTest::keyClick(&editor, Qt::Key_Return);
    QTest::keyClicks(&editor, QStringLiteral("2"));
    EXPECT_EQ(runs.count(), 0);
    EXPECT_EQ(editor.query(), QStringLiteral("1 +\n2"));
    QTest::keyClick(&editor, Qt::Key_Return, Qt::ControlModifier);
    EXPECT_EQ(runs.count(), 1);
    QTest::keyClick(&editor, Qt::Key_Enter, Qt::ControlModifier);
    EXPECT_EQ(runs.count(), 2);
    EXPECT_EQ(editor.query(), QStringLiteral("1 +\n2"));
}

TEST(PromQLEditor, ErrorMarkMovesTheCursorToLineAndColumn)
{
    PromQLEditor editor;
    editor.setQuery(QStringLiteral("sum(\n  rate(up[5m]\n"));
    editor.showErrorAt(1, 13, QStringLiteral("unclosed left parenthesis"));
    EXPECT_TRUE(editor.hasErrorMark());
    EXPECT_EQ(editor.textCursor().blockNumber(), 1);
    EXPECT_EQ(editor.textCursor().positionInBlock(), 13);
    ASSERT_EQ(editor.extraSelections().size(), 1);
    // At the end of the line the last character is marked.
    EXPECT_EQ(editor.extraSelections()[0].cursor.selectedText(), QStringLiteral("]"));
    editor.clearError();
    EXPECT_FALSE(editor.hasErrorMark());
    EXPECT_TRUE(editor.extraSelections().isEmpty());
    // A line that does not exist changes nothing.
    editor.showErrorAt(9, 0, QStringLiteral("x"));
    EXPECT_FALSE(editor.hasErrorMark());
}

TEST(PromQLErrorPosition, MapsPrometheusLineAndByteColumn)
{
    // Texts as Prometheus 2.42 writes them (see explore_itest for the live ones).
    auto p = promql::parseErrorPosition(
        QStringLiteral("HTTP 400, bad_data: invalid parameter \"query\": 1:18: parse error: "
                       "unclosed left parenthesis"),
        QStringLiteral("sum(rate(up[5m]) "));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->line, 0);
    EXPECT_EQ(p->column, 17);
    EXPECT_EQ(p->offset, 17);

    p = promql::parseErrorPosition(QStringLiteral("2:6: parse error: unclosed left parenthesis"),
                                   QStringLiteral("up{job=\"é\"} +\n foo("));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->line, 1);
    EXPECT_EQ(p->column, 5);
    EXPECT_EQ(p->offset, 14 + 5);

    // Columns count UTF-8 bytes: "é" is two bytes, one QChar.
    p = promql::parseErrorPosition(QStringLiteral("1:12: parse error: x"),
                                   QStringLiteral("up{job=\"é\"} foo"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->column, 10);

    // "unexpected <token>" points just past the token (Prometheus 2.42: `up )` gives 1:5):
    // the token's last character is returned.
    p = promql::parseErrorPosition(
        QStringLiteral("1:5: parse error: unexpected right parenthesis ')'"),
        QStringLiteral("up )"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->column, 3);

    EXPECT_FALSE(promql::parseErrorPosition(QStringLiteral("execution: too many samples"),
                                            QStringLiteral("up")));
    EXPECT_FALSE(
        promql::parseErrorPosition(QStringLiteral("5:1: parse error: x"), QStringLiteral("up")));
    EXPECT_FALSE(promql::parseErrorPosition(
        QStringLiteral("99999999999999999999:1: parse error: x"), QStringLiteral("up")));
}

TEST(PromQLFunctions, TableHasPrometheus242FunctionsWithDocs)
{
    const QStringList expected = {"abs",
                                  "absent",
                                  "absent_over_time",
                                  "avg_over_time",
                                  "ceil",
                                  "changes",
                                  "clamp",
                                  "clamp_max",
                                  "clamp_min",
                                  "count_over_time",
                                  "day_of_month",
                                  "day_of_week",
                                  "day_of_year",
                                  "days_in_month",
                                  "delta",
                                  "deriv",
                                  "exp",
                                  "floor",
                                  "histogram_count",
                                  "histogram_sum",
                                  "histogram_fraction",
                                  "histogram_quantile",
                                  "holt_winters",
                                  "hour",
                                  "idelta",
                                  "increase",
                                  "irate",
                                  "label_join",
                                  "label_replace",
                                  "last_over_time",
                                  "ln",
                                  "log10",
                                  "log2",
                                  "max_over_time",
                                  "min_over_time",
                                  "minute",
                                  "month",
                                  "predict_linear",
                                  "present_over_time",
                                  "quantile_over_time",
                                  "rate",
                                  "resets",
                                  "round",
                                  "scalar",
                                  "sgn",
                                  "sort",
                                  "sort_desc",
                                  "sqrt",
                                  "stddev_over_time",
                                  "stdvar_over_time",
                                  "sum_over_time",
                                  "time",
                                  "timestamp",
                                  "vector",
                                  "year",
                                  "acos",
                                  "asin",
                                  "atan",
                                  "cos",
                                  "sin",
                                  "tan",
                                  "acosh",
                                  "asinh",
                                  "atanh",
                                  "cosh",
                                  "sinh",
                                  "tanh",
                                  "deg",
                                  "rad",
                                  "pi"};
    for (const QString &name : expected) {
        const promql::FunctionDoc *f = promql::findFunction(name);
        ASSERT_NE(f, nullptr) << name.toStdString();
        EXPECT_EQ(f->kind, promql::FunctionKind::Function);
        EXPECT_FALSE(f->doc.isEmpty());
        EXPECT_TRUE(f->signature.startsWith(name));
    }
    for (const char *agg : {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
                            "count_values", "bottomk", "topk", "quantile"}) {
        const promql::FunctionDoc *f = promql::findFunction(QString::fromLatin1(agg));
        ASSERT_NE(f, nullptr) << agg;
        EXPECT_EQ(f->kind, promql::FunctionKind::Aggregation);
    }
    // Later than 2.42: Prometheus 2.42 answers "unknown function" for these.
    for (const char *later :
         {"histogram_stddev", "histogram_stdvar", "mad_over_time", "sort_by_label"})
        EXPECT_EQ(promql::findFunction(QString::fromLatin1(later)), nullptr) << later;
    EXPECT_EQ(promql::functions().size(), expected.size() + 12);
}

// The PromQL editor's completion docs for histogram series and its error span.
#include "widgets/promqleditor.h"

#include <QCompleter>
#include <QTest>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

// Label requests answered at once with nothing: only metric names matter here.
class NoLabels : public PromQLCompletionProvider
{
public:
    void requestLabelNames(const QString &, Reply reply) override { reply({}); }
    void requestLabelValues(const QString &, const QString &, Reply reply) override { reply({}); }
};

} // namespace

TEST(PromQLEditorHelp, HistogramSeriesGetTheirFamilysTypeAndHelp)
{
    PromQLEditor editor;
    NoLabels labels;
    editor.setCompletionProvider(&labels);
    // Prometheus's /api/v1/metadata names a histogram once, by its family.
    editor.setMetricNames({QStringLiteral("inference_duration_seconds_bucket"),
                           QStringLiteral("inference_duration_seconds_count")},
                          {{QStringLiteral("inference_duration_seconds"),
                            QStringLiteral("histogram — Time to answer an inference request")}});
    editor.show();
    editor.setFocus();
    QTest::keyClicks(&editor, QStringLiteral("inference_duration_seconds_b"));
    ASSERT_EQ(editor.completionCandidates(),
              QStringList{QStringLiteral("inference_duration_seconds_bucket")});
    const QString doc =
        editor.completer()->completionModel()->index(0, 0).data(Qt::ToolTipRole).toString();
    EXPECT_TRUE(doc.contains(QStringLiteral("histogram — Time to answer an inference request")))
        << doc.toStdString();
    EXPECT_TRUE(doc.contains(QStringLiteral("buckets of inference_duration_seconds")));
}

TEST(PromQLEditorHelp, TheErrorMarksTheWholeName)
{
    PromQLEditor editor;
    editor.setQuery(QStringLiteral("rate(inference_requets_total[5m])"));
    // Prometheus points at the name's start or anywhere in it; the whole name is marked.
    editor.showErrorAt(0, 10, QStringLiteral("unknown metric"));
    ASSERT_EQ(editor.extraSelections().size(), 1);
    EXPECT_EQ(editor.extraSelections()[0].cursor.selectedText(),
              QStringLiteral("inference_requets_total"));
    // Punctuation: from there to the end of the line.
    editor.showErrorAt(0, 28, QStringLiteral("bad duration"));
    EXPECT_EQ(editor.extraSelections()[0].cursor.selectedText(), QStringLiteral("[5m])"));
}

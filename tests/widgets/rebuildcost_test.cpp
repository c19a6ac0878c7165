// What a refresh costs a dashboard's widgets beyond drawing the new data: charts are rebuilt one
// per turn of the event loop, axis categories and legend connections are kept when they are the
// same, and a panel's "loading…" does not lay the dashboard out again.
#include "widgets/panelframe.h"
#include "widgets/timeserieschart.h"
#include "widgets/valueaxis.h"

#include <QApplication>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QSignalSpy>
#include <QThread>

#include <gtest/gtest.h>

#include <memory>

using namespace vitals;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms

std::vector<ChartSeries> oneLine(const QString &name, double value)
{
    ChartSeries s;
    s.name = name;
    for (int i = 0; i <= 10; ++i)
        s.samples.append(kT0 + i * 10'000, value);
    std::vector<ChartSeries> list;
    list.push_back(std::move(s));
    return list;
}

// Counts the layout requests a widget receives.
class LayoutRequests : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LayoutRequest)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

TEST(RebuildCost, ChartsAreRebuiltOnePerTurnOfTheEventLoopAndAllEndDrawn)
{
    // Three charts that get their data in the same turn, as a refresh's answers do.
    std::vector<std::unique_ptr<TimeSeriesChart>> charts;
    for (int i = 0; i < 3; ++i) {
        charts.push_back(std::make_unique<TimeSeriesChart>());
        charts.back()->resize(400, 200);
        charts.back()->setTimeSpan(kT0, kT0 + 100'000);
        charts.back()->setSeries(oneLine(QStringLiteral("s%1").arg(i), 1.0 + i));
    }
    // Their coalescing frames (16 ms) all pass before the loop turns again.
    QThread::msleep(40);
    auto rebuilt = [&charts] {
        int n = 0;
        for (const auto &chart : charts)
            n += chart->renderedPointCount() > 0 ? 1 : 0;
        return n;
    };
    int before = 0;
    QElapsedTimer clock;
    clock.start();
    while (rebuilt() < 3 && clock.elapsed() < 5000) {
        QCoreApplication::processEvents();
        const int now = rebuilt();
        EXPECT_LE(now - before, 1) << "charts rebuilt in one turn";
        before = now;
    }
    EXPECT_EQ(rebuilt(), 3);
    EXPECT_EQ(TimeSeriesChart::queuedRebuilds(), 0);
    for (const auto &chart : charts)
        EXPECT_EQ(chart->drawnSegments(0).size(), 1u);
}

// An answer is drawn without waiting a frame: a chart's first change after a quiet frame is
// queued at once (the queue still runs on a later turn, so a burst of setters makes one
// rebuild). A change within a frame of the last rebuild waits for the frame's end, so a stream
// of changes is drawn at most once a frame (16 ms).
TEST(RebuildCost, AChangeAfterAQuietFrameIsQueuedAtOnceAndAStreamOnceAFrame)
{
    TimeSeriesChart chart;
    chart.resize(400, 200);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    chart.setSeries(oneLine(QStringLiteral("a"), 1.0));
    EXPECT_EQ(TimeSeriesChart::queuedRebuilds(), 1);
    EXPECT_EQ(TimeSeriesChart::dueRebuilds(), 0);
    EXPECT_EQ(chart.renderedPointCount(), 0) << "rebuilt inside setSeries()";
    QElapsedTimer clock;
    clock.start();
    while (chart.renderedPointCount() == 0 && clock.elapsed() < 5000)
        QCoreApplication::processEvents();
    ASSERT_GT(chart.renderedPointCount(), 0);
    QElapsedTimer sinceRebuild;
    sinceRebuild.start();

    chart.setSeries(oneLine(QStringLiteral("a"), 2.0));
    if (sinceRebuild.elapsed() < 16) {
        EXPECT_EQ(TimeSeriesChart::queuedRebuilds(), 0);
        EXPECT_EQ(TimeSeriesChart::dueRebuilds(), 1) << "a second change did not wait its frame";
    } else { // the machine stalled for a frame between the two lines: the frame has passed
        EXPECT_EQ(TimeSeriesChart::queuedRebuilds(), 1);
    }
    while ((TimeSeriesChart::queuedRebuilds() > 0 || TimeSeriesChart::dueRebuilds() > 0)
           && clock.elapsed() < 5000)
        QCoreApplication::processEvents();
    // The frame is counted from the start of the first rebuild, a little before this clock.
    EXPECT_GE(sinceRebuild.elapsed(), 12) << "the second rebuild came within the frame";
    EXPECT_EQ(chart.drawnSegments(0).size(), 1u);
}

TEST(RebuildCost, AChartDeletedWhileQueuedIsSkipped)
{
    auto first = std::make_unique<TimeSeriesChart>();
    TimeSeriesChart second;
    for (TimeSeriesChart *chart : {first.get(), &second}) {
        chart->setTimeSpan(kT0, kT0 + 100'000);
        chart->setSeries(oneLine(QStringLiteral("s"), 2.0));
    }
    QThread::msleep(40);
    QCoreApplication::processEvents(); // both frames pass: both queued
    first.reset();
    QElapsedTimer clock;
    clock.start();
    while (second.renderedPointCount() == 0 && clock.elapsed() < 5000)
        QCoreApplication::processEvents();
    EXPECT_GT(second.renderedPointCount(), 0);
    EXPECT_EQ(TimeSeriesChart::queuedRebuilds(), 0);
}

TEST(RebuildCost, ValueAxisKeepsItsCategoriesWhenTheTicksAreTheSame)
{
    QCategoryAxis axis;
    valueaxis::fill(&axis, 0.0, 95.0, units::Unit::None, 0.0);
    const QStringList first = axis.categoriesLabels();
    ASSERT_FALSE(first.isEmpty());
    // The same range again (the next refresh of a steady panel): nothing to redo.
    QSignalSpy changed(&axis, &QCategoryAxis::categoriesChanged);
    valueaxis::fill(&axis, 0.0, 95.0, units::Unit::None, 0.0);
    EXPECT_EQ(changed.count(), 0);
    EXPECT_EQ(axis.categoriesLabels(), first);

    // Another range: the same labels and ends as an axis filled with it from scratch.
    for (const auto &[lo, hi] : {std::pair{0.0, 950.0}, std::pair{0.0, 80.0}, std::pair{-5.0, 5.0},
                                 std::pair{0.0, 95.0}}) {
        valueaxis::fill(&axis, lo, hi, units::Unit::None, 0.0);
        QCategoryAxis fresh;
        valueaxis::fill(&fresh, lo, hi, units::Unit::None, 0.0);
        ASSERT_EQ(axis.categoriesLabels(), fresh.categoriesLabels()) << lo << ".." << hi;
        EXPECT_EQ(axis.startValue(), fresh.startValue());
        EXPECT_EQ(axis.min(), fresh.min());
        EXPECT_EQ(axis.max(), fresh.max());
        for (const QString &label : fresh.categoriesLabels())
            EXPECT_EQ(axis.endValue(label), fresh.endValue(label)) << label.toStdString();
    }
}

TEST(RebuildCost, ALegendEntryIsConnectedOnceAndStillIsolatesItsSeriesAfterRebuilds)
{
    TimeSeriesChart chart;
    chart.resize(600, 300);
    chart.setTimeSpan(kT0, kT0 + 100'000);
    std::vector<ChartSeries> two = oneLine(QStringLiteral("a"), 1.0);
    two.push_back(std::move(oneLine(QStringLiteral("b"), 2.0).front()));
    chart.setSeries(std::move(two));
    chart.flush();
    chart.flush();
    chart.flush();
    QChart *qchart = chart.findChild<QChartView *>()->chart();
    const auto markers = qchart->legend()->markers();
    ASSERT_EQ(markers.size(), 2);
    QSignalSpy visibility(&chart, &TimeSeriesChart::seriesVisibilityChanged);
    // One click, one change of visibility (a plain click isolates "b", Ctrl+click hides it):
    // not one per rebuild, which a second or third handler would undo or redo.
    Q_EMIT markers[1]->clicked();
    EXPECT_EQ(visibility.count(), 1);
    EXPECT_NE(chart.isSeriesVisible(0), chart.isSeriesVisible(1));
}

TEST(RebuildCost, LoadingAndReadyDoNotLayTheDashboardOutAgain)
{
    QWidget dashboard;
    auto *grid = new QGridLayout(&dashboard);
    auto *frame = new PanelFrame(QStringLiteral("Latency"), new QLabel(QStringLiteral("chart")));
    grid->addWidget(frame, 0, 0);
    grid->addWidget(new PanelFrame(QStringLiteral("Errors"), new QLabel(QStringLiteral("chart"))),
                    0, 1);
    dashboard.resize(800, 300);
    dashboard.show();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    LayoutRequests requests;
    dashboard.installEventFilter(&requests);
    for (int i = 0; i < 3; ++i) {
        frame->setLoading();
        QCoreApplication::processEvents();
        frame->setReady();
        QCoreApplication::processEvents();
    }
    EXPECT_EQ(requests.count, 0);
    // "loading…" is shown whole.
    frame->setLoading();
    for (const QLabel *label : frame->findChildren<QLabel *>())
        if (label->text() == PanelFrame::tr("loading…")) {
            EXPECT_GE(label->width(), label->fontMetrics().horizontalAdvance(label->text()));
        }
}

#include "widgets/timeserieschart.h"

#include <QScrollArea>
#include <QTest>
#include <QVBoxLayout>

#include <gtest/gtest.h>

using vitals::ChartSeries;
using vitals::TimeSeriesChart;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms

// `count` samples 10 s apart, a straight line.
std::vector<ChartSeries> rampOf(int count)
{
    ChartSeries s;
    s.name = QStringLiteral("ramp");
    for (int i = 0; i < count; ++i)
        s.samples.append(kT0 + i * 10'000, double(i));
    std::vector<ChartSeries> list;
    list.push_back(std::move(s));
    return list;
}

// 11 samples over `spanMs` from 2.0e9 to 2.2e9 bytes: value labels as wide as "3 GiB".
std::vector<ChartSeries> bytesRamp(qint64 spanMs)
{
    ChartSeries s;
    s.name = QStringLiteral("resident memory");
    s.unit = vitals::units::Unit::Bytes;
    for (int i = 0; i <= 10; ++i)
        s.samples.append(kT0 + i * spanMs / 10, 2.0e9 + i * 2.0e7);
    std::vector<ChartSeries> list;
    list.push_back(std::move(s));
    return list;
}

// A big dashboard: a scroll area `width` x 300 px over a chart at the top, 2000 px of space (far
// below what the area shows), then `belowCount` charts; charts 250 px high. Shown.
struct Board {
    QScrollArea area;
    TimeSeriesChart *top = nullptr;
    std::vector<TimeSeriesChart *> below;

    Board(int width, int belowCount)
    {
        area.resize(width, 300);
        auto *canvas = new QWidget;
        auto *layout = new QVBoxLayout(canvas);
        top = new TimeSeriesChart;
        top->setFixedHeight(250);
        layout->addWidget(top);
        layout->addSpacing(2000);
        for (int i = 0; i < belowCount; ++i) {
            below.push_back(new TimeSeriesChart);
            below.back()->setFixedHeight(250);
            layout->addWidget(below.back());
        }
        area.setWidgetResizable(true);
        area.setWidget(canvas);
        area.show();
    }
};

} // namespace

// A big dashboard: charts scrolled out of view are not rebuilt until they are scrolled to,
// so the charts in view get the GUI thread first; flush() (reports) still rebuilds them.
TEST(TimeSeriesChart, ChartOutOfViewIsRebuiltWhenScrolledTo)
{
    Board board(500, 1);
    QScrollArea &area = board.area;
    TimeSeriesChart *top = board.top;
    TimeSeriesChart *below = board.below.front();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&area));

    for (TimeSeriesChart *chart : {top, below}) {
        chart->setTimeSpan(kT0, kT0 + 100'000);
        chart->setSeries(rampOf(11)); // 11 samples over 100 s: every one is drawn
    }
    QTest::qWait(100); // the charts' one-frame rebuild timer has long fired
    EXPECT_EQ(top->renderedPointCount(), 11);
    EXPECT_EQ(below->renderedPointCount(), 0); // out of view: still waiting

    area.ensureWidgetVisible(below);
    EXPECT_TRUE(QTest::qWaitFor([&] { return below->renderedPointCount() == 11; }, 2000))
        << below->renderedPointCount();

    // Out of view again, new data waits; a report's flush() draws it at once.
    area.ensureWidgetVisible(top);
    QTest::qWait(50);
    below->setSeries(rampOf(6));
    QTest::qWait(100);
    EXPECT_EQ(below->renderedPointCount(), 11);
    below->flush();
    EXPECT_EQ(below->renderedPointCount(), 6);
}

// Scrolled into view with data that arrived while it was out of view, a chart is rebuilt once,
// on its first paint, and that one rebuild lays its axes out whole: a time label at least, two
// value labels, none elided (as AxisLabels checks for charts in view), the same ticks as a
// rebuild of the chart as it is laid out afterwards. Value labels as wide as "3 GiB", so the
// plot area moves when the labels come.
static void expectRebuiltOnceWhenScrolledIntoView(int width, qint64 spanMs)
{
    SCOPED_TRACE(QStringLiteral("%1 px, %2 ms").arg(width).arg(spanMs).toStdString());
    Board board(width, 3);
    QScrollArea &area = board.area;
    const std::vector<TimeSeriesChart *> &below = board.below;
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&area));
    auto settled = [] {
        bool done = false;
        QObject context;
        TimeSeriesChart::whenAllRebuilt(&context, [&done] { done = true; });
        return QTest::qWaitFor([&done] { return done; }, 2000);
    };
    ASSERT_TRUE(settled());
    QTest::qWait(50);

    std::vector<int> before;
    for (TimeSeriesChart *chart : below)
        before.push_back(chart->rebuildCount());
    // Two refreshes while out of view: the charts keep the data and are not rebuilt.
    for (int refresh = 0; refresh < 2; ++refresh) {
        for (TimeSeriesChart *chart : below) {
            chart->setTimeSpan(kT0, kT0 + spanMs);
            chart->setUnit(vitals::units::Unit::Bytes);
            chart->setSeries(bytesRamp(spanMs));
        }
        ASSERT_TRUE(settled());
    }
    for (std::size_t i = 0; i < below.size(); ++i) {
        EXPECT_EQ(below[i]->rebuildCount(), before[i]) << i;
        EXPECT_EQ(below[i]->renderedPointCount(), 0) << i;
    }

    // The last one scrolled into view (the others stay out of it).
    TimeSeriesChart *seen = below.back();
    area.ensureWidgetVisible(seen);
    ASSERT_TRUE(QTest::qWaitFor([&] { return seen->renderedPointCount() == 11; }, 2000));
    // Anything it queued for later has had its frame and its turn, and the window repainted.
    ASSERT_TRUE(settled());
    QTest::qWait(100);
    ASSERT_TRUE(settled());
    EXPECT_EQ(seen->rebuildCount(), before.back() + 1);
    EXPECT_EQ(below.front()->rebuildCount(), before.front()); // still out of view

    int timeLabels = 0, valueLabels = 0;
    for (const auto &label : seen->drawnAxisLabels()) {
        (label.timeAxis ? timeLabels : valueLabels)++;
        EXPECT_FALSE(label.text.contains(QChar(0x2026))
                     || label.text.contains(QStringLiteral("...")))
            << label.text.toStdString();
    }
    EXPECT_GE(timeLabels, 1);
    EXPECT_GE(valueLabels, 2);
    // The same ticks as a rebuild of the chart as it is laid out now gives.
    auto texts = [seen] {
        QStringList out;
        for (const auto &label : seen->drawnAxisLabels())
            out << label.text;
        return out;
    };
    const QString shown = texts().join(QLatin1Char('|'));
    seen->flush();
    QTest::qWait(50);
    EXPECT_EQ(shown.toStdString(), texts().join(QLatin1Char('|')).toStdString());
}

TEST(TimeSeriesChart, ChartScrolledIntoViewIsRebuiltOnce)
{
    // Widths and spans where the ticks fitted to the plot area before the new labels are laid
    // out (21 px wider) differ from those that fit after, and a narrow 100 s case.
    const std::pair<int, qint64> cases[] = {
        {260, 100'000}, {420, 5 * 60'000}, {330, 3 * 3600'000}, {330, 86400'000}};
    for (const auto &[width, spanMs] : cases)
        expectRebuiltOnceWhenScrolledIntoView(width, spanMs);
}

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

} // namespace

// A big dashboard: charts scrolled out of view are not rebuilt until they are scrolled to,
// so the charts in view get the GUI thread first; flush() (reports) still rebuilds them.
TEST(TimeSeriesChart, ChartOutOfViewIsRebuiltWhenScrolledTo)
{
    QScrollArea area;
    area.resize(500, 300);
    auto *canvas = new QWidget;
    auto *layout = new QVBoxLayout(canvas);
    auto *top = new TimeSeriesChart;
    auto *below = new TimeSeriesChart;
    top->setFixedHeight(250);
    below->setFixedHeight(250);
    layout->addWidget(top);
    layout->addSpacing(2000); // far below the 300 px the area shows
    layout->addWidget(below);
    area.setWidgetResizable(true);
    area.setWidget(canvas);
    area.show();
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

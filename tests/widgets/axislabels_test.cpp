// No axis label is ever cut: on a chart 300 px wide (a quarter-width dashboard panel) every
// tick label Qt Charts draws is the whole label, for seconds, bytes in the billions, percent and
// an empty panel, over spans from minutes to days, in the light palette and the console's dark
// theme; and the same at the chart's minimum size.

#include "widgets/palettes.h"
#include "widgets/timeserieschart.h"

#include <QApplication>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QPalette>
#include <QRegularExpression>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

using vitals::ChartSeries;
using vitals::TimeSeriesChart;
using vitals::units::Unit;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // an arbitrary fixed instant, Unix ms

struct Case {
    const char *name;
    Unit unit;
    double lo, hi; // the data: a ramp from lo to hi; NaN: an empty panel
    qint64 spanMs;
    // A second series on the right-hand axis, in seconds: a ramp from rightLo to rightHi.
    double rightLo = qQNaN(), rightHi = qQNaN();
};

QString describe(const TimeSeriesChart::AxisLabel &label)
{
    return QStringLiteral("'%1' %2x%3 at %4,%5")
        .arg(label.text)
        .arg(label.rect.width())
        .arg(label.rect.height())
        .arg(label.rect.left())
        .arg(label.rect.top());
}

// Checks every label the chart draws against the labels of its axes and the font.
void expectWholeLabels(TimeSeriesChart &chart, const char *what)
{
    QChart *qchart = chart.findChild<QChartView *>()->chart();
    QStringList expected;
    QFont font;
    for (QAbstractAxis *axis : qchart->axes()) {
        expected += static_cast<QCategoryAxis *>(axis)->categoriesLabels();
        font = axis->labelsFont();
    }
    const QFontMetricsF metrics(font);
    const auto labels = chart.drawnAxisLabels();
    int timeLabels = 0, valueLabels = 0;
    for (const auto &label : labels) {
        (label.timeAxis ? timeLabels : valueLabels)++;
        EXPECT_FALSE(label.text.contains(QStringLiteral("..."))
                     || label.text.contains(QChar(0x2026)))
            << what << ": elided " << describe(label).toStdString();
        EXPECT_TRUE(expected.contains(label.text)) << what << ": " << describe(label).toStdString();
        // The text item is as wide as the whole text in the axis' font.
        EXPECT_GE(label.rect.width() + 0.5, metrics.horizontalAdvance(label.text))
            << what << ": " << describe(label).toStdString();
        // And lies inside the chart.
        EXPECT_GE(label.rect.left(), -0.5) << what << ": " << describe(label).toStdString();
        EXPECT_LE(label.rect.right(), chart.width() + 0.5)
            << what << ": " << describe(label).toStdString();
    }
    // Every tick of the axes got its label drawn: at least two values, and at least one time
    // (over two days on 240 px only whole days fit, and one falls too near an end).
    EXPECT_EQ(qsizetype(labels.size()), expected.size()) << what;
    EXPECT_GE(timeLabels, 1) << what;
    EXPECT_GE(valueLabels, 2) << what;
}

// Applies the console's dark theme for its lifetime, then brings back the style and palette the
// test binary started with.
class DarkTheme
{
public:
    DarkTheme()
        : m_style(QApplication::style()->name())
        , m_palette(QApplication::palette())
    {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(vitals::palettes::dark());
    }
    ~DarkTheme()
    {
        QApplication::setStyle(QStyleFactory::create(m_style));
        QApplication::setPalette(m_palette);
    }
    DarkTheme(const DarkTheme &) = delete;
    DarkTheme &operator=(const DarkTheme &) = delete;

private:
    QString m_style;
    QPalette m_palette;
};

// `width` 0 = 300 px; -1 = the chart's own minimum size (how narrow a dashboard grid may make it).
// `dark`: under the console's dark theme (DarkTheme).
void runCase(const Case &c, bool dark, int width = 0)
{
    std::optional<DarkTheme> theme;
    if (dark)
        theme.emplace();
    TimeSeriesChart chart;
    // The chart follows the palette it is given: check that it is the dark one.
    ASSERT_EQ(chart.palette().color(QPalette::Base)
                  == vitals::palettes::dark().color(QPalette::Base),
              dark);
    if (width < 0)
        chart.resize(chart.minimumSize());
    else
        chart.resize(width > 0 ? width : 300, 220);
    chart.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&chart));
    chart.setUnit(c.unit);
    const qint64 to = kT0 + c.spanMs;
    chart.setTimeSpan(kT0, to);
    std::vector<ChartSeries> series;
    if (std::isfinite(c.lo)) {
        ChartSeries s;
        s.name = QString::fromLatin1(c.name);
        for (int i = 0; i <= 100; ++i)
            s.samples.append(kT0 + c.spanMs * i / 100, c.lo + (c.hi - c.lo) * i / 100.0);
        series.push_back(std::move(s));
    }
    if (std::isfinite(c.rightLo)) {
        ChartSeries s;
        s.name = QStringLiteral("right");
        s.rightAxis = true;
        s.unit = Unit::Seconds;
        for (int i = 0; i <= 100; ++i)
            s.samples.append(kT0 + c.spanMs * i / 100,
                             c.rightLo + (c.rightHi - c.rightLo) * i / 100.0);
        series.push_back(std::move(s));
    }
    chart.setSeries(std::move(series));
    chart.flush();
    QTest::qWait(30); // Qt Charts lays the axes out on the next scene update
    chart.flush();
    QTest::qWait(30);
    expectWholeLabels(chart, c.name);
    // With VITALS_SCREENSHOT_DIR set, keeps the chart there to look at.
    const QString dir = qEnvironmentVariable("VITALS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        chart.grab().save(
            QStringLiteral("%1/axes-%2px-%3%4.png")
                .arg(dir, QString::number(chart.width()),
                     QString::fromLatin1(c.name).replace(
                         QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-")),
                     dark ? QStringLiteral("-dark") : QString()));
}

const Case kCases[] = {
    {"seconds, 1 h", Unit::Seconds, 0.0, 0.9, 3600'000},
    {"bytes in the billions, 1 h", Unit::Bytes, 2.0e9, 2.2e9, 3600'000},
    {"numbers in the billions, 6 h", Unit::None, 1.0e10, 2.3e10, 6 * 3600'000},
    {"percent, 15 min", Unit::Percent, 0.0, 100.0, 15 * 60'000},
    {"empty bytes panel, 1 h", Unit::Bytes, qQNaN(), qQNaN(), 3600'000},
    {"seconds, 2 days", Unit::Seconds, 0.001, 0.004, 2 * 24 * 3600'000LL},
    {"percent, 30 s", Unit::PercentUnit, 0.2, 0.3, 30'000},
    // Prometheus 2.0 Stats' "Compaction Activity": compactions per second (one every few
    // hours, so ten-thousandths) on the left, the p99 duration in seconds on the right.
    {"compaction activity, 1 h", Unit::None, 0.0, 0.000417, 3600'000, 0.0, 250.0},
    {"per-second rates in thousandths, 1 h", Unit::None, 0.0, 0.00347, 3600'000},
};

} // namespace

TEST(AxisLabels, NoLabelIsElidedAt300Px)
{
    for (const Case &c : kCases)
        runCase(c, false);
}

TEST(AxisLabels, NoLabelIsElidedAt300PxOnADarkPalette)
{
    for (const Case &c : kCases)
        runCase(c, true);
}

TEST(AxisLabels, NoLabelIsElidedAtTheChartsMinimumSize)
{
    // The narrowest a dashboard's grid makes a chart (four Grafana w=6 panels across a 1000 px
    // window give about 230 px each).
    for (const Case &c : kCases)
        runCase(c, false, -1);
}

TEST(AxisLabels, NoLabelIsElidedAtTheChartsMinimumSizeOnADarkPalette)
{
    for (const Case &c : kCases)
        runCase(c, true, -1);
}

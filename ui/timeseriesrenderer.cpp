#include "ui/panelrenderer.h"

#include "widgets/chartseriesstyle.h"
#include "widgets/panelframe.h"
#include "widgets/timeserieschart.h"

namespace vitals {

namespace {

// A time-series panel: every series of the snapshot as a line (or stacked area) over its span;
// an instant query's value is a flat line over the span (core/panel/paneldata.h).
class TimeSeriesRenderer : public PanelRenderer
{
public:
    explicit TimeSeriesRenderer(const dashboard::Panel &panel)
        : m_chart(new TimeSeriesChart)
    {
        // 100 % stacking draws shares of the stack (core/panel/percentstack.h).
        m_chart->setUnit(panel.stacked && panel.stackPercent ? units::Unit(units::Unit::PercentUnit)
                                                             : units::unitFromName(panel.unit));
        m_chart->setStyle(panel.stacked ? TimeSeriesChart::Style::StackedArea
                                        : TimeSeriesChart::Style::Lines);
        m_chart->setValueBounds(panel.min, panel.max);
    }

    QWidget *widget() const override { return m_chart; }

    void render(const panel::PanelData &data, PanelFrame &frame) override
    {
        std::vector<ChartSeries> lines;
        lines.reserve(data.series.size());
        for (const panel::PanelSeries &s : data.series)
            lines.push_back(chartSeriesFrom(s)); // with the series' overrides

        m_chart->setTimeSpan(data.fromMs, data.toMs);
        m_chart->setSeries(std::move(lines));
        showState(data, frame);
    }

private:
    TimeSeriesChart *m_chart;
};

} // namespace

std::unique_ptr<PanelRenderer> makeTimeSeriesRenderer(const dashboard::Panel &panel)
{
    return std::make_unique<TimeSeriesRenderer>(panel);
}

} // namespace vitals

#include "widgets/chartseriesstyle.h"

namespace vitals {

ChartSeries chartSeriesFrom(const panel::PanelSeries &series)
{
    const dashboard::SeriesStyle &style = series.style;
    ChartSeries out;
    out.name = series.name;
    out.color = QColor(series.color);
    out.samples = series.samples.clone(); // the chart keeps its own copy to decimate from
    out.dashed = style.dashed.value_or(false);
    out.fillOpacity = style.fillOpacity;
    if (style.lineWidth)
        out.lineWidth = double(*style.lineWidth);
    out.stackGroup = style.stackGroup;
    out.rightAxis = style.rightAxis.value_or(false);
    if (style.unit)
        out.unit = units::unitFromName(*style.unit);
    out.hideLegend = style.hideLegend.value_or(false);
    out.hideTooltip = style.hideTooltip.value_or(false);
    return out;
}

} // namespace vitals

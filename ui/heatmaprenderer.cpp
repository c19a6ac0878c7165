#include "ui/panelrenderer.h"

#include "widgets/heatmapchart.h"
#include "widgets/panelframe.h"

namespace vitals {

namespace {

// Heatmap panels: the de-cumulated buckets of PanelData::heatmap over the panel's span, bounds
// in the panel's unit, coloured by the panel's scheme.
class HeatmapRenderer : public PanelRenderer
{
public:
    explicit HeatmapRenderer(const dashboard::Panel &panel)
        : m_chart(new HeatmapChart)
    {
        m_chart->setObjectName(QStringLiteral("heatmap"));
        m_chart->setUnit(units::unitFromName(panel.unit));
        m_chart->setColors(panel.heatmapColors);
    }

    QWidget *widget() const override { return m_chart; }

    void render(const panel::PanelData &data, PanelFrame &frame) override
    {
        m_chart->setUnit(data.unit);
        m_chart->setColors(data.heatmapColors);
        m_chart->setTimeSpan(data.fromMs, data.toMs);
        m_chart->setBuckets(data.heatmap);
        showState(data, frame);
    }

private:
    HeatmapChart *m_chart;
};

} // namespace

std::unique_ptr<PanelRenderer> makeHeatmapRenderer(const dashboard::Panel &panel)
{
    return std::make_unique<HeatmapRenderer>(panel);
}

} // namespace vitals

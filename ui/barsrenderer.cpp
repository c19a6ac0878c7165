#include "ui/panelrenderer.h"

#include "widgets/distributionchart.h"
#include "widgets/panelframe.h"

namespace vitals {

namespace {

// Bar and distribution panels: categories are the display names, one group of bars per query
// (panel::panelBars()).
class BarsRenderer : public PanelRenderer
{
public:
    explicit BarsRenderer(const dashboard::Panel &panel)
        : m_bars(new DistributionChart)
    {
        m_bars->setUnit(units::unitFromName(panel.unit));
    }

    QWidget *widget() const override { return m_bars; }

    void render(const panel::PanelData &data, PanelFrame &frame) override
    {
        const panel::PanelBars bars = panel::panelBars(data);
        std::vector<BarGroup> groups;
        for (const auto &g : bars.groups)
            groups.push_back({g.name, g.values});
        std::vector<QColor> colors; // fixed colours from the panel's overrides
        for (const QString &c : bars.categoryColors)
            colors.push_back(c.isEmpty() ? QColor() : QColor(c));
        m_bars->setData(bars.categories, groups);
        m_bars->setCategoryColors(colors);
        showState(data, frame);
    }

private:
    DistributionChart *m_bars;
};

} // namespace

std::unique_ptr<PanelRenderer> makeBarsRenderer(const dashboard::Panel &panel)
{
    return std::make_unique<BarsRenderer>(panel);
}

} // namespace vitals

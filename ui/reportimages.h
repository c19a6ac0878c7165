#pragma once

#include "core/dashboard/dashboard.h"
#include "core/panel/paneldata.h"
#include "core/units.h"

#include <QColor>
#include <QImage>
#include <QSize>

#include <memory>
#include <utility>
#include <vector>

namespace vitals {
struct ChartSeries;
class PanelFrame;
class PanelRenderer;
} // namespace vitals

// Pictures for the report, drawn from plain data on a private stage with the light palette a
// printed page wants: no widget of the window is grabbed or moved, so the window need never be
// shown and nothing interactive (selectors, spin boxes, scroll bars) reaches paper.
// GUI thread only.
namespace vitals::report {

// A dashboard panel as its renderer draws `data` (null: the panel had no answer yet), in a
// frame with its title; time-series panels shade `alertSpans` (Unix ms) like the window does.
class PanelPicture
{
public:
    PanelPicture(const dashboard::Panel &panel, std::shared_ptr<const panel::PanelData> data,
                 std::vector<std::pair<qint64, qint64>> alertSpans = {});
    ~PanelPicture();

    // The panel at `size` logical pixels, rendered at kImageScale.
    QImage render(QSize size);
    // The colours of a time-series panel's lines, in PanelData::series order; empty otherwise.
    std::vector<QColor> seriesColors() const;
    // The content's height for `width` (a text panel's wrapped text); -1 when it has none.
    int contentHeightForWidth(int width) const;

private:
    std::unique_ptr<QWidget> m_stage;
    std::unique_ptr<PanelRenderer> m_renderer;
    PanelFrame *m_frame = nullptr; // child of the stage
};

// A chart of `series` over [fromMs, toMs] at `size` (the drift and model-quality timelines).
QImage renderSeries(std::vector<ChartSeries> series, qint64 fromMs, qint64 toMs, QSize size,
                    units::Unit unit = units::Unit::None);

} // namespace vitals::report

#include "ui/panelrenderer.h"

#include "widgets/panelframe.h"

#include <QLabel>

#include <map>

namespace vitals {

using RendererFactory = std::unique_ptr<PanelRenderer> (*)(const dashboard::Panel &);

// The renderers, one file each.
std::unique_ptr<PanelRenderer> makeTimeSeriesRenderer(const dashboard::Panel &panel);
std::unique_ptr<PanelRenderer> makeStatRenderer(const dashboard::Panel &panel);
std::unique_ptr<PanelRenderer> makeBarsRenderer(const dashboard::Panel &panel);
std::unique_ptr<PanelRenderer> makeTableRenderer(const dashboard::Panel &panel);
std::unique_ptr<PanelRenderer> makeTextRenderer(const dashboard::Panel &panel);

namespace {

// One line per panel type. The drift and model-quality panels keep their own widgets
// (ui/driftpanel.h, ui/modelqualitypanel.h), which PanelController places in the frame.
const std::map<dashboard::PanelType, RendererFactory> &registry()
{
    using dashboard::PanelType;
    static const std::map<PanelType, RendererFactory> renderers = {
        {PanelType::TimeSeries, &makeTimeSeriesRenderer},
        {PanelType::Stat, &makeStatRenderer},
        {PanelType::Bar, &makeBarsRenderer},
        {PanelType::Distribution, &makeBarsRenderer},
        {PanelType::Table, &makeTableRenderer},
        {PanelType::Text, &makeTextRenderer},
    };
    return renderers;
}

// For the panels whose widget is made elsewhere: the frame's state only, around a blank.
class StateOnlyRenderer : public PanelRenderer
{
public:
    StateOnlyRenderer()
        : m_widget(new QWidget)
    {}
    QWidget *widget() const override { return m_widget; }
    void render(const panel::PanelData &data, PanelFrame &frame) override
    {
        showState(data, frame);
    }

private:
    QWidget *m_widget;
};

} // namespace

void PanelRenderer::showState(const panel::PanelData &data, PanelFrame &frame)
{
    if (data.failed())
        frame.setError(data.errorText(), data.errorExpr);
    else if (!data.empty.text.isEmpty())
        frame.setEmpty(data.empty.text, data.empty.query);
    else
        frame.setReady();
}

std::unique_ptr<PanelRenderer> makeRenderer(const dashboard::Panel &panel)
{
    const auto it = registry().find(panel.type);
    if (it == registry().end())
        return std::make_unique<StateOnlyRenderer>();
    return it->second(panel);
}

PanelFrame *makePanelFrame(const dashboard::Panel &panel, PanelRenderer &renderer, QWidget *parent)
{
    auto *frame = new PanelFrame(renderer.drawsOwnTitle() ? QString() : panel.title,
                                 renderer.widget(), parent);
    frame->setDescription(panel.description);
    if (renderer.drawsOwnTitle())
        frame->setFrameShape(QFrame::NoFrame); // the content draws its own frame
    frame->setObjectName(QStringLiteral("panel-") + panel.id);
    return frame;
}

} // namespace vitals

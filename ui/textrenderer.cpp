#include "ui/panelrenderer.h"

#include "widgets/panelframe.h"

#include <QLabel>

namespace vitals {

namespace {

// A text panel: the panel's Markdown content; it has no data, so it is always ready.
class TextRenderer : public PanelRenderer
{
public:
    explicit TextRenderer(const dashboard::Panel &panel)
        : m_label(new QLabel(panel.content))
    {
        m_label->setWordWrap(true);
        m_label->setTextFormat(Qt::MarkdownText);
        m_label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    }

    QWidget *widget() const override { return m_label; }
    void render(const panel::PanelData &, PanelFrame &frame) override { frame.setReady(); }

private:
    QLabel *m_label;
};

} // namespace

std::unique_ptr<PanelRenderer> makeTextRenderer(const dashboard::Panel &panel)
{
    return std::make_unique<TextRenderer>(panel);
}

} // namespace vitals

#include "widgets/palettes.h"

#include <QColor>

namespace vitals::palettes {

QPalette dark()
{
    QPalette p;
    const QColor window(0x1f, 0x21, 0x25), base(0x18, 0x1b, 0x1f), text(0xd8, 0xd9, 0xda);
    const QColor button(0x2a, 0x2d, 0x33), highlight(0x32, 0x74, 0xd9), dim(0x8e, 0x8e, 0x8e);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dim);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, button.lighter(130));
    p.setColor(QPalette::Midlight, button.lighter(115));
    p.setColor(QPalette::Mid, button.darker(120));
    p.setColor(QPalette::Dark, base.darker(120));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6e, 0x9f, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb8, 0x77, 0xd9));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, dim);
    return p;
}

} // namespace vitals::palettes

#pragma once

#include <QColor>

// The console's health colours, chosen to read on light and dark palettes alike: every tile,
// table, state and report uses these, so green, amber and red mean the same everywhere.
namespace vitals::levelcolors {

inline QColor ok()
{
    return QColor(0x2e, 0x9e, 0x4f);
}
inline QColor warning()
{
    return QColor(0xe0, 0x9b, 0x1a);
}
inline QColor critical()
{
    return QColor(0xd6, 0x3b, 0x3b);
}

} // namespace vitals::levelcolors

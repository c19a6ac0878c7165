#pragma once

#include <QString>

class QMenu;
class QWidget;

namespace vitals::theme {

// The console's colour scheme. System follows the desktop; Light and Dark use Qt's Fusion style
// with a fixed palette, for a laptop whose desktop is light when the room is dark. Charts
// follow the palette (TimeSeriesChart reacts to palette changes), and so do PNG exports; PDF
// reports stay light for printing.
enum class Theme { System, Light, Dark };

QString name(Theme theme);           // "system", "light", "dark"
Theme fromName(const QString &name); // unknown names give System

// Applies `theme` to the whole application. The first call remembers the desktop's style and
// palette, which System brings back. GUI thread only.
void apply(Theme theme);
Theme current();

// The theme saved in QSettings ("view/theme"), and saving it.
Theme saved();
void save(Theme theme);

// A "Theme" menu with System, Light and Dark (checkable, exclusive): choosing one applies and
// saves it. Owned by `parent`.
QMenu *createMenu(QWidget *parent);

} // namespace vitals::theme

#include "ui/theme.h"

#include "widgets/palettes.h"

#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

#include <optional>

namespace vitals::theme {

namespace {

const QString kSettingsKey = QStringLiteral("view/theme");

struct Desktop {
    QString styleName;
    QPalette palette;
};

std::optional<Desktop> &desktop()
{
    static std::optional<Desktop> d;
    return d;
}

Theme &currentTheme()
{
    static Theme t = Theme::System;
    return t;
}

} // namespace

QString name(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

Theme fromName(const QString &name)
{
    if (name == u"light")
        return Theme::Light;
    if (name == u"dark")
        return Theme::Dark;
    return Theme::System;
}

namespace {

// Qt tells the widgets of a new application palette only once QApplication::exec() runs; a
// theme set before (at start-up, from the saved setting) must reach the windows too.
void tellWindows()
{
    QEvent event(QEvent::ApplicationPaletteChange);
    for (QWidget *window : QApplication::topLevelWidgets())
        QCoreApplication::sendEvent(window, &event);
    // Widgets with a style sheet do not take a new palette; setting the sheet again re-resolves
    // it, so a label's text follows the theme.
    for (QWidget *widget : QApplication::allWidgets())
        if (!widget->styleSheet().isEmpty())
            widget->setStyleSheet(widget->styleSheet());
}

} // namespace

void apply(Theme theme)
{
    if (!desktop())
        desktop() = Desktop{QApplication::style()->name(), QApplication::palette()};
    currentTheme() = theme;
    if (theme == Theme::System) {
        QApplication::setStyle(QStyleFactory::create(desktop()->styleName));
        QApplication::setPalette(desktop()->palette);
        tellWindows();
        return;
    }
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QApplication::setStyle(fusion);
    QApplication::setPalette(theme == Theme::Dark ? palettes::dark() : fusion->standardPalette());
    tellWindows();
}

Theme current()
{
    return currentTheme();
}

Theme saved()
{
    return fromName(QSettings().value(kSettingsKey).toString());
}

void save(Theme theme)
{
    QSettings().setValue(kSettingsKey, name(theme));
}

QMenu *createMenu(QWidget *parent)
{
    auto *menu = new QMenu(QObject::tr("&Theme"), parent);
    menu->setObjectName(QStringLiteral("themeMenu"));
    auto *group = new QActionGroup(menu);
    group->setExclusive(true);
    for (const auto &[theme, label] : {std::pair{Theme::System, QObject::tr("&System")},
                                       std::pair{Theme::Light, QObject::tr("&Light")},
                                       std::pair{Theme::Dark, QObject::tr("&Dark")}}) {
        QAction *a = menu->addAction(label);
        a->setObjectName(QStringLiteral("theme:") + name(theme));
        a->setCheckable(true);
        a->setChecked(theme == current());
        group->addAction(a);
        QObject::connect(a, &QAction::triggered, menu, [theme = theme] {
            apply(theme);
            save(theme);
        });
    }
    // Another window or a test may change the theme: show the current one when opened.
    QObject::connect(menu, &QMenu::aboutToShow, menu, [menu] {
        for (QAction *a : menu->actions())
            a->setChecked(a->objectName() == QStringLiteral("theme:") + name(current()));
    });
    return menu;
}

} // namespace vitals::theme

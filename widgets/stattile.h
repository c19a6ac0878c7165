#pragma once

#include "core/units.h"

#include <QFrame>

class QLabel;

namespace vitals {

// A single big number with a title, coloured by thresholds: green below `amber`, amber from
// `amber`, red from `red` (or the reverse when `higherIsBetter`). GUI thread only; owned by its
// parent widget.
class StatTile : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Unknown, Ok, Warning, Critical };
    Q_ENUM(Level)

    explicit StatTile(const QString &title, QWidget *parent = nullptr);

    void setUnit(units::Unit unit);
    void setThresholds(double amber, double red, bool higherIsBetter = false);
    // Shows `value`; NaN shows "—" with Level::Unknown.
    void setValue(double value);
    // Shows a short text instead of a value (e.g. "no data"), Level::Unknown.
    void setText(const QString &text);

    double value() const { return m_value; }
    Level level() const { return m_level; }
    QString valueText() const;
    QString title() const;

Q_SIGNALS:
    void levelChanged(vitals::StatTile::Level level);

private:
    void applyLevel(Level level);

    QLabel *m_title = nullptr;
    QLabel *m_valueLabel = nullptr;
    units::Unit m_unit = units::Unit::None;
    double m_amber = qQNaN();
    double m_red = qQNaN();
    bool m_higherIsBetter = false;
    double m_value = qQNaN();
    Level m_level = Level::Unknown;
};

} // namespace vitals

#pragma once

#include "core/units.h"

#include <QFrame>

class QLabel;

namespace vitals {

// A single big number with a title, coloured by its level: green (Ok), amber (Warning), red
// (Critical), or the text colour when the level is unknown. Which level a value earns is the
// dashboard's business (core/dashboard Thresholds::levelFor); the tile only shows it. The number
// is drawn at twice the normal size, smaller (down to the normal size) when the tile is too
// narrow for it, so a narrow window shows "52.7 req/s" whole rather than "52.7 req/".
// GUI thread only; owned by its parent widget.
class StatTile : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Unknown, Ok, Warning, Critical };
    Q_ENUM(Level)

    explicit StatTile(const QString &title, QWidget *parent = nullptr);

    void setUnit(units::Unit unit);
    // Shows `value` formatted in the tile's unit, coloured by `level`; NaN shows "—" with
    // Level::Unknown.
    void setValue(double value, Level level);
    // Shows `value` as `text` (a value mapping's text, e.g. "ON"), coloured by `level`.
    void setMappedValue(double value, Level level, const QString &text);
    // Shows a short text instead of a value (e.g. "no data"), Level::Unknown.
    void setText(const QString &text);

    double value() const { return m_value; }
    Level level() const { return m_level; }
    QString valueText() const;
    QString title() const;

Q_SIGNALS:
    void levelChanged(vitals::StatTile::Level level);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyLevel(Level level);
    void fitValue();

    QLabel *m_title = nullptr;
    QLabel *m_valueLabel = nullptr;
    units::Unit m_unit = units::Unit::None;
    double m_value = qQNaN();
    Level m_level = Level::Unknown;
    qreal m_bigPointSize = 0; // the value's font size when it fits
};

} // namespace vitals

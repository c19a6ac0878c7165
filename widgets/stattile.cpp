#include "widgets/stattile.h"

#include "widgets/levelcolors.h"

#include <QFontMetricsF>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace vitals {

StatTile::StatTile(const QString &title, QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(title, this))
    , m_valueLabel(new QLabel(QStringLiteral("—"), this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(2);
    QFont big = m_valueLabel->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    m_bigPointSize = big.pointSizeF();
    m_valueLabel->setFont(big);
    m_title->setAlignment(Qt::AlignLeft);
    m_title->setWordWrap(true); // long titles wrap rather than being cut
    m_valueLabel->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    layout->addWidget(m_title);
    layout->addWidget(m_valueLabel);
    setMinimumWidth(140);
}

void StatTile::setUnit(units::Unit unit)
{
    m_unit = unit;
    if (!std::isnan(m_value))
        m_valueLabel->setText(units::format(m_value, m_unit));
}

void StatTile::setValue(double value, Level level)
{
    m_value = value;
    if (std::isnan(value)) {
        m_valueLabel->setText(QStringLiteral("—"));
        applyLevel(Level::Unknown);
        return;
    }
    m_valueLabel->setText(units::format(value, m_unit));
    fitValue();
    applyLevel(level);
}

void StatTile::setMappedValue(double value, Level level, const QString &text)
{
    m_value = value;
    m_valueLabel->setText(text);
    fitValue();
    applyLevel(level);
}

void StatTile::setText(const QString &text)
{
    m_value = qQNaN();
    m_valueLabel->setText(text);
    fitValue();
    applyLevel(Level::Unknown);
}

QString StatTile::valueText() const
{
    return m_valueLabel->text();
}

void StatTile::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    fitValue();
}

void StatTile::fitValue()
{
    const int available = contentsRect().width() - layout()->contentsMargins().left()
                          - layout()->contentsMargins().right();
    if (available <= 0 || m_bigPointSize <= 0)
        return;
    QFont font = m_valueLabel->font();
    const qreal smallest = m_bigPointSize / 2.0;
    qreal size = m_bigPointSize;
    font.setPointSizeF(size);
    while (size > smallest
           && QFontMetricsF(font).horizontalAdvance(m_valueLabel->text()) > available) {
        size = std::max(smallest, size - 1.0);
        font.setPointSizeF(size);
    }
    if (font.pointSizeF() != m_valueLabel->font().pointSizeF())
        m_valueLabel->setFont(font);
}

QString StatTile::title() const
{
    return m_title->text();
}

void StatTile::applyLevel(Level level)
{
    // Colours chosen to read on both light and dark palettes.
    QColor color;
    switch (level) {
    case Level::Ok:
        color = levelcolors::ok();
        break;
    case Level::Warning:
        color = levelcolors::warning();
        break;
    case Level::Critical:
        color = levelcolors::critical();
        break;
    case Level::Unknown:
        color = palette().color(QPalette::WindowText);
        break;
    }
    QPalette p = m_valueLabel->palette();
    p.setColor(QPalette::WindowText, color);
    m_valueLabel->setPalette(p);
    if (level != m_level) {
        m_level = level;
        Q_EMIT levelChanged(level);
    }
}

} // namespace vitals

#include "ui/reportpager.h"

#include "widgets/levelcolors.h"

#include <QApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>

namespace vitals::report {

QColor ink()
{
    return QColor(0x1f, 0x23, 0x29);
}
QColor muted()
{
    return QColor(0x6b, 0x72, 0x80);
}
QColor rule()
{
    return QColor(0xd0, 0xd4, 0xda);
}
QColor zebra()
{
    return QColor(0xf3, 0xf4, 0xf6);
}
// The stat tile's colours (widgets/stattile.cpp).
QColor ok()
{
    return levelcolors::ok();
}
QColor warning()
{
    return levelcolors::warning();
}
QColor critical()
{
    return levelcolors::critical();
}

QFont font(int pixelSize, bool bold)
{
    QFont f = QApplication::font();
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

Pager::Pager(QPdfWriter *writer, QPainter *painter, double pageHeight)
    : m_writer(writer)
    , m_painter(painter)
    , m_pageHeight(pageHeight)
{}

void Pager::newPage()
{
    finishPage();
    if (m_writer)
        m_writer->newPage();
    ++page;
    y = kMargin;
    drawHeader();
}

void Pager::finishPage()
{
    drawFooter();
    if (pageDone)
        pageDone(page);
}

void Pager::text(const QString &text, const QFont &font, const QColor &color, double height,
                 Qt::Alignment align, double x, double width)
{
    if (m_painter) {
        m_painter->setFont(font);
        m_painter->setPen(color);
        const QString elided = QFontMetricsF(font).elidedText(text, Qt::ElideRight, width);
        m_painter->drawText(QRectF(x, y, width, height), int(align), elided);
    }
}

void Pager::heading(const QString &title, int pixelSize)
{
    if (!fits(pixelSize + 14))
        newPage();
    text(title, font(pixelSize, true), ink(), pixelSize + 8);
    y += pixelSize + 14;
}

void Pager::image(const std::function<QImage()> &render, double height)
{
    if (!fits(height))
        newPage();
    if (m_painter) {
        const QImage img = render();
        const QSizeF logical = QSizeF(img.size()) / img.devicePixelRatio();
        m_painter->drawImage(QRectF(QPointF(kMargin, y), logical), img);
    }
    y += height + 12;
}

void Pager::table(const Table &table, const QString &continued)
{
    if (!fits(2 * kRowHeight))
        newPage();
    tableHeader(table);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (!fits(kRowHeight)) {
            newPage();
            heading(continued, 16);
            tableHeader(table);
        }
        const QColor color = r < table.rowColors.size() ? table.rowColors[r] : QColor();
        row(table, table.rows[r], r % 2 == 1, color);
    }
    y += 10;
}

void Pager::tableHeader(const Table &table)
{
    row(table, table.header, false, QColor(), true);
    if (m_painter) {
        m_painter->setPen(QPen(rule(), 1));
        m_painter->drawLine(QPointF(kMargin, y), QPointF(kMargin + kContentWidth, y));
    }
}

void Pager::row(const Table &table, const QStringList &cells, bool zebraRow, const QColor &color,
                bool header)
{
    if (m_painter) {
        if (zebraRow)
            m_painter->fillRect(QRectF(kMargin, y, kContentWidth, kRowHeight), zebra());
        double x = kMargin + 6;
        const bool swatch = !table.rowColors.empty();
        for (int c = 0; c < cells.size(); ++c) {
            const double width =
                (c < int(table.widths.size()) ? table.widths[c] : 0.1) * kContentWidth;
            double textX = x;
            if (c == 0 && swatch && !header) {
                if (color.isValid())
                    m_painter->fillRect(QRectF(x, y + 7, 14, 8), color);
                textX += 20;
            } else if (c == 0 && swatch) {
                textX += 20;
            }
            const QColor cellInk =
                (!header && c == table.coloredColumn && color.isValid()) ? color : ink();
            const double saveY = y;
            text(cells[c], font(12, header || c == table.coloredColumn), header ? muted() : cellInk,
                 kRowHeight, Qt::AlignLeft | Qt::AlignVCenter, textX, width - (textX - x) - 8);
            y = saveY;
            x += width;
        }
    }
    y += kRowHeight;
}

void Pager::drawHeader()
{
    if (!m_painter || headerText.isEmpty())
        return;
    text(headerText, font(11), muted(), 16);
    m_painter->setPen(QPen(rule(), 1));
    m_painter->drawLine(QPointF(kMargin, y + 20), QPointF(kMargin + kContentWidth, y + 20));
    y += kHeaderHeight;
}

void Pager::drawFooter()
{
    if (!m_painter)
        return;
    const double saveY = y;
    y = m_pageHeight - kMargin - 16;
    m_painter->setPen(QPen(rule(), 1));
    m_painter->drawLine(QPointF(kMargin, y - 6), QPointF(kMargin + kContentWidth, y - 6));
    text(footerText, font(11), muted(), 16);
    const QString number = pageCount > 0 ? QObject::tr("Page %1 of %2").arg(page).arg(pageCount)
                                         : QObject::tr("Page %1").arg(page);
    text(number, font(11), muted(), 16, Qt::AlignRight | Qt::AlignVCenter);
    y = saveY;
}

} // namespace vitals::report

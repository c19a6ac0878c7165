#pragma once

#include <QColor>
#include <QFont>
#include <QImage>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QPainter;
class QPdfWriter;

namespace vitals::report {

// The PDF is drawn in logical units, kPageWidth across an A4 landscape page: one unit is one
// widget pixel, so the panels rendered from widgets and the report's own text share one scale
// (12 px text comes out at about 8 pt).
inline constexpr double kPageWidth = 1200;
inline constexpr double kMargin = 40;
inline constexpr double kContentWidth = kPageWidth - 2 * kMargin;
inline constexpr double kHeaderHeight = 30;
inline constexpr double kFooterHeight = 26;
inline constexpr double kRowHeight = 22;
inline constexpr double kChartHeight = 380;
inline constexpr double kBarsHeight = 340;
inline constexpr double kMessageHeight = 180;
// Panels are rendered at twice their logical size, so they stay sharp when printed.
inline constexpr double kImageScale = 2.0;

// The report's colours: ink, muted text, rules, zebra rows, and the stat tile's levels.
QColor ink();
QColor muted();
QColor rule();
QColor zebra();
QColor ok();
QColor warning();
QColor critical();

// The application font at `pixelSize` pixels.
QFont font(int pixelSize, bool bold = false);
// "yyyy-MM-dd HH:mm:ss" in local time.
QString timeText(qint64 ms);

// A table as the report prints it: text rows under a header, column widths as fractions of the
// content width, optionally a colour swatch per row and a column written in the row's colour.
struct Table {
    QStringList header;
    std::vector<double> widths; // fractions of the content width, one per column
    std::vector<QStringList> rows;
    std::vector<QColor> rowColors; // optional: a swatch before the first cell
    int coloredColumn = -1;        // optional: a column whose text takes the row's colour
};

// Places content down the pages and draws it; with no painter it only counts pages, so the
// dry run and the real one take the same decisions. Logical units (see kPageWidth).
class Pager
{
public:
    Pager(QPdfWriter *writer, QPainter *painter, double pageHeight);

    QPainter *painter() const { return m_painter; }
    double y = kMargin;
    int page = 1;
    int pageCount = 0;  // known after the dry run; 0 hides "of N"
    QString headerText; // on every page but the first
    QString footerText;
    std::function<void(int)> pageDone;

    double bottom() const { return m_pageHeight - kMargin - kFooterHeight; }
    bool fits(double height) const { return y + height <= bottom(); }

    void newPage();
    void finishPage();
    void text(const QString &text, const QFont &font, const QColor &color, double height,
              Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter, double x = kMargin,
              double width = kContentWidth);
    void heading(const QString &title, int pixelSize = 20);
    // `render` is called only when drawing (not on the dry run).
    void image(const std::function<QImage()> &render, double height);
    // Rows that do not fit continue on the next page under `continued` and the header again.
    void table(const Table &table, const QString &continued);

private:
    void tableHeader(const Table &table);
    void row(const Table &table, const QStringList &cells, bool zebra, const QColor &color,
             bool header = false);
    void drawHeader();
    void drawFooter();

    QPdfWriter *m_writer;
    QPainter *m_painter;
    double m_pageHeight;
};

} // namespace vitals::report

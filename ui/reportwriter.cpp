#include "ui/reportwriter.h"

#include "widgets/levelcolors.h"

#include "ui/driftpanel.h"
#include "ui/modelqualitypanel.h"
#include "ui/tables.h"

#include "core/dashboard/templating.h"
#include "core/units.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/distributionchart.h"
#include "widgets/panelframe.h"
#include "widgets/stattile.h"
#include "widgets/timeserieschart.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGridLayout>
#include <QHeaderView>
#include <QLoggingCategory>
#include <QPainter>
#include <QPdfWriter>
#include <QScrollArea>
#include <QStyle>
#include <QTableWidget>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>

#include "ui/uilogging.h"

namespace vitals {

namespace {

// The PDF is drawn in logical units, kPageWidth across an A4 landscape page: one unit is one
// widget pixel, so the panels rendered from widgets and the report's own text share one scale
// (12 px text comes out at about 8 pt).
constexpr double kPageWidth = 1200;
constexpr double kMargin = 40;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kHeaderHeight = 30;
constexpr double kFooterHeight = 26;
constexpr double kRowHeight = 22;
constexpr double kChartHeight = 380;
constexpr double kBarsHeight = 340;
constexpr double kMessageHeight = 180;
// Panels are rendered at twice their logical size, so they stay sharp when printed.
constexpr qreal kImageScale = 2.0;

const QColor kInk(0x1f, 0x23, 0x29);
const QColor kMuted(0x6b, 0x72, 0x80);
const QColor kRule(0xd0, 0xd4, 0xda);
const QColor kZebra(0xf3, 0xf4, 0xf6);
// The stat tile's colours (widgets/stattile.cpp).
const QColor kOk = levelcolors::ok();
const QColor kWarning = levelcolors::warning();
const QColor kCritical = levelcolors::critical();

QFont reportFont(int pixelSize, bool bold = false)
{
    QFont font = QApplication::font();
    font.setPixelSize(pixelSize);
    font.setBold(bold);
    return font;
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

struct Table {
    QStringList header;
    std::vector<double> widths; // fractions of the content width, one per column
    std::vector<QStringList> rows;
    std::vector<QColor> rowColors; // optional: a swatch before the first cell
    int coloredColumn = -1;        // optional: a column whose text takes the row's colour
};

struct SeriesStats {
    QString name;
    double last = qQNaN();
    double min = qQNaN();
    double max = qQNaN();
    double mean = qQNaN();
};

SeriesStats statsOf(const QString &name, const series::Series &s)
{
    SeriesStats stats;
    stats.name = name;
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const double v = s.value(i);
        if (std::isnan(v))
            continue;
        stats.last = v;
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    }
    stats.min = s.minValue();
    stats.max = s.maxValue();
    if (n > 0)
        stats.mean = sum / double(n);
    return stats;
}

QMap<QString, QString> labelMap(const series::LabelSet &labels)
{
    QMap<QString, QString> map;
    for (const auto &label : labels.labels())
        map.insert(label.name, label.value);
    return map;
}

// The panel's series with the names its chart shows (the same legend rules as PanelController).
std::vector<SeriesStats> seriesStats(const PanelController &panel)
{
    std::vector<SeriesStats> out;
    const auto results = panel.lastResults();
    const auto &queries = panel.panel().queries;
    for (std::size_t q = 0; q < results.size() && q < queries.size(); ++q) {
        if (results[q].type != prom::ResultType::Matrix)
            continue;
        for (const auto &s : results[q].matrix) {
            QString name = dashboard::renderLegend(queries[q].legendFormat, labelMap(s.labels()));
            if (name.isEmpty())
                name = s.labels().toString();
            out.push_back(statsOf(name, s));
        }
    }
    return out;
}

QColor levelColor(StatTile::Level level)
{
    switch (level) {
    case StatTile::Level::Ok:
        return kOk;
    case StatTile::Level::Warning:
        return kWarning;
    case StatTile::Level::Critical:
        return kCritical;
    case StatTile::Level::Unknown:
        break;
    }
    return kInk;
}

QString levelName(StatTile::Level level)
{
    switch (level) {
    case StatTile::Level::Ok:
        return QObject::tr("OK");
    case StatTile::Level::Warning:
        return QObject::tr("Warning");
    case StatTile::Level::Critical:
        return QObject::tr("Critical");
    case StatTile::Level::Unknown:
        break;
    }
    return QStringLiteral("—");
}

// Panels in reading order: top to bottom, then left to right, as the grid shows them.
std::vector<PanelController *> panelsInGridOrder(const DashboardPage &page)
{
    std::vector<PanelController *> panels = page.panels();
    std::stable_sort(panels.begin(), panels.end(), [](PanelController *a, PanelController *b) {
        const auto &ga = a->panel().gridPos;
        const auto &gb = b->panel().gridPos;
        return std::make_pair(ga.y, ga.x) < std::make_pair(gb.y, gb.x);
    });
    return panels;
}

QTableWidget *tableOf(const PanelController &panel)
{
    return qobject_cast<QTableWidget *>(panel.frame()->content());
}

} // namespace

// Places content down the pages and draws it; with no painter it only counts pages, so the
// dry run and the real one take the same decisions.
class ReportWriter::Pager
{
public:
    Pager(QPdfWriter *writer, QPainter *painter, double pageHeight)
        : m_writer(writer)
        , m_painter(painter)
        , m_pageHeight(pageHeight)
    {}

    QPainter *painter() const { return m_painter; }
    double y = kMargin;
    int page = 1;
    int pageCount = 0;  // known after the dry run; 0 hides "of N"
    QString headerText; // on every page but the first
    QString footerText;
    std::function<void(int)> pageDone;

    double bottom() const { return m_pageHeight - kMargin - kFooterHeight; }
    bool fits(double height) const { return y + height <= bottom(); }

    void newPage()
    {
        finishPage();
        if (m_writer)
            m_writer->newPage();
        ++page;
        y = kMargin;
        drawHeader();
    }

    void finishPage()
    {
        drawFooter();
        if (pageDone)
            pageDone(page);
    }

    void text(const QString &text, const QFont &font, const QColor &color, double height,
              Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter, double x = kMargin,
              double width = kContentWidth)
    {
        if (m_painter) {
            m_painter->setFont(font);
            m_painter->setPen(color);
            const QString elided = QFontMetricsF(font).elidedText(text, Qt::ElideRight, width);
            m_painter->drawText(QRectF(x, y, width, height), int(align), elided);
        }
    }

    void heading(const QString &title, int pixelSize = 20)
    {
        if (!fits(pixelSize + 14))
            newPage();
        text(title, reportFont(pixelSize, true), kInk, pixelSize + 8);
        y += pixelSize + 14;
    }

    void image(const std::function<QImage()> &render, double height)
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

    // Rows that do not fit continue on the next page under `continued` and the header again.
    void table(const Table &table, const QString &continued)
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

private:
    void tableHeader(const Table &table)
    {
        row(table, table.header, false, QColor(), true);
        if (m_painter) {
            m_painter->setPen(QPen(kRule, 1));
            m_painter->drawLine(QPointF(kMargin, y), QPointF(kMargin + kContentWidth, y));
        }
    }

    void row(const Table &table, const QStringList &cells, bool zebra, const QColor &color,
             bool header = false)
    {
        if (m_painter) {
            if (zebra)
                m_painter->fillRect(QRectF(kMargin, y, kContentWidth, kRowHeight), kZebra);
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
                const QColor ink =
                    (!header && c == table.coloredColumn && color.isValid()) ? color : kInk;
                const double saveY = y;
                text(cells[c], reportFont(12, header || c == table.coloredColumn),
                     header ? kMuted : ink, kRowHeight, Qt::AlignLeft | Qt::AlignVCenter, textX,
                     width - (textX - x) - 8);
                y = saveY;
                x += width;
            }
        }
        y += kRowHeight;
    }

    void drawHeader()
    {
        if (!m_painter || headerText.isEmpty())
            return;
        text(headerText, reportFont(11), kMuted, 16);
        m_painter->setPen(QPen(kRule, 1));
        m_painter->drawLine(QPointF(kMargin, y + 20), QPointF(kMargin + kContentWidth, y + 20));
        y += kHeaderHeight;
    }

    void drawFooter()
    {
        if (!m_painter)
            return;
        const double saveY = y;
        y = m_pageHeight - kMargin - 16;
        m_painter->setPen(QPen(kRule, 1));
        m_painter->drawLine(QPointF(kMargin, y - 6), QPointF(kMargin + kContentWidth, y - 6));
        text(footerText, reportFont(11), kMuted, 16);
        const QString number = pageCount > 0 ? QObject::tr("Page %1 of %2").arg(page).arg(pageCount)
                                             : QObject::tr("Page %1").arg(page);
        text(number, reportFont(11), kMuted, 16, Qt::AlignRight | Qt::AlignVCenter);
        y = saveY;
    }

    QPdfWriter *m_writer;
    QPainter *m_painter;
    double m_pageHeight;
};

ReportWriter::ReportWriter(DashboardPage *page, QObject *parent)
    : QObject(parent)
    , m_page(page)
{}

ReportWriter::~ReportWriter() = default;

QString ReportWriter::footerText(const QDateTime &at)
{
    return tr("Generated by Vitals %1 at %2")
        .arg(QStringLiteral(VITALS_VERSION),
             at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + at.timeZoneAbbreviation());
}

QString ReportWriter::absoluteRangeText(qint64 fromMs, qint64 toMs)
{
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromMs);
    const int offset = from.offsetFromUtc();
    const QString zone = QStringLiteral("UTC%1%2:%3")
                             .arg(offset < 0 ? QStringLiteral("−") : QStringLiteral("+"))
                             .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                             .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 – %2 (%3)").arg(timeText(fromMs), timeText(toMs), zone);
}

namespace {

// Lays `frame` out at `size` on a stage of its own (with the light palette a printed page
// wants), renders it, and puts it back where its grid had it.
QImage renderPanel(const PanelController &panel, QSize size)
{
    PanelFrame *frame = panel.frame();
    QWidget *home = frame->parentWidget();
    auto *grid = home ? qobject_cast<QGridLayout *>(home->layout()) : nullptr;
    int row = 0, column = 0, rowSpan = 1, columnSpan = 1;
    const int index = grid ? grid->indexOf(frame) : -1;
    if (index >= 0)
        grid->getItemPosition(index, &row, &column, &rowSpan, &columnSpan);

    QWidget stage;
    stage.setAttribute(Qt::WA_DontShowOnScreen);
    stage.setPalette(QApplication::style()->standardPalette());
    stage.resize(size);
    frame->setParent(&stage);
    frame->setGeometry(QRect(QPoint(0, 0), size));
    frame->show();
    stage.show();
    QCoreApplication::sendPostedEvents();
    if (TimeSeriesChart *chart = panel.chart())
        chart->flush();
    QCoreApplication::sendPostedEvents();

    QImage image(size * kImageScale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(kImageScale);
    image.fill(stage.palette().color(QPalette::Window));
    frame->render(&image);

    frame->setParent(home);
    if (index >= 0)
        grid->addWidget(frame, row, column, rowSpan, columnSpan);
    frame->show();
    return image;
}

// A chart of `series` over [fromMs, toMs], drawn for the page from plain data: no widget of the
// window is grabbed, so nothing interactive (selectors, spin boxes, scroll bars) reaches paper.
QImage renderSeries(std::vector<ChartSeries> series, qint64 fromMs, qint64 toMs, QSize size,
                    units::Unit unit = units::Unit::None)
{
    QWidget stage;
    stage.setAttribute(Qt::WA_DontShowOnScreen);
    stage.setPalette(QApplication::style()->standardPalette());
    stage.resize(size);
    auto *chart = new TimeSeriesChart(&stage);
    chart->setValueBounds(0.0, unit == units::Unit::PercentUnit ? std::optional<double>(1.0)
                                                                : std::nullopt);
    chart->setUnit(unit);
    chart->setGeometry(QRect(QPoint(0, 0), size));
    chart->setTimeSpan(fromMs, toMs);
    chart->setSeries(std::move(series));
    stage.show();
    QCoreApplication::sendPostedEvents();
    chart->flush();
    QCoreApplication::sendPostedEvents();
    QImage image(size * kImageScale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(kImageScale);
    image.fill(stage.palette().color(QPalette::Window));
    chart->render(&image);
    return image;
}

QColor driftColor(drift::Level level)
{
    switch (level) {
    case drift::Level::Ok:
        return kOk;
    case drift::Level::Amber:
        return kWarning;
    case drift::Level::Red:
        return kCritical;
    case drift::Level::Unknown:
        break;
    }
    return {};
}

// The drift view's "now" part as a table: what the server's gauges and FeatureDrift say.
Table driftNowTable(const DriftPanel &drift)
{
    Table table;
    table.header = {QObject::tr("Feature"), QObject::tr("PSI now"), QObject::tr("Level"),
                    QObject::tr("Since"), QObject::tr("FeatureDrift alert")};
    table.widths = {0.28, 0.14, 0.14, 0.24, 0.2};
    table.coloredColumn = 2;
    for (const auto &[feature, now] : drift.now()) {
        QString since;
        if (now.sinceMs > 0)
            since = (now.sinceBeforeRange ? QObject::tr("before %1") : QObject::tr("since %1"))
                        .arg(timeText(now.sinceMs));
        table.rows.push_back(
            {feature,
             std::isnan(now.psi) ? QObject::tr("warming up") : QString::number(now.psi, 'f', 3),
             DriftPanel::levelText(now.level), since,
             now.alertFiring ? QObject::tr("firing") : QString()});
        table.rowColors.push_back(driftColor(now.level));
    }
    return table;
}

// The model-quality view's confusion matrix: rows the true class, columns the prediction.
Table confusionTable(const ModelQualityPanel &quality)
{
    Table table;
    const QStringList classes = quality.classes();
    table.header << QObject::tr("True class");
    table.widths.push_back(0.25);
    for (const QString &c : classes) {
        table.header << QObject::tr("predicted %1").arg(c);
        table.widths.push_back(0.75 / std::max<qsizetype>(1, classes.size()));
    }
    for (const QString &actual : classes) {
        double total = 0;
        for (const QString &predicted : classes)
            total += quality.count(actual, predicted);
        QStringList row{actual};
        for (const QString &predicted : classes) {
            const double n = quality.count(actual, predicted);
            row << QStringLiteral("%1 (%2)").arg(QString::number(n, 'f', 0),
                                                 total > 0 ? units::formatPercent(100.0 * n / total)
                                                           : QStringLiteral("—"));
        }
        table.rows.push_back(row);
    }
    return table;
}

Table perClassTable(const ModelQualityPanel &quality)
{
    Table table;
    table.header = {QObject::tr("Class"), QObject::tr("Precision"), QObject::tr("Recall")};
    table.widths = {0.4, 0.3, 0.3};
    auto percent = [](double v) {
        return std::isfinite(v) ? units::formatPercent(100.0 * v) : QStringLiteral("—");
    };
    for (const QString &c : quality.classes())
        table.rows.push_back({c, percent(quality.precision(c)), percent(quality.recall(c))});
    return table;
}

Table vitalSignsTable(const std::vector<PanelController *> &panels)
{
    Table table;
    table.header = {QObject::tr("Panel"), QObject::tr("Value"), QObject::tr("Status")};
    table.widths = {0.34, 0.16, 0.5};
    table.coloredColumn = 1;
    for (PanelController *panel : panels) {
        const StatTile *tile = panel->tile();
        if (!tile)
            continue;
        QString value = tile->valueText();
        QString status = levelName(tile->level());
        if (panel->lastError().isError()) {
            value = QObject::tr("error");
            status = panel->lastError().message;
        }
        table.rows.push_back({panel->panel().title, value, status});
        table.rowColors.push_back(panel->lastError().isError() ? kCritical
                                                               : levelColor(tile->level()));
    }
    return table;
}

Table alertsTable(const std::vector<prom::Alert> &alerts)
{
    Table table;
    table.header = {QObject::tr("Alert"), QObject::tr("Severity"), QObject::tr("Active since"),
                    QObject::tr("Value"), QObject::tr("Summary")};
    table.widths = {0.22, 0.1, 0.16, 0.1, 0.42};
    table.coloredColumn = 1;
    for (const prom::Alert &alert : alerts) {
        QString summary = alert.annotations.value(u"summary");
        if (summary.isEmpty())
            summary = alert.annotations.value(u"description");
        const QString severity = alert.labels.value(u"severity");
        table.rows.push_back(
            {alert.labels.value(u"alertname"), severity,
             alert.activeAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
             alert.value, summary});
        table.rowColors.push_back(severity == u"critical" ? kCritical : kWarning);
    }
    return table;
}

Table seriesTable(const PanelController &panel)
{
    const units::Unit unit = units::unitFromName(panel.panel().unit);
    Table table;
    table.header = {QObject::tr("Series"), QObject::tr("Last"), QObject::tr("Min"),
                    QObject::tr("Mean"), QObject::tr("Max")};
    table.widths = {0.44, 0.14, 0.14, 0.14, 0.14};
    std::map<QString, QColor> colors;
    // Every series the chart has, also one without a sample near the end of the range.
    if (const TimeSeriesChart *chart = panel.chart())
        for (int i = 0; i < chart->seriesCount(); ++i)
            colors.emplace(chart->seriesName(i), chart->seriesColor(i));
    auto text = [unit](double v) {
        return std::isnan(v) ? QStringLiteral("—") : units::format(v, unit);
    };
    for (const SeriesStats &s : seriesStats(panel)) {
        table.rows.push_back({s.name, text(s.last), text(s.min), text(s.mean), text(s.max)});
        const auto it = colors.find(s.name);
        table.rowColors.push_back(it == colors.end() ? QColor() : it->second);
    }
    return table;
}

Table barsTable(const PanelController &panel)
{
    const DistributionChart *bars = panel.bars();
    const units::Unit unit = units::unitFromName(panel.panel().unit);
    Table table;
    table.header << QObject::tr("Category");
    const int groups = bars->groupCount();
    for (int g = 0; g < groups; ++g) {
        const auto &queries = panel.panel().queries;
        table.header << (std::size_t(g) < queries.size() ? queries[std::size_t(g)].refId
                                                         : QString::number(g + 1));
    }
    table.widths.push_back(0.4);
    for (int g = 0; g < groups; ++g)
        table.widths.push_back(0.6 / std::max(1, groups));
    const QStringList categories = bars->categories();
    for (int c = 0; c < categories.size(); ++c) {
        QStringList row{categories[c]};
        for (int g = 0; g < groups; ++g) {
            const double v = bars->value(g, c);
            row << (std::isnan(v) ? QStringLiteral("—") : units::format(v, unit));
        }
        table.rows.push_back(row);
    }
    return table;
}

Table widgetTable(const QTableWidget &widget)
{
    Table table;
    const int columns = widget.columnCount();
    for (int c = 0; c < columns; ++c) {
        const QTableWidgetItem *item = widget.horizontalHeaderItem(c);
        table.header << (item ? item->text() : QString::number(c + 1));
        table.widths.push_back(1.0 / std::max(1, columns));
    }
    for (int r = 0; r < widget.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c) {
            const QTableWidgetItem *item = widget.item(r, c);
            row << (item ? item->text() : QString());
        }
        table.rows.push_back(row);
    }
    return table;
}

Table modelTable(const QAbstractItemModel &model)
{
    Table table;
    const int columns = model.columnCount();
    for (int c = 0; c < columns; ++c) {
        table.header << model.headerData(c, Qt::Horizontal).toString();
        table.widths.push_back(1.0 / std::max(1, columns));
    }
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c)
            row << model.index(r, c).data().toString();
        table.rows.push_back(row);
    }
    return table;
}

} // namespace

int ReportWriter::layOut(Pager &pager) const
{
    const std::vector<PanelController *> panels = panelsInGridOrder(*m_page);
    const dashboard::Dashboard &dash = m_page->dashboard();
    const QString title = dash.title.isEmpty() ? tr("Dashboard") : dash.title;

    // Page 1: what, where, when; the vital signs; the alerts.
    pager.text(title, reportFont(32, true), kInk, 44);
    pager.y += 48;
    if (!dash.description.isEmpty()) {
        pager.text(dash.description, reportFont(14), kMuted, 20);
        pager.y += 26;
    }
    pager.y += 6;
    const QString range =
        absoluteRangeText(m_context.fromMs, m_context.toMs)
        + (m_context.rangeLabel.isEmpty() ? QString()
                                          : QStringLiteral(" · ") + m_context.rangeLabel);
    const std::pair<QString, QString> facts[] = {
        {tr("Connection"), m_context.connection},
        {tr("Time range"), range},
        {tr("Generated"), m_context.generatedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss "))
                              + m_context.generatedAt.timeZoneAbbreviation()},
        {tr("Variables"), m_context.variables.join(QStringLiteral(" · "))},
        {tr("Planned for"), m_context.scrapeInterval},
    };
    for (const auto &[name, value] : facts) {
        if (value.isEmpty())
            continue;
        pager.text(name, reportFont(13, true), kMuted, 20, Qt::AlignLeft | Qt::AlignVCenter,
                   kMargin, 140);
        pager.text(value, reportFont(13), kInk, 20, Qt::AlignLeft | Qt::AlignVCenter, kMargin + 150,
                   kContentWidth - 150);
        pager.y += 24;
    }
    pager.y += 18;

    const Table vitals = vitalSignsTable(panels);
    if (!vitals.rows.empty()) {
        pager.heading(tr("Vital signs"));
        pager.table(vitals, tr("Vital signs (continued)"));
        pager.y += 8;
    }

    pager.heading(tr("Alerts firing at export time"));
    if (!m_context.alertsError.isEmpty()) {
        pager.text(tr("The alerts could not be read: %1").arg(m_context.alertsError),
                   reportFont(13), kCritical, 20);
        pager.y += 24;
    } else if (m_context.firingAlerts.empty()) {
        pager.text(tr("No alerts firing"), reportFont(13), kOk, 20);
        pager.y += 24;
    } else {
        pager.table(alertsTable(m_context.firingAlerts), tr("Alerts firing (continued)"));
    }

    // One page per panel other than a stat (whose value is on page 1).
    const QSize chartSize{int(kContentWidth), int(kChartHeight)};
    for (PanelController *panel : panels) {
        using dashboard::PanelType;
        const dashboard::Panel &p = panel->panel();
        if (p.type == PanelType::Stat)
            continue;
        pager.newPage();
        const bool drift = p.type == PanelType::DriftTable;
        pager.heading(drift ? tr("Drift — %1").arg(p.title) : p.title, 22);
        if (!p.description.isEmpty()) {
            pager.text(p.description, reportFont(12), kMuted, 18);
            pager.y += 24;
        }
        const bool ready = panel->frame()->state() == PanelFrame::State::Ready;
        const QString continued = tr("%1 (continued)").arg(p.title);
        switch (p.type) {
        case PanelType::TimeSeries:
            pager.image([panel, chartSize] { return renderPanel(*panel, chartSize); },
                        kChartHeight);
            if (ready)
                pager.table(seriesTable(*panel), continued);
            break;
        case PanelType::Bar:
        case PanelType::Distribution: {
            const QSize size{int(kContentWidth), int(kBarsHeight)};
            pager.image([panel, size] { return renderPanel(*panel, size); }, kBarsHeight);
            if (ready)
                pager.table(barsTable(*panel), continued);
            break;
        }
        case PanelType::DriftTable: {
            // The drift view's data, not its widgets: now (table and PSI timeline), then the
            // range, each under its window; tables as text, searchable in the PDF.
            const DriftPanel *drift = panel->drift();
            if (!ready || !drift) {
                const QSize size{int(kContentWidth), int(kMessageHeight)};
                pager.image([panel, size] { return renderPanel(*panel, size); }, kMessageHeight);
                break;
            }
            pager.heading(drift->nowTitle(), 15);
            pager.table(driftNowTable(*drift), continued);
            if (!drift->timelineSeries().empty()) {
                pager.text(tr("PSI of the server's drift window over time (no unit; dashed: the "
                              "amber and red thresholds)"),
                           reportFont(12), kMuted, 18);
                pager.y += 20;
                const QSize size{int(kContentWidth), int(kChartHeight * 0.7)};
                const qint64 from = m_context.fromMs, to = m_context.toMs;
                pager.image(
                    [drift, from, to, size] {
                        return renderSeries(drift->timelineSeries(), from, to, size);
                    },
                    size.height());
            }
            pager.heading(drift->rangeTitle(), 15);
            if (!drift->rangeNote().isEmpty()) {
                pager.text(drift->rangeNote(), reportFont(12), kWarning, 18);
                pager.y += 20;
            }
            pager.table(modelTable(*drift->tableModel()), continued);
            pager.text(tr("Prediction mix against the training prior over the range: JS distance "
                          "%1, chi-square p-value %2")
                           .arg(std::isnan(drift->mixJsDistance())
                                    ? QStringLiteral("—")
                                    : QString::number(drift->mixJsDistance(), 'f', 3),
                                std::isnan(drift->mixChiSquareP())
                                    ? QStringLiteral("—")
                                    : QString::number(drift->mixChiSquareP(), 'g', 3)),
                       reportFont(12), kInk, 18);
            pager.y += 22;
            break;
        }
        case PanelType::ModelQuality: {
            const ModelQualityPanel *quality = panel->quality();
            if (!ready || !quality) {
                const QSize size{int(kContentWidth), int(kMessageHeight)};
                pager.image([panel, size] { return renderPanel(*panel, size); }, kMessageHeight);
                break;
            }
            auto percent = [](double v) {
                return std::isfinite(v) ? units::formatPercent(100.0 * v) : QStringLiteral("—");
            };
            pager.text(
                tr("Accuracy %1 · labelled share %2 · label delay %3 (mean), %4 (95th "
                   "percentile)")
                    .arg(percent(quality->accuracy()), percent(quality->labelledShare()),
                         std::isfinite(quality->meanDelaySeconds())
                             ? units::format(quality->meanDelaySeconds(), units::Unit::Seconds)
                             : QStringLiteral("—"),
                         std::isfinite(quality->p95DelaySeconds())
                             ? units::format(quality->p95DelaySeconds(), units::Unit::Seconds)
                             : QStringLiteral("—")),
                reportFont(13, true), kInk, 20);
            pager.y += 24;
            pager.heading(quality->rangeTitle(), 15);
            pager.table(confusionTable(*quality), continued);
            pager.table(perClassTable(*quality), continued);
            if (!quality->timelineSeries().empty()) {
                pager.text(tr("Accuracy of labelled predictions over time (dashed: the "
                              "AccuracyDrop threshold)"),
                           reportFont(12), kMuted, 18);
                pager.y += 20;
                const QSize size{int(kContentWidth), int(kChartHeight * 0.7)};
                const qint64 from = m_context.fromMs, to = m_context.toMs;
                pager.image(
                    [quality, from, to, size] {
                        return renderSeries(quality->timelineSeries(), from, to, size,
                                            units::Unit::PercentUnit);
                    },
                    size.height());
            }
            break;
        }
        case PanelType::Table:
            if (const QTableWidget *table = tableOf(*panel); ready && table) {
                pager.table(widgetTable(*table), continued);
            } else {
                const QSize size{int(kContentWidth), int(kMessageHeight)};
                pager.image([panel, size] { return renderPanel(*panel, size); }, kMessageHeight);
            }
            break;
        case PanelType::Text: {
            const QWidget *content = panel->frame()->content();
            const int wanted = content->hasHeightForWidth()
                                   ? content->heightForWidth(int(kContentWidth) - 12) + 40
                                   : int(kMessageHeight);
            const int height = std::clamp(wanted, 80, int(pager.bottom() - pager.y - 12));
            const QSize size(int(kContentWidth), height);
            pager.image([panel, size] { return renderPanel(*panel, size); }, height);
            break;
        }
        case PanelType::Stat:
            break;
        }
    }
    pager.finishPage();
    return pager.page;
}

namespace {
QPageLayout reportPageLayout()
{
    return QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0));
}

double logicalPageHeight()
{
    const QRectF page = reportPageLayout().fullRect(QPageLayout::Point);
    return kPageWidth * page.height() / page.width();
}
} // namespace

int ReportWriter::pdfPageCount() const
{
    Pager dry(nullptr, nullptr, logicalPageHeight());
    return layOut(dry);
}

bool ReportWriter::writePdf(const QString &path, QString *error)
{
    const int pages = pdfPageCount();
    QPdfWriter writer(path);
    writer.setPageLayout(reportPageLayout());
    writer.setResolution(300);
    writer.setCreator(QStringLiteral("Vitals %1").arg(QStringLiteral(VITALS_VERSION)));
    writer.setTitle(m_page->dashboard().title);
    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error)
            *error = tr("Cannot write %1").arg(path);
        return false;
    }
    const double scale = double(writer.width()) / kPageWidth;
    painter.scale(scale, scale);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);

    Pager pager(&writer, &painter, logicalPageHeight());
    pager.pageCount = pages;
    pager.footerText = footerText(m_context.generatedAt);
    pager.headerText = QStringLiteral("%1 · %2 · %3")
                           .arg(m_page->dashboard().title, m_context.connection,
                                absoluteRangeText(m_context.fromMs, m_context.toMs));
    pager.pageDone = [this, pages](int page) { Q_EMIT pageWritten(page, pages); };
    const int written = layOut(pager);
    if (written != pages)
        qCWarning(lcReport) << "planned" << pages << "pages, wrote" << written;
    if (!painter.end()) {
        if (error)
            *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

QImage ReportWriter::renderImage() const
{
    // The scroll area's canvas holds every panel, also those scrolled out of view.
    auto *scroll = m_page->findChild<QScrollArea *>();
    QWidget *canvas = scroll && scroll->widget() ? scroll->widget() : m_page;
    for (PanelController *panel : m_page->panels())
        if (TimeSeriesChart *chart = panel->chart())
            chart->flush();
    // A header band says what and when: the dashboard's title, the time range, the server.
    const QPalette pal = canvas->palette();
    QFont titleFont = canvas->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    const QFont lineFont = canvas->font();
    const int titleHeight = QFontMetrics(titleFont).height();
    const int lineHeight = QFontMetrics(lineFont).height();
    const int band = 12 + titleHeight + 4 + lineHeight + 10;
    QImage image(QSize(canvas->width(), canvas->height() + band),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(pal.color(QPalette::Window));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.setPen(pal.color(QPalette::WindowText));
        painter.setFont(titleFont);
        const QRect titleRect(12, 12, canvas->width() - 24, titleHeight);
        painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetrics(titleFont).elidedText(m_page->dashboard().title,
                                                            Qt::ElideRight, titleRect.width()));
        QString line = absoluteRangeText(m_context.fromMs, m_context.toMs);
        if (!m_context.rangeLabel.isEmpty())
            line += QStringLiteral(" · ") + m_context.rangeLabel;
        if (!m_context.connection.isEmpty())
            line += QStringLiteral(" · ") + m_context.connection;
        painter.setFont(lineFont);
        painter.setPen(pal.color(QPalette::PlaceholderText));
        const QRect lineRect(12, titleRect.bottom() + 4, canvas->width() - 24, lineHeight);
        painter.drawText(lineRect, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetrics(lineFont).elidedText(line, Qt::ElideRight, lineRect.width()));
    }
    canvas->render(&image, QPoint(0, band));
    return image;
}

bool ReportWriter::writePng(const QString &path, QString *error)
{
    const QImage image = renderImage();
    if (image.isNull() || !image.save(path, "PNG")) {
        if (error)
            *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace vitals

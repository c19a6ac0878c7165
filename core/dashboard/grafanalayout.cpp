#include "core/dashboard/grafanalayout.h"

#include "core/dashboard/dashboard.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <cmath>

namespace vitals::dashboard::grafana {

namespace {

// Grafana's grid constants (app/core/constants): cell height and vertical margin in pixels, the
// default row height and panel span, and the smallest panel height.
constexpr int kCellHeightPx = 30;
constexpr int kCellMarginPx = 8;
constexpr int kDefaultRowHeightPx = 250;
constexpr int kMinPanelHeightPx = 3 * kCellHeightPx;
constexpr double kDefaultSpan = 4;

// The columns of one row already taken: for each column, how far down (in grid units from the
// top of the current line of the row) panels reach. A panel goes at the leftmost column of the
// free run at the right end, if that run is wide enough; else the row starts a new line.
class RowArea
{
public:
    RowArea(int height, int top)
        : m_height(height)
        , m_top(top)
    {
        m_filled.fill(0);
    }

    int top() const { return m_top; }

    // Column and offset from top() where a panel `width` wide goes, starting a new line once
    // when the free run is too narrow.
    std::pair<int, int> place(int width)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            int start = -1;
            int end = -1;
            for (int i = kGridColumns - 1; i >= 0; --i) {
                if (m_height - m_filled[std::size_t(i)] <= 0)
                    break;
                if (end < 0) {
                    end = i;
                } else if (i < kGridColumns - 1
                           && m_filled[std::size_t(i)] <= m_filled[std::size_t(i) + 1]) {
                    start = i;
                } else {
                    break;
                }
            }
            if (start >= 0 && end - start >= width - 1) {
                const int offset = *std::max_element(m_filled.begin() + start, m_filled.end());
                return {start, offset};
            }
            m_top += m_height; // the next line of the row
            m_filled.fill(0);
        }
        return {0, 0}; // wider than the row: Grafana gives up here; start at the left edge
    }

    void take(int x, int y, int w, int h)
    {
        for (int i = x; i < std::min(kGridColumns, x + w); ++i)
            m_filled[std::size_t(i)] = std::max(m_filled[std::size_t(i)], y + h - m_top);
    }

private:
    std::array<int, kGridColumns> m_filled{};
    int m_height;
    int m_top;
};

QJsonObject gridPos(int x, int y, int w, int h)
{
    return {{QStringLiteral("x"), x},
            {QStringLiteral("y"), y},
            {QStringLiteral("w"), w},
            {QStringLiteral("h"), h}};
}

bool isSet(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool();
    if (v.isString())
        return !v.toString().isEmpty();
    return !v.isNull() && !v.isUndefined();
}

} // namespace

int gridHeightOf(const QJsonValue &height)
{
    double px = kDefaultRowHeightPx;
    if (height.isDouble() && std::isfinite(height.toDouble()) && height.toDouble() > 0) {
        px = height.toDouble();
    } else if (height.isString()) {
        // parseInt: leading digits, "250px" → 250
        static const QRegularExpression digits(QStringLiteral(R"(^\s*(\d+))"));
        const QRegularExpressionMatch m = digits.match(height.toString());
        if (m.hasMatch())
            px = std::min(1e6, m.captured(1).toDouble());
    }
    px = std::max<double>(px, kMinPanelHeightPx);
    return int(std::ceil(px / (kCellHeightPx + kCellMarginPx)));
}

std::vector<MigratedPanel> migrateRowsLayout(const QJsonArray &rows, const QString &rowsPath)
{
    std::vector<MigratedPanel> out;
    const bool showRows = std::any_of(rows.begin(), rows.end(), [](const QJsonValue &r) {
        const QJsonObject row = r.toObject();
        return isSet(row.value(QLatin1String("collapse")))
               || isSet(row.value(QLatin1String("showTitle")))
               || isSet(row.value(QLatin1String("repeat")));
    });
    int y = 0;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const QJsonObject row = rows.at(r).toObject();
        if (isSet(row.value(QLatin1String("repeatIteration"))))
            continue;
        const QString rowPath = rowsPath + QStringLiteral("[%1]").arg(r);
        const int rowHeight = gridHeightOf(row.value(QLatin1String("height")));
        if (showRows) {
            QJsonObject header{{QStringLiteral("type"), QStringLiteral("row")},
                               {QStringLiteral("title"), row.value(QLatin1String("title"))},
                               {QStringLiteral("collapsed"), row.value(QLatin1String("collapse"))},
                               {QStringLiteral("gridPos"), gridPos(0, y, kGridColumns, 1)}};
            if (isSet(row.value(QLatin1String("repeat"))))
                header.insert(QStringLiteral("repeat"), row.value(QLatin1String("repeat")));
            if (row.contains(QLatin1String("id")))
                header.insert(QStringLiteral("id"), row.value(QLatin1String("id")));
            out.push_back({header, rowPath, true});
            ++y;
        }
        RowArea area(rowHeight, y);
        const QJsonArray panels = row.value(QLatin1String("panels")).toArray();
        for (qsizetype i = 0; i < panels.size(); ++i) {
            QJsonObject panel = panels.at(i).toObject();
            const QJsonValue spanValue = panel.value(QLatin1String("span"));
            double span = spanValue.isDouble() && spanValue.toDouble() > 0 ? spanValue.toDouble()
                                                                           : kDefaultSpan;
            if (spanValue.isString() && spanValue.toString().toDouble() > 0)
                span = spanValue.toString().toDouble();
            const int w = std::clamp(int(std::floor(span)) * 2, 1, kGridColumns);
            const int h = panel.contains(QLatin1String("height"))
                              ? gridHeightOf(panel.value(QLatin1String("height")))
                              : rowHeight;
            const auto [x, offset] = area.place(w);
            const int top = area.top() + offset;
            area.take(x, top, w, h);
            panel.remove(QLatin1String("span"));
            panel.insert(QStringLiteral("gridPos"), gridPos(x, top, w, h));
            out.push_back({panel, rowPath + QStringLiteral(".panels[%1]").arg(i), false});
        }
        y = area.top() + rowHeight;
    }
    return out;
}

} // namespace vitals::dashboard::grafana

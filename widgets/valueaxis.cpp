#include "widgets/valueaxis.h"

#include "core/series/axisticks.h"

#include <QCategoryAxis>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace vitals::valueaxis {

namespace {

// Qt Charts' padding around axis labels and the margin of its label text items (Qt Charts
// 6.4: ChartAxisElement::labelPadding(), ChartPresenter::textMargin()), and a pixel of slack
// for rounding.
constexpr double kLabelPadding = 4.0;
constexpr double kTextMargin = 0.5;
constexpr double kSlack = 1.0;

} // namespace

int maxTicks(double heightPx, const QFont &font)
{
    const double label = QFontMetricsF(font).height() + 2 * kTextMargin + kSlack;
    // n labels take n + 1 intervals (the one below the lowest tick is empty but counted).
    const int fit = int(std::floor(heightPx / (label + 2 * kLabelPadding))) - 1;
    // And no denser than a tick per 40 px, so a tall chart is not striped with grid lines.
    const int readable = int(heightPx / 40.0) + 1;
    return std::max(2, std::min(fit, readable));
}

void fill(QCategoryAxis *axis, double lo, double hi, units::Unit unit,
          std::optional<double> minBound, std::optional<double> maxBound, int maxTicks)
{
    const axisticks::ValueTicks ticks =
        axisticks::valueTicks(lo, hi, unit, maxTicks, minBound, maxBound);
    const QStringList old = axis->categoriesLabels();
    for (const QString &label : old)
        axis->remove(label);
    // A category axis labels the end of each category: the lowest tick gets one of its own,
    // a sliver just below the axis' start, so the axis' origin ("0") is labelled too.
    axis->setStartValue(ticks.min - ticks.step * 1e-6);
    for (qsizetype k = 0; k < ticks.labels.size(); ++k)
        axis->append(ticks.labels[k], ticks.values[std::size_t(k)]);
    axis->setRange(ticks.min, ticks.max);
}

} // namespace vitals::valueaxis

#include "widgets/valueaxis.h"

#include <QCategoryAxis>

#include <cmath>

namespace vitals::valueaxis {

double niceStep(double rough)
{
    if (!(rough > 0) || !std::isfinite(rough))
        return 1.0;
    const double exp10 = std::pow(10.0, std::floor(std::log10(rough)));
    const double f = rough / exp10;
    // A little slack, so 25.000000000000004 (100 % from floating-point rounding, over four
    // ticks) gives steps of 25 and not of 50.
    constexpr double e = 1e-9;
    const double nice = f <= 1.0 + e   ? 1.0
                        : f <= 2.0 + e ? 2.0
                        : f <= 2.5 + e ? 2.5
                        : f <= 5.0 + e ? 5.0
                                       : 10.0;
    return nice * exp10;
}

void fill(QCategoryAxis *axis, double lo, double hi, units::Unit unit,
          std::optional<double> minBound, std::optional<double> maxBound)
{
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    lo = minBound.value_or(lo >= 0.0 ? 0.0 : lo);
    hi = maxBound.value_or(hi);
    if (hi <= lo)
        hi = lo + (lo == 0.0 ? 1.0 : std::abs(lo) * 0.1);
    double step = niceStep((hi - lo) / 4.0);
    if (unit == units::Unit::Bytes) {
        // Steps of whole KiB/MiB/GiB read better than decimal ones ("4 MiB", not "4.77 MiB").
        const double scale =
            std::pow(1024.0, std::floor(std::log((hi - lo) / 4.0) / std::log(1024.0)));
        if (scale >= 1.0)
            step = niceStep((hi - lo) / 4.0 / scale) * scale;
    }
    // A share never exceeds the whole: percent data up to 100 % gets an axis up to 100 %.
    const double whole = unit == units::Unit::Percent       ? 100.0
                         : unit == units::Unit::PercentUnit ? 1.0
                                                            : 0.0;
    const bool withinWhole = whole > 0 && hi <= whole * (1 + 1e-9);
    lo = std::floor(lo / step + 1e-9) * step;
    if (!maxBound)
        hi = std::ceil(hi / step - 1e-9) * step;
    if (withinWhole && !maxBound)
        hi = std::min(hi, whole);

    const QStringList old = axis->categoriesLabels();
    for (const QString &label : old)
        axis->remove(label);
    axis->setStartValue(lo);
    for (int k = 1; lo + k * step <= hi + step * 1e-9; ++k) {
        QString text = units::format(lo + k * step, unit);
        // Category labels must be unique; a duplicate only comes from rounding: add precision.
        if (axis->categoriesLabels().contains(text))
            text = units::format(lo + k * step, unit, 6);
        axis->append(text, lo + k * step);
    }
    axis->setRange(lo, hi);
}

} // namespace vitals::valueaxis

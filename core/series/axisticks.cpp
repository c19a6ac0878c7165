#include "core/series/axisticks.h"

#include <algorithm>
#include <cmath>

namespace vitals::axisticks {

namespace {

// A little slack, so 25.000000000000004 (100 % over four ticks, from floating-point rounding)
// gives steps of 25 and not of 50.
constexpr double kSlack = 1e-9;

double clockStep(double rough)
{
    static constexpr double kSteps[] = {30,   60,   120,  300,   600,   900,
                                        1800, 3600, 7200, 10800, 21600, 43200};
    for (double s : kSteps)
        if (s >= rough * (1 - kSlack))
            return s;
    return std::ceil(rough / 86400 - kSlack) * 86400;
}

double iecStep(double rough)
{
    if (rough <= 1)
        return 1;
    const double scale = std::pow(1024.0, std::floor(std::log(rough) / std::log(1024.0)));
    // Within a scale, steps of 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500 units; past
    // 500 the next scale's 1.
    const double step = niceStep(rough / scale);
    return step > 512 ? scale * 1024 : step * scale;
}

double stepFor(double rough, units::Unit unit)
{
    if (unit == units::Unit::Bytes)
        return std::max(1.0, iecStep(rough));
    if (unit == units::Unit::Seconds && rough >= 30 * (1 - kSlack))
        return clockStep(rough);
    return niceStep(rough);
}

// The next step after `step` among the steps valueStep() uses for `unit`.
double nextStep(double step, units::Unit unit)
{
    return stepFor(step * (1 + 1e-6), unit);
}

int tickCount(double lo, double hi, double step)
{
    return int(std::ceil(hi / step - kSlack) - std::floor(lo / step + kSlack)) + 1;
}

} // namespace

double niceStep(double rough)
{
    if (!(rough > 0) || !std::isfinite(rough))
        return 1.0;
    const double exp10 = std::pow(10.0, std::floor(std::log10(rough)));
    const double f = rough / exp10;
    const double e = kSlack;
    const double nice = f <= 1.0 + e   ? 1.0
                        : f <= 2.0 + e ? 2.0
                        : f <= 2.5 + e ? 2.5
                        : f <= 5.0 + e ? 5.0
                                       : 10.0;
    return nice * exp10;
}

double valueStep(double span, units::Unit unit, int maxTicks)
{
    maxTicks = std::max(2, maxTicks);
    if (!(span > 0) || !std::isfinite(span))
        return stepFor(1.0, unit);
    return stepFor(span / (maxTicks - 1), unit);
}

ValueTicks valueTicks(double lo, double hi, units::Unit unit, int maxTicks,
                      std::optional<double> minBound, std::optional<double> maxBound)
{
    maxTicks = std::max(2, maxTicks);
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi < lo) {
        lo = 0.0;
        hi = 0.0;
    }
    lo = minBound.value_or(lo >= 0.0 ? 0.0 : lo);
    hi = maxBound.value_or(hi);
    if (hi <= lo)
        hi = lo + (lo == 0.0 ? stepFor(1.0, unit) : std::abs(lo) * 0.1);
    // A share never exceeds the whole: percent data up to 100 % gets an axis up to 100 %.
    const double whole = unit == units::Unit::Percent       ? 100.0
                         : unit == units::Unit::PercentUnit ? 1.0
                                                            : 0.0;
    const bool withinWhole = whole > 0 && hi <= whole * (1 + kSlack);

    double step = valueStep(hi - lo, unit, maxTicks);
    // The rough step assumes the range is a whole number of steps; rounding it out can add one
    // tick at each end, so step up until the ticks fit.
    for (int guard = 0; guard < 64 && tickCount(lo, hi, step) > maxTicks; ++guard)
        step = nextStep(step, unit);

    ValueTicks out;
    out.step = step;
    out.min = minBound ? lo : std::floor(lo / step + kSlack) * step;
    out.max = maxBound ? hi : std::ceil(hi / step - kSlack) * step;
    if (withinWhole && !maxBound)
        out.max = std::min(out.max, whole);
    const double first = std::ceil(out.min / step - kSlack) * step;
    for (int k = 0; first + k * step <= out.max + step * kSlack; ++k) {
        const double v = first + k * step;
        // -0 and rounding noise at zero read "0".
        out.values.push_back(std::abs(v) < step * kSlack ? 0.0 : v);
    }
    out.labels = valueLabels(out.values, unit);
    return out;
}

namespace {

// Plain numbers all below 0.01 (rates of rare events: one compaction in hours is 0.0004/s) are
// written with an SI prefix, as the large ones already are ("400µ", not "0.0004"): "0.000" takes
// four characters before the first that differs, which on a narrow panel with a second axis is
// more than Qt Charts leaves for the labels, and they were cut to "0.0…". Returns the factor
// and suffix, or factor 1 when the values need none.
std::pair<double, const char *> smallScale(const std::vector<double> &values, units::Unit unit)
{
    if (unit != units::Unit::None)
        return {1.0, ""};
    double most = 0;
    for (double v : values)
        if (std::isfinite(v))
            most = std::max(most, std::abs(v));
    if (most == 0 || most >= 0.01)
        return {1.0, ""};
    if (most >= 1e-3)
        return {1e3, "m"};
    if (most >= 1e-6)
        return {1e6, "µ"};
    return {1e9, "n"};
}

} // namespace

QStringList valueLabels(const std::vector<double> &values, units::Unit unit)
{
    const auto [factor, prefix] = smallScale(values, unit);
    if (factor != 1.0) {
        std::vector<double> scaled;
        for (double v : values)
            scaled.push_back(v * factor);
        QStringList labels = valueLabels(scaled, unit);
        for (qsizetype i = 0; i < labels.size(); ++i)
            if (values[std::size_t(i)] != 0)
                labels[i] += QString::fromUtf8(prefix);
        return labels;
    }

    // Each value with as few digits as show it exactly, but no more than three to begin with
    // (Grafana's 250 s reads "4.17 min", not "4.16667 min"): a value on a nice step grid needs
    // few, and past 15 significant digits a double has nothing left to show.
    constexpr int kExact = 15;
    constexpr int kMost = 3;
    std::vector<int> digits(values.size(), 1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const QString exact = units::format(values[i], unit, kExact);
        while (digits[i] < kMost && units::format(values[i], unit, digits[i]) != exact)
            ++digits[i];
    }
    // Values no nice step produces (1.33 min) are shown to kMost digits at most; if that makes
    // two neighbours equal, every label gets one more digit at a time until they differ.
    for (int extra = 0;; ++extra) {
        QStringList labels;
        for (std::size_t i = 0; i < values.size(); ++i)
            labels << units::format(values[i], unit, std::min(kExact, digits[i] + extra));
        bool distinct = true;
        for (qsizetype i = 1; i < labels.size(); ++i)
            distinct = distinct && labels[i] != labels[i - 1];
        if (distinct || digits[0] + extra >= kExact)
            return labels;
    }
}

} // namespace vitals::axisticks

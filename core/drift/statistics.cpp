#include "core/drift/statistics.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/policies/policy.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace vitals::drift {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template<typename T = double> Result<T> failure(Error error)
{
    if constexpr (std::is_same_v<T, double>)
        return {kNaN, error};
    else
        return {T{}, error};
}

// Two distributions normalised to proportions, or the first error met.
struct Pair {
    std::vector<double> p;
    std::vector<double> q;
    Error error = Error::None;
};

Pair normalisedPair(std::span<const double> p, std::span<const double> q)
{
    if (p.empty() || q.empty())
        return {{}, {}, Error::Empty};
    if (p.size() != q.size())
        return {{}, {}, Error::SizeMismatch};
    auto pp = proportions(p);
    if (!pp.ok())
        return {{}, {}, pp.error};
    auto qq = proportions(q);
    if (!qq.ok())
        return {{}, {}, qq.error};
    return {std::move(pp.value), std::move(qq.value), Error::None};
}

// The value that stands for a bin in means: its midpoint, or its finite edge if open-ended.
double representative(double lo, double hi)
{
    const bool loFinite = std::isfinite(lo);
    const bool hiFinite = std::isfinite(hi);
    if (loFinite && hiFinite)
        return (lo + hi) / 2;
    if (hiFinite)
        return hi;
    if (loFinite)
        return lo;
    return kNaN;
}

struct Moments {
    double mean = kNaN;
    double variance = kNaN;
    Error error = Error::None;
};

Moments binnedMoments(const Histogram &h)
{
    if (const Error e = validate(h); e != Error::None)
        return {kNaN, kNaN, e};
    double weight = 0;
    double sum = 0;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        if (h.counts[i] == 0)
            continue;
        const double x = representative(h.edges[i], h.edges[i + 1]);
        if (std::isnan(x))
            return {kNaN, kNaN, Error::NonFinite};
        weight += h.counts[i];
        sum += h.counts[i] * x;
    }
    if (!(weight > 0))
        return {kNaN, kNaN, Error::ZeroTotal};
    const double mean = sum / weight;
    double squares = 0;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        if (h.counts[i] == 0)
            continue;
        const double d = representative(h.edges[i], h.edges[i + 1]) - mean;
        squares += h.counts[i] * d * d;
    }
    return {mean, squares / weight, Error::None};
}

bool sameEdges(const Histogram &a, const Histogram &b)
{
    if (a.edges.size() != b.edges.size())
        return false;
    for (std::size_t i = 0; i < a.edges.size(); ++i) {
        const double x = a.edges[i];
        const double y = b.edges[i];
        if (x == y)
            continue;
        if (!std::isfinite(x) || !std::isfinite(y)
            || std::abs(x - y) > 1e-9 * std::max({1.0, std::abs(x), std::abs(y)}))
            return false;
    }
    return true;
}

} // namespace

Result<double> psi(std::span<const double> expected, std::span<const double> actual, double epsilon)
{
    if (!(epsilon > 0) || !std::isfinite(epsilon))
        return failure(Error::NonFinite);
    const Pair pair = normalisedPair(expected, actual);
    if (pair.error != Error::None)
        return failure(pair.error);
    double sum = 0;
    for (std::size_t i = 0; i < pair.p.size(); ++i) {
        const double e = pair.p[i] > 0 ? pair.p[i] : epsilon;
        const double a = pair.q[i] > 0 ? pair.q[i] : epsilon;
        sum += (a - e) * std::log(a / e);
    }
    return {sum, Error::None};
}

Result<double> psi(const Histogram &expected, const Histogram &actual, double epsilon)
{
    if (const Error e = validate(expected); e != Error::None)
        return failure(e);
    if (const Error e = validate(actual); e != Error::None)
        return failure(e);
    if (expected.binCount() != actual.binCount())
        return failure(Error::SizeMismatch);
    if (!sameEdges(expected, actual))
        return failure(Error::EdgeMismatch);
    return psi(expected.counts, actual.counts, epsilon);
}

Result<double> jensenShannonDistance(std::span<const double> p, std::span<const double> q)
{
    const Pair pair = normalisedPair(p, q);
    if (pair.error != Error::None)
        return failure(pair.error);
    double divergence = 0;
    for (std::size_t i = 0; i < pair.p.size(); ++i) {
        const double m = (pair.p[i] + pair.q[i]) / 2;
        if (pair.p[i] > 0)
            divergence += pair.p[i] * std::log2(pair.p[i] / m);
        if (pair.q[i] > 0)
            divergence += pair.q[i] * std::log2(pair.q[i] / m);
    }
    // Rounding can leave the divergence a hair outside [0, 2]; the distance is in [0, 1].
    return {std::clamp(std::sqrt(std::max(0.0, divergence / 2)), 0.0, 1.0), Error::None};
}

Result<ChiSquare> chiSquareTest(std::span<const double> observed, std::span<const double> expected)
{
    if (observed.empty() || expected.empty())
        return failure<ChiSquare>(Error::Empty);
    if (observed.size() != expected.size())
        return failure<ChiSquare>(Error::SizeMismatch);
    if (observed.size() < 2)
        return failure<ChiSquare>(Error::TooFewBins);
    const auto prior = proportions(expected);
    if (!prior.ok())
        return failure<ChiSquare>(prior.error);
    double n = 0;
    for (const double o : observed) {
        if (!std::isfinite(o))
            return failure<ChiSquare>(Error::NonFinite);
        if (o < 0)
            return failure<ChiSquare>(Error::NegativeCount);
        n += o;
    }
    if (!(n > 0))
        return failure<ChiSquare>(Error::ZeroTotal);
    if (!std::isfinite(n))
        return failure<ChiSquare>(Error::NonFinite);

    ChiSquare out;
    out.statistic = 0;
    out.degreesOfFreedom = static_cast<int>(observed.size()) - 1;
    out.minExpected = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < observed.size(); ++i) {
        const double e = n * prior.value[i];
        if (!(e > 0))
            return failure<ChiSquare>(Error::ZeroExpected);
        const double d = observed[i] - e;
        out.statistic += d * d / e;
        out.minExpected = std::min(out.minExpected, e);
    }
    if (!std::isfinite(out.statistic)) {
        out.pValue = 0;
        return {out, Error::None};
    }
    // Errors set errno and return a value instead of throwing: the inputs are checked above,
    // and a drift tile must never take the console down.
    using Policy = boost::math::policies::policy<
        boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
        boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
        boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>>;
    const boost::math::chi_squared_distribution<double, Policy> distribution(out.degreesOfFreedom);
    out.pValue = boost::math::cdf(boost::math::complement(distribution, out.statistic));
    return {out, Error::None};
}

Result<double> ksStatistic(std::span<const double> p, std::span<const double> q)
{
    const Pair pair = normalisedPair(p, q);
    if (pair.error != Error::None)
        return failure(pair.error);
    double cp = 0;
    double cq = 0;
    double largest = 0;
    for (std::size_t i = 0; i < pair.p.size(); ++i) {
        cp += pair.p[i];
        cq += pair.q[i];
        largest = std::max(largest, std::abs(cp - cq));
    }
    return {std::min(largest, 1.0), Error::None};
}

Result<double> binnedMean(const Histogram &histogram)
{
    const Moments m = binnedMoments(histogram);
    if (m.error != Error::None)
        return failure(m.error);
    return {m.mean, Error::None};
}

Result<double> binnedStdDev(const Histogram &histogram)
{
    const Moments m = binnedMoments(histogram);
    if (m.error != Error::None)
        return failure(m.error);
    return {std::sqrt(m.variance), Error::None};
}

Result<MeanShift> meanShift(const Histogram &reference, const Histogram &actual)
{
    const Moments r = binnedMoments(reference);
    if (r.error != Error::None)
        return failure<MeanShift>(r.error);
    const Moments a = binnedMoments(actual);
    if (a.error != Error::None)
        return failure<MeanShift>(a.error);
    MeanShift out;
    out.referenceMean = r.mean;
    out.actualMean = a.mean;
    out.shift = a.mean - r.mean;
    const double sd = std::sqrt(r.variance);
    out.shiftInStdDevs = sd > 0 ? out.shift / sd : kNaN;
    return {out, Error::None};
}

Result<double> outsideRangeShare(const Histogram &actual, double low, double high)
{
    if (const Error e = validate(actual); e != Error::None)
        return failure(e);
    if (std::isnan(low) || std::isnan(high) || low > high)
        return failure(Error::BadEdges);
    const double all = total(actual);
    if (!(all > 0))
        return failure(Error::ZeroTotal);
    double outside = 0;
    for (std::size_t i = 0; i < actual.counts.size(); ++i) {
        if (actual.edges[i + 1] <= low || actual.edges[i] >= high)
            outside += actual.counts[i];
    }
    return {outside / all, Error::None};
}

std::string_view label(Statistic statistic)
{
    switch (statistic) {
    case Statistic::Psi:
        return "PSI";
    case Statistic::JensenShannon:
        return "JS distance";
    case Statistic::ChiSquarePValue:
        return "Chi-square p-value";
    case Statistic::Ks:
        return "KS statistic";
    case Statistic::MeanShift:
        return "Mean shift";
    case Statistic::OutsideTrainingRange:
        return "Outside training range";
    }
    return "";
}

std::string_view explain(Statistic statistic)
{
    switch (statistic) {
    case Statistic::Psi:
        return "How much the spread of values moved from the training data: under 0.1 is "
               "stable, 0.1 to 0.25 is worth a look, over 0.25 means the model now sees "
               "different data.";
    case Statistic::JensenShannon:
        return "How different two mixes are, from 0 (the same) to 1 (nothing in common).";
    case Statistic::ChiSquarePValue:
        return "How likely this class mix is if nothing changed: below 0.01 the mix has "
               "almost certainly shifted (unreliable with only a handful of requests).";
    case Statistic::Ks:
        return "The largest gap between the two running totals of values, from 0 (same) to "
               "1 (no overlap).";
    case Statistic::MeanShift:
        return "How far the average value moved from the training average, in the feature's "
               "unit and in training standard deviations.";
    case Statistic::OutsideTrainingRange:
        return "Share of values beyond the smallest or largest value seen in training; the "
               "model is guessing for these.";
    }
    return "";
}

Level classify(double value, const Thresholds &thresholds)
{
    if (std::isnan(value))
        return Level::Unknown;
    if (value > thresholds.red)
        return Level::Red;
    if (value >= thresholds.amber)
        return Level::Amber;
    return Level::Ok;
}

Result<FeatureComparison> compareFeature(const Histogram &reference, const Histogram &observed,
                                         const Thresholds &thresholds)
{
    if (const Error e = validate(reference); e != Error::None)
        return failure<FeatureComparison>(e);
    const auto folded = rebin(observed, reference.edges);
    if (!folded.ok())
        return failure<FeatureComparison>(folded.error);

    FeatureComparison out;
    out.observations = total(observed);
    const auto p = psi(reference.counts, folded.value.counts);
    if (!p.ok())
        return failure<FeatureComparison>(p.error);
    out.psi = p.value;
    out.jsDistance = jensenShannonDistance(reference.counts, folded.value.counts).value;
    out.ks = ksStatistic(reference.counts, folded.value.counts).value;
    const auto shift = meanShift(reference, observed);
    if (!shift.ok())
        return failure<FeatureComparison>(shift.error);
    out.meanShift = shift.value;
    out.outsideShare =
        outsideRangeShare(observed, reference.edges.front(), reference.edges.back()).value;
    out.level = classify(out.psi, thresholds);
    return {out, Error::None};
}

} // namespace vitals::drift

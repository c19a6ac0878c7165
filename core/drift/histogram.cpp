#include "core/drift/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace vitals::drift {

namespace {

bool sameEdge(double a, double b)
{
    if (a == b)
        return true;
    if (!std::isfinite(a) || !std::isfinite(b))
        return false;
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

Error validateEdges(std::span<const double> edges)
{
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (std::isnan(edges[i]))
            return Error::BadEdges;
        if (i > 0 && !(edges[i] > edges[i - 1]))
            return Error::BadEdges;
    }
    return Error::None;
}

} // namespace

Error validate(const Histogram &histogram)
{
    if (histogram.counts.empty())
        return Error::Empty;
    if (histogram.edges.size() != histogram.counts.size() + 1)
        return Error::BadEdges;
    if (const Error e = validateEdges(histogram.edges); e != Error::None)
        return e;
    for (const double c : histogram.counts) {
        if (!std::isfinite(c))
            return Error::NonFinite;
        if (c < 0)
            return Error::NegativeCount;
    }
    return Error::None;
}

double total(const Histogram &histogram)
{
    double sum = 0;
    for (const double c : histogram.counts)
        sum += c;
    return sum;
}

Result<std::vector<double>> proportions(std::span<const double> counts)
{
    if (counts.empty())
        return {{}, Error::Empty};
    double sum = 0;
    for (const double c : counts) {
        if (!std::isfinite(c))
            return {{}, Error::NonFinite};
        if (c < 0)
            return {{}, Error::NegativeCount};
        sum += c;
    }
    if (!(sum > 0) || !std::isfinite(sum))
        return {{}, sum > 0 ? Error::NonFinite : Error::ZeroTotal};
    std::vector<double> p(counts.begin(), counts.end());
    for (double &v : p)
        v /= sum;
    return {std::move(p), Error::None};
}

Result<BucketConversion> fromCumulativeBuckets(std::span<const Bucket> buckets)
{
    if (buckets.empty())
        return {{}, Error::Empty};
    std::vector<Bucket> sorted(buckets.begin(), buckets.end());
    for (const Bucket &b : sorted) {
        if (std::isnan(b.le) || b.le == -std::numeric_limits<double>::infinity())
            return {{}, Error::BadEdges};
        if (!std::isfinite(b.count))
            return {{}, Error::NonFinite};
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const Bucket &a, const Bucket &b) { return a.le < b.le; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i].le == sorted[i - 1].le)
            return {{}, Error::BadEdges};
    }
    if (sorted.back().le != std::numeric_limits<double>::infinity())
        return {{}, Error::MissingInfBucket};

    BucketConversion out;
    out.histogram.edges.reserve(sorted.size() + 1);
    out.histogram.counts.reserve(sorted.size());
    out.histogram.edges.push_back(-std::numeric_limits<double>::infinity());
    double previous = 0;
    for (const Bucket &b : sorted) {
        double cumulative = b.count;
        if (cumulative < previous) {
            cumulative = previous;
            ++out.repairs;
        }
        out.histogram.edges.push_back(b.le);
        out.histogram.counts.push_back(cumulative - previous);
        previous = cumulative;
    }
    return {std::move(out), Error::None};
}

Result<std::vector<Bucket>> bucketIncrease(std::span<const Bucket> earlier,
                                           std::span<const Bucket> later)
{
    if (earlier.empty() || later.empty())
        return {{}, Error::Empty};
    if (earlier.size() != later.size())
        return {{}, Error::BadEdges};
    std::map<double, double> before;
    for (const Bucket &b : earlier) {
        if (std::isnan(b.le))
            return {{}, Error::BadEdges};
        if (!std::isfinite(b.count))
            return {{}, Error::NonFinite};
        if (!before.emplace(b.le, b.count).second)
            return {{}, Error::BadEdges};
    }
    std::vector<Bucket> out;
    out.reserve(later.size());
    for (const Bucket &b : later) {
        if (!std::isfinite(b.count))
            return {{}, Error::NonFinite};
        const auto it = before.find(b.le);
        if (it == before.end())
            return {{}, Error::BadEdges};
        const double increase = b.count >= it->second ? b.count - it->second : b.count;
        out.push_back({b.le, std::max(0.0, increase)});
        before.erase(it);
    }
    return {std::move(out), Error::None};
}

Result<Histogram> rebin(const Histogram &source, std::span<const double> edges)
{
    if (const Error e = validate(source); e != Error::None)
        return {{}, e};
    if (edges.size() < 2)
        return {{}, Error::Empty};
    if (const Error e = validateEdges(edges); e != Error::None)
        return {{}, e};

    Histogram out;
    out.edges.assign(edges.begin(), edges.end());
    out.counts.assign(edges.size() - 1, 0.0);
    const std::size_t last = out.counts.size() - 1;

    for (std::size_t i = 0; i < source.counts.size(); ++i) {
        const double lo = source.edges[i];
        const double hi = source.edges[i + 1];
        if (hi < edges.front() || sameEdge(hi, edges.front())) {
            out.counts[0] += source.counts[i];
            continue;
        }
        if (lo > edges.back() || sameEdge(lo, edges.back())) {
            out.counts[last] += source.counts[i];
            continue;
        }
        // The target bin whose upper edge is the first one at or above `hi`.
        std::size_t j = 0;
        while (j + 1 < edges.size() && edges[j + 1] < hi && !sameEdge(edges[j + 1], hi))
            ++j;
        if (j > last)
            return {{}, Error::EdgeMismatch};
        const bool lowInside = lo > edges[j] || sameEdge(lo, edges[j]);
        const bool highInside =
            j + 1 < edges.size() && (hi < edges[j + 1] || sameEdge(hi, edges[j + 1]));
        if (!lowInside || !highInside)
            return {{}, Error::EdgeMismatch};
        out.counts[j] += source.counts[i];
    }
    return {std::move(out), Error::None};
}

} // namespace vitals::drift

#include "core/driftquery.h"

#include <cmath>

namespace vitals::driftquery {

namespace {

double parseBound(const QString &text)
{
    if (text == QLatin1String("+Inf") || text == QLatin1String("Inf"))
        return std::numeric_limits<double>::infinity();
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok ? v : std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> proportionsOf(const drift::Histogram &h)
{
    double total = 0;
    for (double c : h.counts)
        total += c;
    std::vector<double> p(h.counts.size(), 0.0);
    if (total > 0)
        for (std::size_t i = 0; i < p.size(); ++i)
            p[i] = h.counts[i] / total;
    return p;
}

} // namespace

std::map<QString, drift::Histogram>
observedHistograms(const std::vector<prom::VectorSample> &buckets, QStringList *errors)
{
    std::map<QString, std::vector<drift::Bucket>> byFeature;
    for (const auto &s : buckets) {
        const QString feature = s.labels.value(u"feature");
        const double le = parseBound(s.labels.value(u"le"));
        if (feature.isEmpty() || std::isnan(le))
            continue;
        byFeature[feature].push_back({le, s.value});
    }
    std::map<QString, drift::Histogram> out;
    for (const auto &[feature, list] : byFeature) {
        const auto converted = drift::fromCumulativeBuckets(list);
        if (converted.ok())
            out[feature] = converted.value.histogram;
        else if (errors)
            *errors << QStringLiteral("%1: %2").arg(
                feature, QString::fromUtf8(drift::errorMessage(converted.error).data(),
                                           qsizetype(drift::errorMessage(converted.error).size())));
    }
    return out;
}

std::map<QString, drift::Histogram>
referenceHistograms(const std::vector<prom::VectorSample> &proportions)
{
    std::map<QString, std::map<double, double>> byFeature;
    for (const auto &s : proportions) {
        const QString feature = s.labels.value(u"feature");
        const double le = parseBound(s.labels.value(u"bucket_le"));
        if (feature.isEmpty() || std::isnan(le) || !std::isfinite(s.value))
            continue;
        byFeature[feature][le] = s.value;
    }
    std::map<QString, drift::Histogram> out;
    for (const auto &[feature, bins] : byFeature) {
        drift::Histogram h;
        for (const auto &[le, share] : bins) {
            if (std::isinf(le))
                continue; // mass above the last edge: none in the training data
            if (!h.edges.empty())
                h.counts.push_back(share);
            h.edges.push_back(le);
        }
        if (h.edges.size() >= 2)
            out[feature] = std::move(h);
    }
    return out;
}

std::map<QString, double> perClass(const std::vector<prom::VectorSample> &samples)
{
    std::map<QString, double> out;
    for (const auto &s : samples) {
        const QString cls = s.labels.value(u"class");
        if (!cls.isEmpty() && std::isfinite(s.value))
            out[cls] += s.value;
    }
    return out;
}

MixComparison compareMix(const std::map<QString, double> &counts,
                         const std::map<QString, double> &priors)
{
    std::vector<double> observed;
    std::vector<double> expected;
    MixComparison result;
    for (const auto &[cls, prior] : priors) {
        const auto it = counts.find(cls);
        const double n = it == counts.end() ? 0.0 : std::max(0.0, it->second);
        observed.push_back(n);
        expected.push_back(prior);
        result.observations += n;
    }
    // Rounding: increase() extrapolates, so counts are not whole; the test wants counts.
    std::vector<double> whole(observed.size());
    for (std::size_t i = 0; i < observed.size(); ++i)
        whole[i] = std::round(observed[i]);
    result.jsDistance = drift::jensenShannonDistance(observed, expected);
    result.chiSquare = drift::chiSquareTest(whole, expected);
    return result;
}

drift::Result<drift::FeatureComparison> compareWindows(const drift::Histogram &baseline,
                                                       const drift::Histogram &observed,
                                                       const drift::Thresholds &thresholds)
{
    drift::Result<drift::FeatureComparison> out;
    if (baseline.edges != observed.edges) {
        out.error = drift::Error::EdgeMismatch;
        return out;
    }
    const auto psi = drift::psi(baseline, observed);
    if (!psi.ok()) {
        out.error = psi.error;
        return out;
    }
    const auto p = proportionsOf(baseline);
    const auto q = proportionsOf(observed);
    drift::FeatureComparison c;
    c.psi = psi.value;
    c.jsDistance = drift::jensenShannonDistance(p, q).value;
    c.ks = drift::ksStatistic(p, q).value;
    c.meanShift = drift::meanShift(baseline, observed).value;
    double total = 0;
    for (double n : observed.counts)
        total += n;
    c.observations = total;
    // The outermost bins are open-ended: values there are outside the training range.
    if (total > 0 && observed.counts.size() >= 2)
        c.outsideShare = (observed.counts.front() + observed.counts.back()) / total;
    c.level = drift::classify(c.psi, thresholds);
    out.value = c;
    return out;
}

} // namespace vitals::driftquery

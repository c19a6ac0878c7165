#include "core/series/heatmapbuckets.h"

#include <algorithm>
#include <cmath>

namespace vitals::series {

double HeatmapBuckets::maxCount() const
{
    double most = 0.0;
    for (const auto &row : counts)
        for (double c : row)
            most = c > most ? c : most;
    return most;
}

bool heatmapBuckets(const SeriesList &buckets, HeatmapBuckets &out, QString &error)
{
    out = HeatmapBuckets();
    std::vector<std::pair<double, const Series *>> byBound;
    for (const Series &s : buckets) {
        const QString le = s.labels().value(u"le");
        if (le.isEmpty()) {
            error = QStringLiteral("series %1 has no \"le\" label: not a histogram bucket")
                        .arg(s.labels().toString());
            return false;
        }
        bool ok = false;
        const double bound = le == QLatin1String("+Inf") ? qInf() : le.toDouble(&ok);
        if (le != QLatin1String("+Inf") && (!ok || std::isnan(bound))) {
            error = QStringLiteral("series %1: \"le\" is not a number").arg(s.labels().toString());
            return false;
        }
        byBound.emplace_back(bound, &s);
    }
    std::sort(byBound.begin(), byBound.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (std::size_t i = 1; i < byBound.size(); ++i) {
        if (byBound[i].first == byBound[i - 1].first) {
            error = QStringLiteral("two series share the bucket le=\"%1\": aggregate the other "
                                   "labels away, e.g. sum by (le) (...)")
                        .arg(byBound[i].second->labels().value(u"le"));
            return false;
        }
    }
    for (const auto &[bound, s] : byBound) {
        out.upperBounds.push_back(bound);
        out.t.insert(out.t.end(), s->timestampsMs().begin(), s->timestampsMs().end());
    }
    std::sort(out.t.begin(), out.t.end());
    out.t.erase(std::unique(out.t.begin(), out.t.end()), out.t.end());

    // Cumulative values on the common times (NaN where a bucket has no sample).
    out.counts.assign(byBound.size(), std::vector<double>(out.t.size(), qQNaN()));
    for (std::size_t b = 0; b < byBound.size(); ++b) {
        const Series &s = *byBound[b].second;
        std::size_t j = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            while (out.t[j] < s.timestampAt(i))
                ++j;
            out.counts[b][j] = s.value(i);
        }
    }
    // From the top down, so each subtraction reads the cumulative value below.
    for (std::size_t b = byBound.size(); b-- > 1;) {
        for (std::size_t j = 0; j < out.t.size(); ++j) {
            double &cell = out.counts[b][j];
            if (std::isnan(cell))
                continue;
            const double below = out.counts[b - 1][j];
            cell -= std::isnan(below) ? 0.0 : below;
            cell = std::max(0.0, cell);
        }
    }
    return true;
}

} // namespace vitals::series

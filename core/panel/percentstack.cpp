#include "core/panel/percentstack.h"

#include "core/panel/paneldata.h"

#include <cmath>
#include <map>

namespace vitals::panel {

void toStackShares(std::vector<PanelSeries> &list)
{
    std::map<qint64, double> sums;
    for (const PanelSeries &s : list)
        for (std::size_t i = 0; i < s.samples.size(); ++i) {
            const double v = s.samples.value(i);
            if (std::isfinite(v))
                sums[s.samples.timestampsMs()[i]] += v;
        }
    for (PanelSeries &s : list) {
        series::Series shares(s.samples.labels());
        shares.reserve(s.samples.size());
        for (std::size_t i = 0; i < s.samples.size(); ++i) {
            const qint64 t = s.samples.timestampsMs()[i];
            const double v = s.samples.value(i);
            const auto it = sums.find(t);
            const bool ok = std::isfinite(v) && it != sums.end() && it->second != 0;
            shares.append(t, ok ? v / it->second : qQNaN());
        }
        s.samples = std::move(shares);
    }
}

} // namespace vitals::panel

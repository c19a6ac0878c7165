#include "widgets/heatmapcolors.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace vitals {

namespace {

struct Scheme {
    const char *name;
    bool invertOnDark; // Grafana's `invert: "dark"`: light-to-dark schemes flip on dark
    double start;      // where the ramp starts: single-hue schemes skip their near-white end,
                       // which would vanish on a light background
    const char *stops; // d3-scale-chromatic's colours, low to high, space separated
};

// The d3-scale-chromatic schemes Grafana's heatmap offers most, by their published colour
// steps (9-class sequential, 11-class diverging, 11 samples of the perceptual ones).
const std::array<Scheme, 15> kSchemes{{
    {"Oranges", true, 0.25,
     "#fff5eb #fee6ce #fdd0a2 #fdae6b #fd8d3c #f16913 #d94801 #a63603 #7f2704"},
    {"Reds", true, 0.25, "#fff5f0 #fee0d2 #fcbba1 #fc9272 #fb6a4a #ef3b2c #cb181d #a50f15 #67000d"},
    {"Blues", true, 0.25,
     "#f7fbff #deebf7 #c6dbef #9ecae1 #6baed6 #4292c6 #2171b5 #08519c #08306b"},
    {"Greens", true, 0.25,
     "#f7fcf5 #e5f5e0 #c7e9c0 #a1d99b #74c476 #41ab5d #238b45 #006d2c #00441b"},
    {"Purples", true, 0.25,
     "#fcfbfd #efedf5 #dadaeb #bcbddc #9e9ac8 #807dba #6a51a3 #54278f #3f007d"},
    {"Greys", true, 0.25,
     "#ffffff #f0f0f0 #d9d9d9 #bdbdbd #969696 #737373 #525252 #252525 #000000"},
    {"YlOrRd", true, 0.15,
     "#ffffcc #ffeda0 #fed976 #feb24c #fd8d3c #fc4e2a #e31a1c #bd0026 #800026"},
    {"YlGnBu", true, 0.15,
     "#ffffd9 #edf8b1 #c7e9b4 #7fcdbb #41b6c4 #1d91c0 #225ea8 #253494 #081d58"},
    {"Viridis", false, 0.0,
     "#440154 #482475 #414487 #355f8d #2a788e #21918c #22a884 #44bf70 #7ad151 #bddf26 #fde725"},
    {"Magma", false, 0.0,
     "#000004 #140e36 #3b0f70 #641a80 #8c2981 #b73779 #de4968 #f7705c #fe9f6d #fecf92 #fcfdbf"},
    {"Inferno", false, 0.0,
     "#000004 #160b39 #420a68 #6a176e #932667 #bc3754 #dd513a #f37819 #fca50a #f6d746 #fcffa4"},
    {"Plasma", false, 0.0,
     "#0d0887 #41049d #6a00a8 #8f0da4 #b12a90 #cc4778 #e16462 #f2844b #fca636 #fcce25 #f0f921"},
    {"Spectral", false, 0.0,
     "#9e0142 #d53e4f #f46d43 #fdae61 #fee08b #ffffbf #e6f598 #abdda4 #66c2a5 #3288bd #5e4fa2"},
    {"RdYlGn", false, 0.0,
     "#a50026 #d73027 #f46d43 #fdae61 #fee08b #ffffbf #d9ef8b #a6d96a #66bd63 #1a9850 #006837"},
    {"RdYlBu", false, 0.0,
     "#a50026 #d73027 #f46d43 #fdae61 #fee090 #ffffbf #e0f3f8 #abd9e9 #74add1 #4575b4 #313695"},
}};

const Scheme *findScheme(QString name)
{
    if (name.startsWith(QLatin1String("interpolate"), Qt::CaseInsensitive))
        name = name.mid(11);
    for (const Scheme &s : kSchemes)
        if (name.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0)
            return &s;
    return nullptr;
}

QColor mix(const QColor &a, const QColor &b, double f)
{
    auto channel = [f](int x, int y) { return int(std::lround(x + (y - x) * f)); };
    return QColor(channel(a.red(), b.red()), channel(a.green(), b.green()),
                  channel(a.blue(), b.blue()));
}

QColor opacityColor(const QString &spec)
{
    if (!spec.startsWith(QLatin1String("opacity:"), Qt::CaseInsensitive))
        return {};
    return QColor::fromString(spec.mid(8).trimmed());
}

} // namespace

bool HeatmapColors::knows(const QString &spec)
{
    return spec.isEmpty() || findScheme(spec) || opacityColor(spec).isValid();
}

HeatmapColors HeatmapColors::fromSpec(const QString &spec, bool dark)
{
    HeatmapColors colors;
    if (const QColor c = opacityColor(spec); c.isValid()) {
        colors.m_name = QStringLiteral("opacity");
        colors.m_opacityColor = c;
        return colors;
    }
    const Scheme *scheme = findScheme(spec);
    if (!scheme)
        scheme = &kSchemes[0];
    colors.m_name = QLatin1String(scheme->name);
    std::vector<QColor> all;
    for (const QString &hex : QString::fromLatin1(scheme->stops).split(QLatin1Char(' ')))
        all.emplace_back(QColor::fromString(hex));
    // Resample from `start` to the end, so the ramp's first colour is where it starts.
    constexpr int kSteps = 64; // Grafana's default number of steps
    for (int i = 0; i < kSteps; ++i) {
        const double t = scheme->start + (1.0 - scheme->start) * double(i) / (kSteps - 1);
        const double at = t * double(all.size() - 1);
        const std::size_t lo = std::min(all.size() - 2, std::size_t(at));
        colors.m_stops.push_back(mix(all[lo], all[lo + 1], at - double(lo)));
    }
    if (dark && scheme->invertOnDark)
        std::reverse(colors.m_stops.begin(), colors.m_stops.end());
    return colors;
}

QColor HeatmapColors::colorFor(double count, double maxCount) const
{
    const double f = maxCount > 0 ? std::sqrt(std::clamp(count / maxCount, 0.0, 1.0)) : 0.0;
    if (m_opacityColor.isValid()) {
        QColor c = m_opacityColor;
        c.setAlphaF(float(0.1 + 0.9 * f)); // Grafana keeps the faintest cell visible
        return c;
    }
    if (m_stops.empty())
        return fromSpec(QString()).colorFor(count, maxCount);
    const std::size_t i = std::size_t(std::lround(f * double(m_stops.size() - 1)));
    return m_stops[std::min(i, m_stops.size() - 1)];
}

} // namespace vitals

#pragma once

#include <QColor>
#include <QString>

#include <vector>

namespace vitals {

// The colour of a heatmap cell by its count, as Grafana's heatmap panel picks it: either a d3
// colour scheme (Grafana's "spectrum"/"scheme" modes; "Oranges" by default) or one colour made
// more opaque as the count grows ("opacity" mode). Both use Grafana's default square-root scale
// (exponent 0.5), so a few busy cells do not wash out the rest.
//
// On a dark palette the single-hue and yellow-to-red schemes run the other way, light for the
// busiest cells, as Grafana's `invert: "dark"` schemes do; the others keep their direction.
// A plain value type; any thread.
class HeatmapColors
{
public:
    // `spec` as dashboard::Panel::heatmapColors writes it: a scheme name ("Oranges",
    // "Viridis", "Spectral", …, case-insensitive, "interpolate" prefix allowed) or
    // "opacity:<colour>" (a #rrggbb colour or a Qt colour name). An unknown or empty spec gives
    // Oranges. `dark`: the colours are for a dark background.
    static HeatmapColors fromSpec(const QString &spec, bool dark = false);
    // Whether `spec` names a scheme or colour this class knows (an import reports others).
    static bool knows(const QString &spec);

    // The colour of a cell holding `count` when the largest count is `maxCount` (counts > 0).
    QColor colorFor(double count, double maxCount) const;
    // The scheme's name ("Oranges", …) or "opacity".
    QString name() const { return m_name; }

private:
    QString m_name = QStringLiteral("Oranges");
    std::vector<QColor> m_stops; // the ramp from low to high counts, evenly spaced
    QColor m_opacityColor;       // valid in opacity mode
};

} // namespace vitals

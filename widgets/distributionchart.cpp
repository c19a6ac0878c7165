#include "widgets/distributionchart.h"

#include "widgets/valueaxis.h"
#include "widgets/widgetslogging.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QStackedBarSeries>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace vitals {

namespace {
const QColor kGroupColors[] = {QColor(0x57, 0x94, 0xf2), QColor(0x9a, 0x9a, 0x9a),
                               QColor(0xf2, 0xcc, 0x0c), QColor(0x73, 0xbf, 0x69)};
}

struct DistributionChart::Impl {
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QAbstractBarSeries *bars = nullptr;
    // The colour of each bar set: one set per group, or one per category when the categories
    // have their own colours (see setCategoryColors()).
    std::vector<QColor> setColors;
    bool perCategory = false;
};

DistributionChart::DistributionChart(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Impl>())
{
    d->chart = new QChart;
    d->chart->setMargins(QMargins(4, 4, 4, 4));
    d->chart->setBackgroundRoundness(0);
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing, true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->view);
    setMinimumSize(200, 140);
    applyPalette();
}

DistributionChart::~DistributionChart() = default;

void DistributionChart::setUnit(units::Unit unit)
{
    m_unit = unit;
    rebuild();
}

void DistributionChart::setData(const QStringList &categories, const std::vector<BarGroup> &groups)
{
    m_categories = categories;
    m_groups = groups;
    for (const BarGroup &g : groups)
        if (g.values.size() != std::size_t(categories.size()))
            qCDebug(lcWidgets) << "distribution group" << g.name << "has" << g.values.size()
                               << "values for" << categories.size() << "categories";
    rebuild();
}

double DistributionChart::value(int group, int category) const
{
    if (group < 0 || group >= groupCount() || category < 0
        || std::size_t(category) >= m_groups[std::size_t(group)].values.size())
        return qQNaN();
    return m_groups[std::size_t(group)].values[std::size_t(category)];
}

void DistributionChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void DistributionChart::rebuild()
{
    d->chart->removeAllSeries();
    // removeAxis() hands the axis back to the caller.
    for (QAbstractAxis *axis : d->chart->axes()) {
        d->chart->removeAxis(axis);
        delete axis;
    }
    double hi = 0.0;
    d->setColors.clear();
    d->perCategory = m_groups.size() == 1
                     && std::any_of(m_categoryColors.begin(), m_categoryColors.end(),
                                    [](const QColor &c) { return c.isValid(); });
    QAbstractBarSeries *series = nullptr;
    if (d->perCategory) {
        // Qt Charts colours a whole bar set: one set per category, each with a value at its own
        // category only, stacked so every bar keeps the full width.
        series = new QStackedBarSeries;
        const std::vector<double> &values = m_groups.front().values;
        for (qsizetype c = 0; c < m_categories.size(); ++c) {
            auto *set = new QBarSet(m_categories[c]);
            const double v = std::size_t(c) < values.size() ? values[std::size_t(c)] : qQNaN();
            for (qsizetype k = 0; k < m_categories.size(); ++k)
                set->append(k == c && std::isfinite(v) ? v : 0.0);
            if (std::isfinite(v))
                hi = std::max(hi, v);
            const QColor own = std::size_t(c) < m_categoryColors.size()
                                   ? m_categoryColors[std::size_t(c)]
                                   : QColor();
            d->setColors.push_back(own.isValid() ? own : kGroupColors[0]);
            series->append(set);
        }
    } else {
        series = new QBarSeries;
        for (std::size_t g = 0; g < m_groups.size(); ++g) {
            auto *set = new QBarSet(m_groups[g].name);
            for (qsizetype c = 0; c < m_categories.size(); ++c) {
                const double v = std::size_t(c) < m_groups[g].values.size()
                                     ? m_groups[g].values[std::size_t(c)]
                                     : qQNaN();
                set->append(std::isfinite(v) ? v : 0.0);
                if (std::isfinite(v))
                    hi = std::max(hi, v);
            }
            d->setColors.push_back(kGroupColors[g % std::size(kGroupColors)]);
            series->append(set);
        }
    }
    d->bars = series;
    d->chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(m_categories);
    d->chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);

    auto *y = new QCategoryAxis;
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    valueaxis::fill(y, 0.0, hi, m_unit);
    d->chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    applyPalette();
}

void DistributionChart::applyPalette()
{
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    d->chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    d->chart->setBackgroundBrush(pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    for (QAbstractAxis *axis : d->chart->axes()) {
        axis->setLabelsColor(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    d->chart->legend()->setLabelColor(text);
    // The theme resets bar colours: put ours back.
    if (d->bars) {
        const auto sets = d->bars->barSets();
        for (qsizetype g = 0; g < sets.size() && std::size_t(g) < d->setColors.size(); ++g) {
            sets[g]->setColor(d->setColors[std::size_t(g)]);
            sets[g]->setBorderColor(Qt::transparent);
        }
    }
}

void DistributionChart::setCategoryColors(const std::vector<QColor> &colors)
{
    m_categoryColors = colors;
    rebuild();
}

QColor DistributionChart::drawnBarColor(int group, int category) const
{
    if (!d->bars || group < 0 || group >= groupCount() || category < 0
        || category >= m_categories.size())
        return {};
    const auto sets = d->bars->barSets();
    const qsizetype set = d->perCategory ? category : group;
    return set < sets.size() ? sets[set]->color() : QColor();
}

} // namespace vitals

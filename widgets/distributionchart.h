#pragma once

#include "core/units.h"

#include <QColor>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

namespace vitals {

// One group of bars: a value per category, e.g. the current prediction mix, or the training
// prior. Plain data.
struct BarGroup {
    QString name;
    std::vector<double> values; // one per category; NaN shows as no bar
};

// Grouped bars over named categories: a class mix against the training prior, or a feature's
// value histogram in the current window against the reference bins. Values are in the chart's
// unit (PercentUnit for shares 0–1). Hides Qt Charts like TimeSeriesChart does.
// GUI thread only; owned by its parent.
class DistributionChart : public QWidget
{
    Q_OBJECT
public:
    explicit DistributionChart(QWidget *parent = nullptr);
    ~DistributionChart() override;

    void setUnit(units::Unit unit);
    void setData(const QStringList &categories, const std::vector<BarGroup> &groups);
    // Fixed colours per category (Grafana's colour overrides by name), in the order of
    // setData()'s categories; an invalid or missing colour = the group's colour. With one
    // group and any fixed colour, each category's bar is drawn in its own colour and the legend
    // names the categories.
    void setCategoryColors(const std::vector<QColor> &colors);
    // The colour the bar of `group` at `category` is drawn in at the last rebuild (tests);
    // invalid when there is no such bar.
    QColor drawnBarColor(int group, int category) const;

    QStringList categories() const { return m_categories; }
    int groupCount() const { return int(m_groups.size()); }
    // Value of `group` at `category`, NaN when out of range.
    double value(int group, int category) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void applyPalette();

    struct Impl;
    std::unique_ptr<Impl> d;
    QStringList m_categories;
    std::vector<BarGroup> m_groups;
    std::vector<QColor> m_categoryColors;
    units::Unit m_unit = units::Unit::None;
};

} // namespace vitals

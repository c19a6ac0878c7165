#pragma once

#include "core/timerange.h"

#include <QWidget>

class QComboBox;

namespace vitals {

// The dashboard's time controls: a range combo (last 5m … 7d, and Custom… for an absolute
// from/to), and an auto-refresh combo (off, 1s … 1m). A zoom or pan sets an absolute range,
// which the combo shows as an extra entry. GUI thread only; owned by its parent.
class TimeRangePicker : public QWidget
{
    Q_OBJECT
public:
    explicit TimeRangePicker(QWidget *parent = nullptr);

    TimeRange range() const { return m_range; }
    // Shows `range` (selecting its preset when it is one) without emitting rangeChanged.
    void setRange(const TimeRange &range);

    // Auto-refresh interval in milliseconds; 0 = off.
    int refreshIntervalMs() const;
    void setRefreshIntervalMs(int ms);

    // The presets offered, in milliseconds.
    static QList<qint64> presetSpansMs();
    // The refresh intervals offered, in milliseconds (0 = off).
    static QList<int> refreshIntervalsMs();

Q_SIGNALS:
    void rangeChanged(const vitals::TimeRange &range);
    void refreshIntervalChanged(int ms);

private:
    void onRangeActivated(int index);
    void askCustomRange();
    void showRange();

    QComboBox *m_rangeCombo = nullptr;
    QComboBox *m_refreshCombo = nullptr;
    TimeRange m_range;
};

} // namespace vitals

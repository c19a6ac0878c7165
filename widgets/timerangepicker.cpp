#include "widgets/timerangepicker.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>

namespace vitals {

namespace {
// Item data of the range combo: a preset span in ms, or one of these markers.
constexpr qint64 kCustom = -1;
constexpr qint64 kCurrentAbsolute = -2;
} // namespace

QList<qint64> TimeRangePicker::presetSpansMs()
{
    return {5 * 60000LL, 15 * 60000LL, 3600000LL, 6 * 3600000LL, 24 * 3600000LL, 7 * 86400000LL};
}

QList<int> TimeRangePicker::refreshIntervalsMs()
{
    return {0, 1000, 5000, 10000, 30000, 60000};
}

TimeRangePicker::TimeRangePicker(QWidget *parent)
    : QWidget(parent)
    , m_rangeCombo(new QComboBox(this))
    , m_refreshCombo(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rangeCombo->setToolTip(tr("Time range shown by every panel"));
    m_rangeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_refreshCombo->setToolTip(tr("Auto-refresh"));
    layout->addWidget(m_rangeCombo);
    layout->addWidget(new QLabel(tr("Refresh"), this));
    layout->addWidget(m_refreshCombo);

    for (int ms : refreshIntervalsMs())
        m_refreshCombo->addItem(ms == 0      ? tr("Off")
                                : ms < 60000 ? tr("%1 s").arg(ms / 1000)
                                             : tr("1 min"),
                                ms);
    m_refreshCombo->setCurrentIndex(0);
    connect(m_refreshCombo, &QComboBox::activated, this,
            [this] { Q_EMIT refreshIntervalChanged(refreshIntervalMs()); });

    connect(m_rangeCombo, &QComboBox::activated, this, &TimeRangePicker::onRangeActivated);
    showRange();
}

void TimeRangePicker::setRange(const TimeRange &range)
{
    m_range = range;
    showRange();
}

int TimeRangePicker::refreshIntervalMs() const
{
    return m_refreshCombo->currentData().toInt();
}

void TimeRangePicker::setRefreshIntervalMs(int ms)
{
    const int index = m_refreshCombo->findData(ms);
    m_refreshCombo->setCurrentIndex(index >= 0 ? index : 0);
}

void TimeRangePicker::showRange()
{
    m_rangeCombo->clear();
    int current = -1;
    for (qint64 span : presetSpansMs()) {
        const TimeRange preset = TimeRange::last(span);
        m_rangeCombo->addItem(preset.label(), span);
        if (m_range == preset)
            current = m_rangeCombo->count() - 1;
    }
    if (current < 0) {
        m_rangeCombo->addItem(m_range.label(), kCurrentAbsolute);
        current = m_rangeCombo->count() - 1;
    }
    m_rangeCombo->addItem(tr("Custom…"), kCustom);
    m_rangeCombo->setCurrentIndex(current);
}

void TimeRangePicker::onRangeActivated(int index)
{
    const qint64 data = m_rangeCombo->itemData(index).toLongLong();
    if (data == kCustom) {
        askCustomRange();
        return;
    }
    if (data == kCurrentAbsolute)
        return;
    m_range = TimeRange::last(data);
    showRange();
    Q_EMIT rangeChanged(m_range);
}

void TimeRangePicker::askCustomRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Custom time range"));
    auto *form = new QFormLayout(&dialog);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto *from = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(m_range.fromMs(now)), &dialog);
    auto *to = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(m_range.toMs(now)), &dialog);
    for (auto *edit : {from, to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    form->addRow(tr("From"), from);
    form->addRow(tr("To"), to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted
        && from->dateTime().toMSecsSinceEpoch() != to->dateTime().toMSecsSinceEpoch()) {
        m_range = TimeRange::absolute(from->dateTime().toMSecsSinceEpoch(),
                                      to->dateTime().toMSecsSinceEpoch());
        showRange();
        Q_EMIT rangeChanged(m_range);
    } else {
        showRange();
    }
}

} // namespace vitals

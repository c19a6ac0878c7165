#include "ui/driftpanel.h"

#include "widgets/levelcolors.h"

#include "core/units.h"
#include "ui/tables.h"
#include "widgets/stattile.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>

#include <cmath>

// The drift view's tables and tiles, filled from the answers compute() and computeNow() read.
namespace vitals {

namespace {

StatTile::Level tileLevel(drift::Level level)
{
    switch (level) {
    case drift::Level::Ok:
        return StatTile::Level::Ok;
    case drift::Level::Amber:
        return StatTile::Level::Warning;
    case drift::Level::Red:
        return StatTile::Level::Critical;
    case drift::Level::Unknown:
        break;
    }
    return StatTile::Level::Unknown;
}

QColor levelColor(drift::Level level)
{
    switch (level) {
    case drift::Level::Ok:
        return levelcolors::ok();
    case drift::Level::Amber:
        return levelcolors::warning();
    case drift::Level::Red:
        return levelcolors::critical();
    case drift::Level::Unknown:
        break;
    }
    return {};
}

QString number(double v, int decimals = 3)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("—");
}

QString clock(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

QString DriftPanel::levelText(drift::Level level)
{
    switch (level) {
    case drift::Level::Red:
        return tr("drift");
    case drift::Level::Amber:
        return tr("watch");
    case drift::Level::Ok:
        return tr("ok");
    case drift::Level::Unknown:
        break;
    }
    return tr("no data");
}

void DriftPanel::showTables()
{
    // Now.
    m_nowHeading->setText(nowTitle());
    std::vector<TableRow> nowRows;
    double nowMax = qQNaN();
    drift::Level nowWorst = drift::Level::Unknown;
    for (const auto &[feature, now] : m_now) {
        QString since;
        if (now.sinceMs > 0)
            since = now.sinceBeforeRange ? tr("before %1").arg(clock(now.sinceMs))
                                         : tr("since %1").arg(clock(now.sinceMs));
        else if (now.level == drift::Level::Red || now.level == drift::Level::Amber)
            since = QStringLiteral("—");
        const QString psiText = std::isnan(now.psi) ? tr("warming up") : number(now.psi);
        TableRow row = TableRow::fromTexts({feature, psiText, levelText(now.level), since,
                                            now.alertFiring ? tr("firing") : QString()});
        for (int col : {1, 2, 4})
            row.cells[std::size_t(col)].foreground = levelColor(now.level);
        nowRows.push_back(std::move(row));
        if (std::isfinite(now.psi) && !(now.psi <= nowMax))
            nowMax = now.psi;
        if (int(now.level) > int(nowWorst))
            nowWorst = now.level;
    }
    m_nowModel->setRows(std::move(nowRows));
    m_timelineHeading->setText(
        tr("PSI (no unit; 0 = like the training data) of the %1 over time")
            .arg(std::isfinite(m_nowWindow)
                     ? tr("last %1 predictions").arg(QLocale().toString(qint64(m_nowWindow)))
                     : tr("server's drift window")));

    // The range.
    m_rangeHeading->setText(m_toMs > m_fromMs ? rangeTitle() : tr("Range"));
    m_rangeHeading->setToolTip(m_rangeNote);
    std::vector<TableRow> rangeRows;
    double maxPsi = qQNaN();
    for (const auto &[feature, c] : m_features) {
        const QString shift =
            std::isfinite(c.meanShift.shift)
                ? QStringLiteral("%1%2 cm (%3 σ)")
                      .arg(c.meanShift.shift >= 0 ? QStringLiteral("+") : QString())
                      .arg(c.meanShift.shift, 0, 'f', 2)
                      .arg(c.meanShift.shiftInStdDevs, 0, 'f', 1)
                : QStringLiteral("—");
        drift::Level level = drift::classify(c.psi, m_thresholds);
        QString levelName = levelText(level);
        // A feature whose alert fires is never shown as ok, however diluted the range is.
        if (const auto now = m_now.find(feature);
            now != m_now.end() && now->second.alertFiring && level != drift::Level::Red) {
            level = drift::Level::Red;
            levelName = tr("alert firing");
        }
        if (!m_rangeNote.isEmpty() && std::isnan(c.psi))
            levelName = tr("nothing before");
        TableRow row = TableRow::fromTexts(
            {feature, number(c.psi), number(c.jsDistance), number(c.ks), shift,
             std::isfinite(c.outsideShare) ? units::formatPercent(c.outsideShare * 100.0)
                                           : QStringLiteral("—"),
             std::isfinite(c.observations)
                 ? QLocale().toString(qint64(std::llround(c.observations)))
                 : QStringLiteral("0"),
             levelName});
        for (int col : {1, 7})
            row.cells[std::size_t(col)].foreground = levelColor(level);
        rangeRows.push_back(std::move(row));
        if (std::isfinite(c.psi) && !(c.psi <= maxPsi))
            maxPsi = c.psi;
    }
    m_tableModel->setRows(std::move(rangeRows));
    m_nowPsiTile->setValue(nowMax, tileLevel(nowWorst));
    m_maxPsiTile->setValue(maxPsi, tileLevel(drift::classify(maxPsi, m_thresholds)));
    m_mixJsTile->setValue(m_mixJs,
                          tileLevel(drift::classify(m_mixJs, drift::kJensenShannonThresholds)));
    // A small p-value says the mix differs from the prior more than chance explains.
    m_mixPTile->setValue(m_mixP, std::isnan(m_mixP) ? StatTile::Level::Unknown
                                 : m_mixP < 0.001   ? StatTile::Level::Critical
                                 : m_mixP < 0.05    ? StatTile::Level::Warning
                                                    : StatTile::Level::Ok);
    const QString status = !m_error.isEmpty() ? m_error : m_rangeNote;
    m_status->setText(status);
    m_status->setStyleSheet(m_error.isEmpty() ? QString() : QStringLiteral("color: #d63b3b"));
}

} // namespace vitals

#include "ui/driftpanel.h"

#include "widgets/levelcolors.h"

#include "core/driftquery.h"
#include "core/prom/promclient.h"
#include "core/units.h"
#include "widgets/stattile.h"
#include "widgets/timeserieschart.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace vitals {

namespace {

QString text(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

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

} // namespace

DriftPanel::DriftPanel(QWidget *parent)
    : QWidget(parent)
    , m_baselineCombo(new QComboBox(this))
    , m_amber(new QDoubleSpinBox(this))
    , m_red(new QDoubleSpinBox(this))
    , m_maxPsiTile(new StatTile(tr("Largest feature PSI"), this))
    , m_mixJsTile(new StatTile(tr("Prediction mix vs prior (JS distance)"), this))
    , m_mixPTile(new StatTile(tr("Mix χ² p-value"), this))
    , m_table(new QTableWidget(0, 8, this))
    , m_timeline(new TimeSeriesChart(this))
    , m_status(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *controls = new QHBoxLayout;
    m_baselineCombo->addItem(tr("against the training data"));
    m_baselineCombo->addItem(tr("against the window before"));
    m_baselineCombo->setToolTip(tr("What the selected window is compared with"));
    for (QDoubleSpinBox *box : {m_amber, m_red}) {
        box->setRange(0.01, 10.0);
        box->setSingleStep(0.05);
        box->setDecimals(2);
    }
    m_amber->setValue(m_thresholds.amber);
    m_red->setValue(m_thresholds.red);
    controls->addWidget(new QLabel(tr("Compare"), this));
    controls->addWidget(m_baselineCombo);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("PSI amber from"), this));
    controls->addWidget(m_amber);
    controls->addWidget(new QLabel(tr("red above"), this));
    controls->addWidget(m_red);
    controls->addStretch(1);
    controls->addWidget(m_status);
    layout->addLayout(controls);
    connect(m_baselineCombo, &QComboBox::activated, this, [this](int index) {
        m_baseline = index == 0 ? Baseline::Training : Baseline::PreviousWindow;
        if (m_toMs > m_fromMs)
            refresh(m_fromMs, m_toMs, m_stepMs);
    });
    auto thresholdsEdited = [this] {
        m_thresholds = {m_amber->value(), m_red->value()};
        for (auto &[name, c] : m_features)
            c.level = drift::classify(c.psi, m_thresholds);
        showTable();
    };
    connect(m_amber, &QDoubleSpinBox::valueChanged, this, thresholdsEdited);
    connect(m_red, &QDoubleSpinBox::valueChanged, this, thresholdsEdited);

    auto *tiles = new QHBoxLayout;
    tiles->addWidget(m_maxPsiTile);
    tiles->addWidget(m_mixJsTile);
    tiles->addWidget(m_mixPTile);
    layout->addLayout(tiles);

    auto *body = new QHBoxLayout;
    m_table->setHorizontalHeaderLabels({tr("Feature"), tr("PSI"), tr("JS distance"), tr("KS"),
                                        tr("Mean shift"), tr("Outside training range"),
                                        tr("Values"), tr("Level")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumWidth(520);
    body->addWidget(m_table, 1);
    m_timeline->setUnit(units::Unit::None);
    m_timeline->setValueBounds(0.0, std::nullopt);
    m_timeline->setToolTip(tr("PSI of each feature over time against the reference"));
    body->addWidget(m_timeline, 1);
    layout->addLayout(body, 1);

    auto *explain = new QLabel(this);
    explain->setWordWrap(true);
    explain->setText(
        QStringLiteral("<small><b>PSI</b>: %1 <b>JS distance</b>: %2 <b>KS</b>: %3 "
                       "<b>Mean shift</b>: %4 <b>Outside training range</b>: %5 "
                       "<b>χ² p-value</b>: %6</small>")
            .arg(text(drift::explain(drift::Statistic::Psi)).toHtmlEscaped(),
                 text(drift::explain(drift::Statistic::JensenShannon)).toHtmlEscaped(),
                 text(drift::explain(drift::Statistic::Ks)).toHtmlEscaped(),
                 text(drift::explain(drift::Statistic::MeanShift)).toHtmlEscaped(),
                 text(drift::explain(drift::Statistic::OutsideTrainingRange)).toHtmlEscaped(),
                 text(drift::explain(drift::Statistic::ChiSquarePValue)).toHtmlEscaped()));
    layout->addWidget(explain);
}

DriftPanel::~DriftPanel() = default;

void DriftPanel::setBaseline(Baseline baseline)
{
    m_baseline = baseline;
    m_baselineCombo->setCurrentIndex(baseline == Baseline::Training ? 0 : 1);
}

void DriftPanel::setThresholds(const drift::Thresholds &thresholds)
{
    m_thresholds = thresholds;
    m_amber->setValue(thresholds.amber);
    m_red->setValue(thresholds.red);
}

QString DriftPanel::selectorFor(const QString &extra) const
{
    QStringList parts;
    if (!m_selector.isEmpty())
        parts << m_selector;
    if (!extra.isEmpty())
        parts << extra;
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

void DriftPanel::refresh(qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    m_requests.clear();
    m_error.clear();
    m_firstError = {};
    m_fromMs = fromMs;
    m_toMs = toMs;
    if (!m_client) {
        Q_EMIT refreshFinished();
        return;
    }
    m_status->setText(tr("loading…"));
    const qint64 windowMs = std::max<qint64>(toMs - fromMs, 1000);
    const QString window = QString::number(windowMs / 1000) + QLatin1Char('s');
    // Each timeline point looks at the increase over max(2 steps, 1 min) before it: wide enough
    // to hold a few scrapes and enough predictions for the bins to mean something.
    m_stepMs = stepMs;
    const qint64 timelineWindowMs = std::max<qint64>(2 * stepMs, 60000);
    const QString timelineWindow = QString::number(timelineWindowMs / 1000) + QLatin1Char('s');

    const QString buckets = QStringLiteral("sum by (feature, le) (increase(iris_feature_value_bucket%1[%2]))")
                                .arg(selectorFor(), window);
    const QString referenceExpr =
        m_baseline == Baseline::Training
            ? QStringLiteral("max by (feature, bucket_le) (iris_feature_reference_proportion%1)").arg(selectorFor())
            : QStringLiteral("sum by (feature, le) (increase(iris_feature_value_bucket%1[%2] offset %2))")
                  .arg(selectorFor(), window);

    auto instant = [this, toMs](const QString &expr, std::vector<prom::VectorSample> *into) {
        prom::InstantQuery q;
        q.expr = expr;
        q.timeMs = toMs;
        ++m_pending;
        m_requests.push_back(m_client->query(q, this, [this, into](const prom::QueryResult &r) {
            if (r.ok())
                *into = r.vector;
            done(r.error);
        }));
    };
    m_pending = 0;
    instant(buckets, &m_observed);
    instant(referenceExpr, &m_reference);
    instant(QStringLiteral("sum by (class) (increase(prediction_output_total%1[%2]))").arg(selectorFor(), window),
            &m_classes);
    instant(QStringLiteral("max by (class) (iris_model_class_prior%1)").arg(selectorFor()), &m_priors);

    prom::RangeQuery range;
    range.expr = QStringLiteral("sum by (feature, le) (increase(iris_feature_value_bucket%1[%2]))")
                     .arg(selectorFor(), timelineWindow);
    range.startMs = fromMs - fromMs % std::max<qint64>(stepMs, 1000);
    range.endMs = toMs;
    range.stepMs = std::max<qint64>(stepMs, 1000);
    ++m_pending;
    m_requests.push_back(m_client->queryRange(range, this, [this](const prom::RangeResult &r) {
        if (r.ok())
            m_timelineBuckets = r.series;
        done(r.error);
    }));
}

void DriftPanel::done(const prom::Error &error)
{
    if (error.isError() && error.type != prom::ErrorType::Canceled && m_error.isEmpty()) {
        m_error = error.message;
        m_firstError = error;
    }
    if (--m_pending > 0)
        return;
    m_requests.clear();
    compute();
    showTable();
    Q_EMIT refreshFinished();
}

void DriftPanel::compute()
{
    m_features.clear();
    QStringList problems;
    const auto observed = driftquery::observedHistograms(m_observed, &problems);
    const auto reference = m_baseline == Baseline::Training
                               ? driftquery::referenceHistograms(m_reference)
                               : driftquery::observedHistograms(m_reference, &problems);
    for (const auto &[feature, histogram] : observed) {
        const auto ref = reference.find(feature);
        if (ref == reference.end())
            continue;
        const auto c = m_baseline == Baseline::Training
                           ? drift::compareFeature(ref->second, histogram, m_thresholds)
                           : driftquery::compareWindows(ref->second, histogram, m_thresholds);
        if (c.ok())
            m_features[feature] = c.value;
        else
            m_features[feature] = drift::FeatureComparison{};  // shown as "—": no values yet
    }

    const auto mix = driftquery::compareMix(driftquery::perClass(m_classes), driftquery::perClass(m_priors));
    m_mixJs = mix.jsDistance.ok() ? mix.jsDistance.value : qQNaN();
    m_mixP = mix.chiSquare.ok() ? mix.chiSquare.value.pValue : qQNaN();

    // Timeline: one PSI series per feature, from the bucket increases at each step.
    std::map<QString, std::map<qint64, std::vector<drift::Bucket>>> perFeatureTime;
    for (const auto &s : m_timelineBuckets) {
        const QString feature = s.labels().value(u"feature");
        const QString leText = s.labels().value(u"le");
        const double le = leText == QLatin1String("+Inf") ? std::numeric_limits<double>::infinity()
                                                          : leText.toDouble();
        for (std::size_t i = 0; i < s.size(); ++i)
            perFeatureTime[feature][s.timestampAt(i)].push_back({le, s.value(i)});
    }
    std::vector<ChartSeries> lines;
    for (const auto &[feature, byTime] : perFeatureTime) {
        const auto ref = reference.find(feature);
        if (ref == reference.end() || m_baseline != Baseline::Training)
            continue;  // the timeline compares with the training data only
        ChartSeries line;
        line.name = feature;
        for (const auto &[t, list] : byTime) {
            const auto h = drift::fromCumulativeBuckets(list);
            if (!h.ok())
                continue;
            const auto c = drift::compareFeature(ref->second, h.value.histogram, m_thresholds);
            line.samples.append(t, c.ok() ? c.value.psi : qQNaN());
        }
        lines.push_back(std::move(line));
    }
    m_timeline->setTimeSpan(m_fromMs, m_toMs);
    m_timeline->setSeries(std::move(lines));
    if (!problems.isEmpty() && m_error.isEmpty())
        m_error = problems.join(QStringLiteral("; "));
}

void DriftPanel::showTable()
{
    m_table->setRowCount(int(m_features.size()));
    int row = 0;
    double maxPsi = qQNaN();
    for (const auto &[feature, c] : m_features) {
        const QString shift = std::isfinite(c.meanShift.shift)
                                  ? QStringLiteral("%1%2 cm (%3 σ)")
                                        .arg(c.meanShift.shift >= 0 ? QStringLiteral("+") : QString())
                                        .arg(c.meanShift.shift, 0, 'f', 2)
                                        .arg(c.meanShift.shiftInStdDevs, 0, 'f', 1)
                                  : QStringLiteral("—");
        const drift::Level level = drift::classify(c.psi, m_thresholds);
        const QStringList cells{feature,
                                number(c.psi),
                                number(c.jsDistance),
                                number(c.ks),
                                shift,
                                std::isfinite(c.outsideShare) ? units::formatPercent(c.outsideShare * 100.0)
                                                              : QStringLiteral("—"),
                                std::isfinite(c.observations) ? QString::number(c.observations, 'f', 0)
                                                              : QStringLiteral("0"),
                                level == drift::Level::Red     ? tr("drift")
                                : level == drift::Level::Amber ? tr("watch")
                                : level == drift::Level::Ok    ? tr("ok")
                                                               : tr("no data")};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells[col]);
            if (col == 1 || col == 7)
                if (levelColor(level).isValid())
                    item->setForeground(levelColor(level));
            m_table->setItem(row, col, item);
        }
        if (std::isfinite(c.psi) && !(c.psi <= maxPsi))
            maxPsi = c.psi;
        ++row;
    }
    m_maxPsiTile->setValue(maxPsi, tileLevel(drift::classify(maxPsi, m_thresholds)));
    m_mixJsTile->setValue(m_mixJs, tileLevel(drift::classify(m_mixJs, drift::kJensenShannonThresholds)));
    // A small p-value says the mix differs from the prior more than chance explains.
    m_mixPTile->setValue(m_mixP, std::isnan(m_mixP) ? StatTile::Level::Unknown
                                 : m_mixP < 0.001  ? StatTile::Level::Critical
                                 : m_mixP < 0.05   ? StatTile::Level::Warning
                                                   : StatTile::Level::Ok);
    m_status->setText(m_error.isEmpty() ? QString() : m_error);
    m_status->setStyleSheet(m_error.isEmpty() ? QString() : QStringLiteral("color: #d63b3b"));
}

} // namespace vitals

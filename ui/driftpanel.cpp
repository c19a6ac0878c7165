#include "ui/driftpanel.h"

#include "widgets/levelcolors.h"

#include "core/drift/axis.h"
#include "core/driftquery.h"
#include "core/services/querybatch.h"
#include "core/units.h"
#include "ui/tables.h"
#include "widgets/stattile.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace vitals {

namespace {

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The answers of a refresh: refresh() asks this many queries.
constexpr std::size_t kAnswerCount = 8;

// The range windows for [fromMs, toMs] at the dashboard's step: increase() needs at least two
// samples in its window, and two steps hold at least two scrapes.
qint64 windowMs(qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    const qint64 step = prom::RangePlan::atStep(fromMs, toMs, stepMs).stepMs();
    return std::max<qint64>(std::max<qint64>(toMs - fromMs, 2 * step), 1000);
}

// The rule FeatureDrift compares the gauge with (resources/prometheus/vitals-rules.yml).
constexpr double kAlertPsi = 0.25;

QString number(double v, int decimals = 3)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("—");
}

QTableView *makeTable(TableModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    return table;
}

QLabel *heading(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

} // namespace

DriftPanel::DriftPanel(QWidget *parent)
    : QWidget(parent)
    , m_batch(new QueryBatch(this))
    , m_baselineCombo(new QComboBox(this))
    , m_amber(new QDoubleSpinBox(this))
    , m_red(new QDoubleSpinBox(this))
    , m_nowPsiTile(new StatTile(tr("Largest PSI now"), this))
    , m_maxPsiTile(new StatTile(tr("Largest PSI over the range"), this))
    , m_mixJsTile(new StatTile(tr("Prediction mix vs prior (JS), range"), this))
    , m_mixPTile(new StatTile(tr("Mix χ² p-value, range"), this))
    , m_nowHeading(heading(this))
    , m_nowModel(new TableModel(
          {tr("Feature"), tr("PSI now"), tr("Level"), tr("Since"), tr("FeatureDrift alert")}, this))
    , m_tableModel(
          new TableModel({tr("Feature"), tr("PSI"), tr("JS distance"), tr("KS"), tr("Mean shift"),
                          tr("Outside training range"), tr("Values"), tr("Level")},
                         this))
    , m_nowTable(makeTable(m_nowModel, this))
    , m_timelineHeading(heading(this))
    , m_timeline(new TimeSeriesChart(this))
    , m_rangeHeading(heading(this))
    , m_table(makeTable(m_tableModel, this))
    , m_status(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *controls = new QHBoxLayout;
    m_baselineCombo->addItem(tr("against the training data"));
    m_baselineCombo->addItem(tr("against the window before"));
    m_baselineCombo->setToolTip(tr("What the selected range is compared with"));
    for (QDoubleSpinBox *box : {m_amber, m_red}) {
        box->setRange(0.01, 10.0);
        box->setSingleStep(0.05);
        box->setDecimals(2);
    }
    m_amber->setValue(m_thresholds.amber);
    m_red->setValue(m_thresholds.red);
    controls->addWidget(new QLabel(tr("Compare the range"), this));
    controls->addWidget(m_baselineCombo);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("PSI amber from"), this));
    controls->addWidget(m_amber);
    controls->addWidget(new QLabel(tr("red above"), this));
    controls->addWidget(m_red);
    controls->addStretch(1);
    m_status->setWordWrap(true);
    controls->addWidget(m_status, 1);
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
        computeNow();
        showTables();
    };
    connect(m_amber, &QDoubleSpinBox::valueChanged, this, thresholdsEdited);
    connect(m_red, &QDoubleSpinBox::valueChanged, this, thresholdsEdited);

    auto *tiles = new QHBoxLayout;
    tiles->addWidget(m_nowPsiTile);
    tiles->addWidget(m_maxPsiTile);
    tiles->addWidget(m_mixJsTile);
    tiles->addWidget(m_mixPTile);
    layout->addLayout(tiles);

    // Now (left: table, right: timeline), then the range.
    auto *body = new QGridLayout;
    m_nowTable->setMinimumWidth(360);
    body->addWidget(m_nowHeading, 0, 0);
    body->addWidget(m_nowTable, 1, 0);
    m_timeline->setUnit(units::Unit::None);
    m_timeline->setValueBounds(0.0, std::nullopt);
    m_timeline->setToolTip(tr("PSI of the server's last predictions against the training data, "
                              "as the FeatureDrift alert reads it; dashed: the amber and red "
                              "thresholds"));
    body->addWidget(m_timelineHeading, 0, 1);
    body->addWidget(m_timeline, 1, 1, 3, 1);
    body->addWidget(m_rangeHeading, 2, 0);
    m_table->setMinimumWidth(520);
    body->addWidget(m_table, 3, 0);
    body->setColumnStretch(0, 1);
    body->setColumnStretch(1, 1);
    body->setRowStretch(1, 1);
    body->setRowStretch(3, 1);
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
    showTables();
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

QString DriftPanel::spanText(qint64 fromMs, qint64 toMs) const
{
    const QString format =
        toMs - fromMs < 24 * 3600 * 1000 ? QStringLiteral("HH:mm") : QStringLiteral("MM-dd HH:mm");
    return QStringLiteral("%1–%2").arg(QDateTime::fromMSecsSinceEpoch(fromMs).toString(format),
                                       QDateTime::fromMSecsSinceEpoch(toMs).toString(format));
}

QString DriftPanel::nowTitle() const
{
    if (m_now.empty())
        return tr("Now: the server exports no drift gauges (iris_feature_drift_psi)");
    const QString window =
        std::isfinite(m_nowWindow)
            ? tr("last %1 predictions").arg(QLocale().toString(qint64(m_nowWindow)))
            : tr("the server's drift window");
    const QString servers =
        m_nowServers > 1 ? tr(", largest of %1 servers").arg(m_nowServers) : QString();
    return tr("Now — %1%2, as the FeatureDrift alert sees them").arg(window, servers);
}

QString DriftPanel::rangeTitle() const
{
    const qint64 from = m_toMs - m_windowMs;
    const QString range = spanText(from, m_toMs);
    const QString against =
        m_baseline == Baseline::Training
            ? tr("against the training data")
            : tr("against the window before (%1)").arg(spanText(from - m_windowMs, from));
    return tr("Range %1 %2 — %3 values")
        .arg(range, against, QLocale().toString(qint64(std::llround(m_rangeValues))));
}

void DriftPanel::setClient(prom::PromClient *client)
{
    m_batch->setClient(client);
}

bool DriftPanel::isBusy() const
{
    return m_batch->isBusy();
}

void DriftPanel::refresh(qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    m_batch->cancel();
    m_error.clear();
    m_firstError = {};
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_stepMs = stepMs;
    if (!m_batch->hasClient()) {
        Q_EMIT refreshFinished();
        return;
    }
    m_status->setText(tr("loading…"));
    // The timeline's grid: the dashboard's plan for this span (its step, aligned start and end).
    const prom::RangePlan plan = prom::RangePlan::atStep(fromMs, toMs, stepMs);
    // The timeline's samples are one step apart, except the "now" gauge appended after them.
    m_timeline->setSampleStep(plan.stepMs());
    m_windowMs = windowMs(fromMs, toMs, stepMs);
    const QString window = QString::number(m_windowMs / 1000) + QLatin1Char('s');

    const QString buckets =
        QStringLiteral("sum by (feature, le) (increase(iris_feature_value_bucket%1[%2]))")
            .arg(selectorFor(), window);
    const QString referenceExpr =
        m_baseline == Baseline::Training
            ? QStringLiteral("max by (feature, bucket_le) (iris_feature_reference_proportion%1)")
                  .arg(selectorFor())
            : QStringLiteral(
                  "sum by (feature, le) (increase(iris_feature_value_bucket%1[%2] offset %2))")
                  .arg(selectorFor(), window);
    const QString gauge =
        QStringLiteral("max by (feature) (iris_feature_drift_psi%1)").arg(selectorFor());
    // The order of done()'s answers.
    m_queries = {
        BatchQuery::instant(gauge, toMs),
        BatchQuery::instant(QStringLiteral("iris_drift_window_size%1").arg(selectorFor()), toMs),
        BatchQuery::instant(QStringLiteral("ALERTS%1")
                                .arg(selectorFor(QStringLiteral(
                                    "alertname=\"FeatureDrift\", alertstate=\"firing\""))),
                            toMs),
        BatchQuery::instant(buckets, toMs),
        BatchQuery::instant(referenceExpr, toMs),
        BatchQuery::instant(
            QStringLiteral("sum by (class) (increase(prediction_output_total%1[%2]))")
                .arg(selectorFor(), window),
            toMs),
        BatchQuery::instant(
            QStringLiteral("max by (class) (iris_model_class_prior%1)").arg(selectorFor()), toMs),
        // The timeline: the same gauge over the range, so it and the "now" column never disagree.
        BatchQuery::range(gauge, plan),
    };
    m_batch->run(m_queries, [this](const BatchResult &result) { done(result); });
}

void DriftPanel::done(const BatchResult &result)
{
    auto answers = std::make_shared<panel::ExternalAnswers>();
    answers->fromMs = m_fromMs;
    answers->toMs = m_toMs;
    answers->stepMs = m_stepMs;
    answers->previousWindow = m_baseline == Baseline::PreviousWindow;
    answers->amber = m_thresholds.amber;
    answers->red = m_thresholds.red;
    answers->answers = toQueryAnswers(m_queries, result);
    answers->firstError = result.firstError;
    m_answers = std::move(answers);
    use(result);
    Q_EMIT refreshFinished();
}

void DriftPanel::showSaved(const panel::ExternalAnswers &saved)
{
    m_batch->cancel();
    m_fromMs = saved.fromMs;
    m_toMs = saved.toMs;
    m_stepMs = saved.stepMs;
    m_windowMs = windowMs(saved.fromMs, saved.toMs, saved.stepMs);
    m_timeline->setSampleStep(
        prom::RangePlan::atStep(saved.fromMs, saved.toMs, saved.stepMs).stepMs());
    setBaseline(saved.previousWindow ? Baseline::PreviousWindow : Baseline::Training);
    m_baselineCombo->setEnabled(false);
    m_baselineCombo->setToolTip(tr("Fixed in a snapshot: another baseline needs the server"));
    if (saved.amber > 0 && saved.red > 0)
        setThresholds({saved.amber, saved.red});
    BatchResult result = fromQueryAnswers(saved.answers);
    result.firstError = saved.firstError;
    if (result.answers.size() != kAnswerCount) {
        result = {};
        result.answers.resize(kAnswerCount);
        result.firstError.type = prom::ErrorType::BadResponse;
        result.firstError.message = tr("The snapshot's drift answers are incomplete (%1 of %2)")
                                        .arg(saved.answers.size())
                                        .arg(kAnswerCount);
    }
    use(result);
}

void DriftPanel::use(const BatchResult &result)
{
    m_firstError = result.firstError;
    m_error = result.firstError.isError() ? result.firstError.message : QString();
    const auto &a = result.answers;
    m_gauges = a[0].vector;
    m_windowSizes = a[1].vector;
    m_alerts = a[2].vector;
    m_observed = a[3].vector;
    m_reference = a[4].vector;
    m_classes = a[5].vector;
    m_priors = a[6].vector;
    m_gaugeHistory = series::clone(a[7].series);
    compute();
    computeNow();
    showTables();
}

void DriftPanel::compute()
{
    m_features.clear();
    m_rangeNote.clear();
    m_rangeValues = 0;
    QStringList problems;
    const auto observed = driftquery::observedHistograms(m_observed, &problems);
    const auto reference = m_baseline == Baseline::Training
                               ? driftquery::referenceHistograms(m_reference)
                               : driftquery::observedHistograms(m_reference, &problems);
    bool baselineEmpty = m_baseline == Baseline::PreviousWindow;
    for (const auto &[feature, histogram] : observed) {
        double values = 0;
        for (double n : histogram.counts)
            values += n;
        m_rangeValues = std::max(m_rangeValues, values);
        const auto ref = reference.find(feature);
        if (ref == reference.end()) {
            if (m_baseline == Baseline::PreviousWindow)
                m_features[feature] = drift::FeatureComparison{}; // nothing before to compare
            continue;
        }
        if (m_baseline == Baseline::PreviousWindow) {
            double before = 0;
            for (double n : ref->second.counts)
                before += n;
            if (before > 0)
                baselineEmpty = false;
        }
        const auto c = m_baseline == Baseline::Training
                           ? drift::compareFeature(ref->second, histogram, m_thresholds)
                           : driftquery::compareWindows(ref->second, histogram, m_thresholds);
        if (c.ok())
            m_features[feature] = c.value;
        else
            m_features[feature] = drift::FeatureComparison{}; // shown as "—": no values yet
    }
    if (baselineEmpty && !observed.empty()) {
        const qint64 from = m_toMs - m_windowMs;
        m_rangeNote = tr("The window before (%1) holds no predictions: there is nothing to "
                         "compare this range with. Choose \"against the training data\" or a "
                         "range that starts later.")
                          .arg(spanText(from - m_windowMs, from));
    }

    const auto mix =
        driftquery::compareMix(driftquery::perClass(m_classes), driftquery::perClass(m_priors));
    m_mixJs = mix.jsDistance.ok() ? mix.jsDistance.value : qQNaN();
    m_mixP = mix.chiSquare.ok() ? mix.chiSquare.value.pValue : qQNaN();

    m_firing.clear();
    for (const auto &s : m_alerts)
        if (const QString feature = s.labels.value(u"feature"); !feature.isEmpty())
            m_firing.insert(feature);
    m_nowWindow = qQNaN();
    m_nowServers = int(m_windowSizes.size());
    for (const auto &s : m_windowSizes)
        if (std::isfinite(s.value) && !(s.value <= m_nowWindow))
            m_nowWindow = s.value;

    if (!problems.isEmpty() && m_error.isEmpty())
        m_error = problems.join(QStringLiteral("; "));
}

void DriftPanel::computeNow()
{
    m_now.clear();
    // The timeline ends with the value "now" shows: a range query's last step can fall just
    // before the latest scrape.
    for (auto &s : m_gaugeHistory) {
        const QString feature = s.labels().value(u"feature");
        for (const auto &g : m_gauges)
            if (g.labels.value(u"feature") == feature && g.tMs > s.lastTimestampMs())
                s.append(g.tMs, g.value);
    }
    std::map<QString, const series::Series *> history;
    for (const auto &s : m_gaugeHistory)
        history[s.labels().value(u"feature")] = &s;
    auto addFeature = [this](const QString &feature) {
        if (!feature.isEmpty())
            m_now.try_emplace(feature);
    };
    for (const auto &s : m_gauges)
        addFeature(s.labels.value(u"feature"));
    for (const QString &feature : m_firing)
        addFeature(feature);
    for (const auto &s : m_gauges)
        if (const auto it = m_now.find(s.labels.value(u"feature")); it != m_now.end())
            it->second.psi = s.value;

    for (auto &[feature, now] : m_now) {
        now.alertFiring = m_firing.contains(feature);
        const drift::Level byValue = drift::classify(now.psi, m_thresholds);
        now.level = now.alertFiring ? drift::Level::Red : byValue;
        if (now.level != drift::Level::Red && now.level != drift::Level::Amber)
            continue;
        // Since when: the start of the run of samples at this level up to the end of the range.
        const double floor = byValue == drift::Level::Red     ? m_thresholds.red
                             : byValue == drift::Level::Amber ? m_thresholds.amber
                                                              : kAlertPsi;
        const bool strict = byValue != drift::Level::Amber; // red and the alert use ">"
        const auto it = history.find(feature);
        if (it == history.end() || it->second->isEmpty())
            continue;
        const series::Series &s = *it->second;
        std::size_t first = s.size();
        while (first > 0) {
            const double v = s.value(first - 1);
            if (!(strict ? v > floor : v >= floor))
                break;
            --first;
        }
        if (first == s.size())
            continue;
        now.sinceMs = s.timestampAt(first);
        now.sinceBeforeRange = first == 0 && s.timestampAt(0) <= m_fromMs + m_stepMs;
    }

    // Timeline: the gauge per feature, then the thresholds as dashed lines.
    m_timelineSeries.clear();
    for (const auto &[feature, s] : history) {
        ChartSeries line;
        line.name = feature;
        line.samples = s->clone();
        m_timelineSeries.push_back(std::move(line));
    }
    if (!m_timelineSeries.empty()) {
        auto threshold = [this](const QString &name, double value, QColor color) {
            ChartSeries line;
            line.name = name;
            line.samples.append(m_fromMs, value);
            line.samples.append(m_toMs, value);
            line.color = color;
            line.dashed = true;
            m_timelineSeries.push_back(std::move(line));
        };
        threshold(tr("amber from %1").arg(number(m_thresholds.amber, 2)), m_thresholds.amber,
                  levelcolors::warning());
        threshold(tr("red above %1").arg(number(m_thresholds.red, 2)), m_thresholds.red,
                  levelcolors::critical());
        // A start-up spike does not scale the axis (core/drift/axis.h); what it cuts is named.
        std::vector<std::vector<double>> values;
        for (const auto &[feature, s] : history)
            values.push_back(std::vector<double>(s->values().begin(), s->values().end()));
        const drift::AxisScale scale = drift::driftAxis(values, m_thresholds);
        m_timeline->setValueBounds(0.0, scale.max);
        if (scale.beyond > 0)
            threshold(tr("%n value(s) above the axis, up to %1", nullptr, int(scale.beyond))
                          .arg(number(scale.largest, 2)),
                      scale.max, QColor(0x80, 0x80, 0x80));
    }
    m_timeline->setTimeSpan(m_fromMs, m_toMs);
    m_timeline->setSeries(clone(m_timelineSeries));
}

} // namespace vitals

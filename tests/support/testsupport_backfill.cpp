#include "support/testsupport_backfill.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <random>
#include <utility>
#include <vector>

namespace vitals::testsupport {

namespace {

// One series of the file being built: "name{labels}", the step of its first sample and one
// value per step from there on.
struct Series {
    QByteArray key;
    int firstStep = 0;
    std::vector<double> values;
};

// One metric family of the file being built: its series in the order they were first set.
struct Family {
    QByteArray name; // OpenMetrics family name (counters without _total)
    QByteArray type;
    QByteArray help;
    std::vector<Series> series;

    Series &at(const QByteArray &key, int step)
    {
        for (Series &s : series)
            if (s.key == key)
                return s;
        series.push_back(Series{key, step, {}});
        return series.back();
    }
};

// The families in the order they are written; set() records a value for the current step.
class Builder
{
public:
    explicit Builder(QByteArray commonLabels)
        : m_common(std::move(commonLabels))
    {}

    Family &family(const QByteArray &name, const QByteArray &type, const QByteArray &help)
    {
        for (Family &f : m_families)
            if (f.name == name)
                return f;
        m_families.push_back(Family{name, type, help, {}});
        return m_families.back();
    }

    // `labels` like `status="200"` (may be empty); the job and instance labels are added.
    void set(Family &f, const QByteArray &metric, const QByteArray &labels, int step, double value)
    {
        QByteArray key = metric + '{' + labels;
        if (!labels.isEmpty())
            key += ',';
        key += m_common + '}';
        Series &s = f.at(key, step);
        s.values.resize(std::size_t(step - s.firstStep) + 1, value);
        s.values[std::size_t(step - s.firstStep)] = value;
    }

    QByteArray write(qint64 startMs, qint64 stepMs, int steps, QStringList *names,
                     int *samples) const
    {
        QByteArray out;
        out.reserve(1 << 20);
        *samples = 0;
        for (const Family &f : m_families) {
            out += "# HELP " + f.name + ' ' + f.help + '\n';
            out += "# TYPE " + f.name + ' ' + f.type + '\n';
            for (const Series &s : f.series) {
                const QString metric = QString::fromUtf8(s.key.left(s.key.indexOf('{')));
                if (!names->contains(metric))
                    *names << metric;
                for (std::size_t i = 0; i < s.values.size() && s.firstStep + int(i) < steps; ++i) {
                    const qint64 t = startMs + (s.firstStep + qint64(i)) * stepMs;
                    out += s.key + ' ' + QByteArray::number(s.values[i], 'g', 15) + ' '
                           + QByteArray::number(t / 1000) + '.'
                           + QByteArray::number(t % 1000).rightJustified(3, '0') + '\n';
                    ++*samples;
                }
            }
        }
        out += "# EOF\n";
        names->sort();
        return out;
    }

private:
    QByteArray m_common;
    std::deque<Family> m_families; // a deque: references to a family stay valid as more come
};

// A cumulative histogram with fixed upper bounds (+Inf implied).
struct Histogram {
    std::vector<double> bounds;
    std::vector<double> cumulative; // one per bound, then +Inf
    double sum = 0;

    explicit Histogram(std::vector<double> b)
        : bounds(std::move(b))
        , cumulative(bounds.size() + 1, 0)
    {}

    void observe(double v)
    {
        for (std::size_t i = 0; i < bounds.size(); ++i)
            if (v <= bounds[i])
                cumulative[i] += 1;
        cumulative.back() += 1;
        sum += v;
    }
};

QByteArray leText(double bound)
{
    return QByteArray::number(bound, 'g', 10);
}

void setHistogram(Builder &b, Family &f, const QByteArray &labels, const Histogram &h, int step)
{
    const QByteArray sep = labels.isEmpty() ? QByteArray() : QByteArray(",");
    for (std::size_t i = 0; i <= h.bounds.size(); ++i) {
        const QByteArray le = i < h.bounds.size() ? leText(h.bounds[i]) : QByteArray("+Inf");
        b.set(f, f.name + "_bucket", labels + sep + "le=\"" + le + '"', step, h.cumulative[i]);
    }
    b.set(f, f.name + "_sum", labels, step, h.sum);
    b.set(f, f.name + "_count", labels, step, h.cumulative.back());
}

// Rows of resources/data/iris.csv: four features and the species' index in file order.
struct IrisData {
    QList<QByteArray> featureNames;
    QList<QByteArray> classNames;
    std::vector<std::array<double, 4>> rows;
    std::vector<int> classes;
};

IrisData loadIris()
{
    IrisData data;
    QFile file(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"));
    if (!file.open(QIODevice::ReadOnly))
        return data;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines[i].trimmed().split(',');
        if (f.size() != 5)
            continue;
        if (i == 0) {
            data.featureNames = f.mid(0, 4);
            continue;
        }
        std::array<double, 4> row{};
        for (int k = 0; k < 4; ++k)
            row[std::size_t(k)] = f[k].toDouble();
        if (!data.classNames.contains(f[4]))
            data.classNames << f[4];
        data.rows.push_back(row);
        data.classes.push_back(int(data.classNames.indexOf(f[4])));
    }
    return data;
}

// iris-server's reference bins (server/model.cpp, makeBins): 10 equal-width bins between a
// feature's minimum and maximum, inner edges rounded to 1e-4 cm, bin 0 holding the minimum. Made
// here over the whole file (iris-server uses its training split), so the shares differ a little
// from iris-server's but agree with the feature histogram below.
struct ReferenceBins {
    std::vector<double> edges;       // 11
    std::vector<double> proportions; // 10
};

ReferenceBins referenceBins(const IrisData &data, int feature)
{
    constexpr int kBins = 10;
    double lo = 1e300;
    double hi = -1e300;
    for (const auto &row : data.rows) {
        lo = std::min(lo, row[std::size_t(feature)]);
        hi = std::max(hi, row[std::size_t(feature)]);
    }
    ReferenceBins bins;
    const double width = (hi - lo) / kBins;
    for (int i = 0; i <= kBins; ++i)
        bins.edges.push_back(i == 0       ? lo
                             : i == kBins ? hi
                                          : std::round((lo + width * i) * 1e4) / 1e4);
    std::vector<double> counts(kBins, 0);
    for (const auto &row : data.rows) {
        int i = 0;
        while (i < kBins - 1 && row[std::size_t(feature)] > bins.edges[std::size_t(i) + 1])
            ++i;
        counts[std::size_t(i)] += 1;
    }
    for (const double c : counts)
        bins.proportions.push_back(c / double(data.rows.size()));
    return bins;
}

} // namespace

ModelServerHistory::ModelServerHistory(HistoryOptions options)
    : m_options(std::move(options))
{
    const bool iris = m_options.flavour == HistoryOptions::Flavour::Iris;
    if (m_options.endMs == 0) // a whole second, so `vitals report --to <Unix seconds>` hits it
        m_options.endMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    const qint64 stepMs = qint64(std::max(1, m_options.stepSeconds)) * 1000;
    const int steps = int(qint64(m_options.spanSeconds) * 1000 / stepMs) + 1;
    m_startMs = m_options.endMs - qint64(steps - 1) * stepMs;
    const double stepS = double(stepMs) / 1000.0;

    const IrisData data = loadIris();
    std::mt19937 rng(m_options.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<std::size_t> pickRow(0, data.rows.empty() ? 0
                                                                            : data.rows.size() - 1);
    auto arrivals = [&](double perSecond) {
        return perSecond > 0 ? int(std::poisson_distribution<int>(perSecond * stepS)(rng)) : 0;
    };
    // iris-server answers in tens of microseconds, the Python service in milliseconds.
    std::lognormal_distribution<double> latency(std::log(iris ? 0.0004 : 0.004), 0.6);

    Builder b("job=\"" + m_options.job.toUtf8() + "\",instance=\"" + m_options.instance.toUtf8()
              + '"');
    const QByteArray okStatus = "200";
    const QByteArray clientStatus = iris ? "400" : "422";
    const QByteArray serverStatus = iris ? "503" : "500";
    const std::vector<double> durationBounds =
        iris ? std::vector<double>{0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
                                   0.001,   0.0025,   0.005,   0.01,   0.025,   0.05,
                                   0.1,     0.25,     0.5,     1.0,    2.5}
             : std::vector<double>{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1};
    Histogram predictDuration(durationBounds);
    Histogram metricsDuration(durationBounds);
    std::map<QByteArray, double> requests; // status → count on /predict
    double metricsRequests = 0;
    std::vector<double> predictions(3, 0);
    std::map<QByteArray, double> reasons = {{"malformed_json", 0},
                                            {"missing_key", 0},
                                            {"wrong_arity", 0},
                                            {"out_of_range", 0},
                                            {"injected", 0}};
    std::vector<ReferenceBins> bins;
    std::vector<Histogram> features;
    for (int f = 0; f < 4 && iris; ++f) {
        bins.push_back(referenceBins(data, f));
        features.emplace_back(bins.back().edges);
    }
    double cpu = 1.2;
    double predictionsTotal = 0;
    // Ground truth (server/feedbackstore.h): half the answered predictions get their label
    // 2–30 s later; the model is right on 97 % of them, else it named a neighbouring class.
    std::vector<double> joined(9, 0);
    double correct = 0;
    Histogram delay({0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600});
    std::mt19937 labelRng(m_options.seed
                          + 1); // its own stream: the other numbers stay as they were
    const QList<QByteArray> classLabels = iris ? data.classNames : QList<QByteArray>{"0", "1", "2"};

    for (int step = 0; step < steps; ++step) {
        const int ok = arrivals(m_options.okPerSecond);
        const int clientErrors = arrivals(m_options.clientErrorsPerSecond);
        const int serverErrors = arrivals(m_options.serverErrorsPerSecond);
        requests[okStatus] += ok;
        requests[clientStatus] += clientErrors;
        requests[serverStatus] += serverErrors;
        for (int i = 0; i < ok + clientErrors + serverErrors; ++i)
            predictDuration.observe(latency(rng));
        for (int i = 0; i < ok && !data.rows.empty(); ++i) {
            const std::size_t row = pickRow(rng);
            predictions[std::size_t(data.classes[row])] += 1;
            if (iris && unit(labelRng) < 0.5) {
                const int actual = data.classes[row];
                const int predicted = unit(labelRng) < 0.97 ? actual : (actual + 1) % 3;
                joined[std::size_t(predicted * 3 + actual)] += 1;
                correct += predicted == actual ? 1 : 0;
                delay.observe(2.0 + 28.0 * unit(labelRng));
            }
            for (std::size_t f = 0; f < features.size(); ++f)
                features[f].observe(data.rows[row][f]);
        }
        predictionsTotal += ok;
        for (int i = 0; i < clientErrors; ++i) {
            static const std::array<const char *, 4> kClientReasons = {
                "malformed_json", "missing_key", "wrong_arity", "out_of_range"};
            reasons[kClientReasons[std::size_t(unit(rng) * 4) % 4]] += 1;
        }
        reasons["injected"] += serverErrors;
        if (!iris) {
            // The scrape of /metrics, redirected and counted as GET /metrics/ (a step after the
            // first; the first scrape found the counter not yet created).
            if (step > 0) {
                metricsRequests += 1;
                metricsDuration.observe(latency(rng));
            }
        }
        cpu += stepS * (0.01 + 0.002 * unit(rng)) + (ok + clientErrors + serverErrors) * 0.0002;

        Family &req = b.family("inference_requests", "counter",
                               iris ? "Requests answered, by method, endpoint and HTTP status."
                                    : "Total inference requests");
        for (const auto &[status, n] : requests)
            b.set(req, "inference_requests_total",
                  "method=\"POST\",endpoint=\"/predict\",status=\"" + status + '"', step, n);
        if (!iris && step > 0)
            b.set(req, "inference_requests_total",
                  "method=\"GET\",endpoint=\"/metrics/\",status=\"200\"", step, metricsRequests);
        Family &dur = b.family("inference_duration_seconds", "histogram",
                               iris ? "Time from a complete request to its response being ready."
                                    : "Inference latency in seconds");
        setHistogram(b, dur, "method=\"POST\",endpoint=\"/predict\"", predictDuration, step);
        if (!iris && step > 0)
            setHistogram(b, dur, "method=\"GET\",endpoint=\"/metrics/\"", metricsDuration, step);
        Family &out =
            b.family("prediction_output", "counter", "Predictions made, by predicted class.");
        for (int c = 0; c < 3 && c < classLabels.size(); ++c)
            b.set(out, "prediction_output_total", "class=\"" + classLabels[c] + '"', step,
                  predictions[std::size_t(c)]);

        if (iris) {
            Family &errors = b.family("inference_request_errors", "counter",
                                      "Rejected requests, by reason (every 4xx and injected 503).");
            for (const auto &[reason, n] : reasons)
                b.set(errors, "inference_request_errors_total", "reason=\"" + reason + '"', step,
                      n);
            Family &feature =
                b.family("iris_feature_value", "histogram", "Input feature values in centimetres.");
            for (std::size_t f = 0; f < features.size(); ++f)
                setHistogram(b, feature, "feature=\"" + data.featureNames[qsizetype(f)] + '"',
                             features[f], step);
            Family &reference = b.family("iris_feature_reference_proportion", "gauge",
                                         "Share of the training data in each bucket of "
                                         "iris_feature_value. Not cumulative.");
            for (std::size_t f = 0; f < bins.size(); ++f)
                for (std::size_t k = 0; k <= bins[f].edges.size(); ++k) {
                    const double share =
                        k == 0 || k == bins[f].edges.size() ? 0.0 : bins[f].proportions[k - 1];
                    const QByteArray le =
                        k < bins[f].edges.size() ? leText(bins[f].edges[k]) : "+Inf";
                    b.set(reference, "iris_feature_reference_proportion",
                          "feature=\"" + data.featureNames[qsizetype(f)] + "\",bucket_le=\"" + le
                              + '"',
                          step, share);
                }
            Family &prior = b.family("iris_model_class_prior", "gauge",
                                     "Share of each class in the model's training data.");
            for (int c = 0; c < 3; ++c)
                b.set(prior, "iris_model_class_prior", "class=\"" + classLabels[c] + '"', step,
                      1.0 / 3.0);
            // Inputs drawn from the training rows: PSI and JS stay small.
            Family &psi = b.family("iris_feature_drift_psi", "gauge",
                                   "Population stability index of each input feature.");
            for (std::size_t f = 0; f < features.size(); ++f)
                b.set(psi, "iris_feature_drift_psi",
                      "feature=\"" + data.featureNames[qsizetype(f)] + '"', step,
                      0.01 + 0.02 * unit(rng));
            Family &js = b.family("iris_prediction_drift_js", "gauge",
                                  "Jensen-Shannon distance of the predicted class mix.");
            b.set(js, "iris_prediction_drift_js", {}, step, 0.02 + 0.03 * unit(rng));
            Family &window =
                b.family("iris_drift_window_size", "gauge", "Predictions in the drift window.");
            b.set(window, "iris_drift_window_size", {}, step, std::min(500.0, predictionsTotal));
            Family &feedback = b.family("iris_feedback", "counter",
                                        "Labels joined with the prediction they are for.");
            for (int p = 0; p < 3; ++p)
                for (int a = 0; a < 3; ++a)
                    b.set(feedback, "iris_feedback_total",
                          "predicted=\"" + classLabels[p] + "\",actual=\"" + classLabels[a] + '"',
                          step, joined[std::size_t(p * 3 + a)]);
            Family &right = b.family("iris_feedback_correct", "counter",
                                     "Labels that agree with the prediction they are for.");
            b.set(right, "iris_feedback_correct_total", {}, step, correct);
            Family &late = b.family("iris_feedback_delay_seconds", "histogram",
                                    "Time from a prediction to its label, in seconds.");
            setHistogram(b, late, {}, delay, step);
        } else {
            Family &info = b.family("python_info", "gauge", "Python platform information");
            b.set(info, "python_info",
                  "implementation=\"CPython\",major=\"3\",minor=\"11\",patchlevel=\"2\","
                  "version=\"3.11.2\"",
                  step, 1);
            Family &gc =
                b.family("python_gc_objects_collected", "counter", "Objects collected during gc");
            for (int g = 0; g < 3; ++g)
                b.set(gc, "python_gc_objects_collected_total",
                      "generation=\"" + QByteArray::number(g) + '"', step,
                      double(300 + step * (40 >> g)));
        }
        Family &loaded = b.family("model_loaded", "gauge", "1 when a model is loaded and serving.");
        b.set(loaded, "model_loaded", {}, step, 1);
        Family &cpuFamily = b.family("process_cpu_seconds", "counter",
                                     "Total user and system CPU time spent in seconds.");
        b.set(cpuFamily, "process_cpu_seconds_total", {}, step, std::round(cpu * 100) / 100);
        Family &rss =
            b.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        b.set(rss, "process_resident_memory_bytes", {}, step,
              std::round((iris ? 21e6 : 52e6) + 2e6 * unit(rng)));
        Family &start = b.family("process_start_time_seconds", "gauge",
                                 "Start time of the process since unix epoch in seconds.");
        b.set(start, "process_start_time_seconds", {}, step, double(m_startMs / 1000 - 60));
        Family &up = b.family("up", "gauge", "The scrape succeeded.");
        b.set(up, "up", {}, step, 1);
    }

    for (const auto &[status, n] : requests)
        m_statusTotals << qMakePair(QString::fromUtf8(status), n);
    m_metricsRequests = metricsRequests;
    m_text = b.write(m_startMs, stepMs, steps, &m_names, &m_samples);
}

double ModelServerHistory::predictRequests(const QString &status) const
{
    for (const auto &[s, n] : m_statusTotals)
        if (s == status)
            return n;
    return 0;
}

QString promtoolBinary()
{
    return QStringLiteral("/usr/bin/promtool");
}

bool backfill(const QByteArray &openMetrics, const QString &dataDir, QString *log, int timeoutMs)
{
    QString dummy;
    QString &out = log ? *log : dummy;
    out.clear();
    if (!QFileInfo(promtoolBinary()).isExecutable()) {
        out = promtoolBinary() + QStringLiteral(" is not installed (Debian package prometheus)");
        return false;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.om.txt"));
    QFile file(path);
    if (!dir.isValid() || !file.open(QIODevice::WriteOnly)
        || file.write(openMetrics) != openMetrics.size()) {
        out = QStringLiteral("cannot write ") + path;
        return false;
    }
    file.close();
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(promtoolBinary(),
                   {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
                    QStringLiteral("openmetrics"), QStringLiteral("--quiet"), path, dataDir});
    if (!promtool.waitForStarted(10000)) {
        out = QStringLiteral("cannot start promtool: ") + promtool.errorString();
        return false;
    }
    if (!promtool.waitForFinished(timeoutMs)) {
        promtool.kill();
        promtool.waitForFinished(5000);
        out = QStringLiteral("promtool did not finish within %1 ms: ").arg(timeoutMs)
              + QString::fromUtf8(promtool.readAll());
        return false;
    }
    out = QString::fromUtf8(promtool.readAll());
    return promtool.exitStatus() == QProcess::NormalExit && promtool.exitCode() == 0;
}

} // namespace vitals::testsupport

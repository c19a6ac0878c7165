#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace vitals::testsupport {

// History for a real Prometheus, so integration tests at realistic scrape intervals (15 s, 60 s)
// need not wait minutes for data: an OpenMetrics file of what a model server would have
// exported over the last hour, turned into TSDB blocks by Debian's `promtool tsdb
// create-blocks-from openmetrics`, then served by a PrometheusProcess started on that storage:
//
//     ModelServerHistory history;                 // iris-server's metrics, 15 s apart
//     QTemporaryDir data;
//     QString log;
//     ASSERT_TRUE(backfill(history.openMetrics(), data.path(), &log)) << log.toStdString();
//     PrometheusProcess prometheus;
//     prometheus.setDataDirectory(data.path());
//     ASSERT_TRUE(prometheus.start({}, history.options().stepSeconds));
//     // ranges up to history.options().endMs have data; the server scrapes itself every 15 s
//
// The history ends at `endMs` (default: when the object is made), never later: Prometheus
// refuses to append scraped samples older than its newest block's end, so samples "from the
// future" would stop it scraping itself (and then it would have no target to tell a client its
// interval). Queries at a time T see the history only while T - endMs is shorter than
// Prometheus's 5 min lookback (gauges) or than the rate window (counters): tests that must not
// race the clock query the fixed span [endMs - 1 h, endMs].
//
// The numbers are random but reproducible (seeded) and realistic: Poisson arrivals at the
// rates below, log-normal latencies, inputs drawn from the rows of resources/data/iris.csv,
// a process using a few percent of a core and ~50 MB of memory.
struct HistoryOptions {
    enum class Flavour {
        // iris-server's metrics (server/metrics.cpp, server/driftmonitor.cpp): requests
        // {method="POST", endpoint="/predict", status="200"|"400"|"503"}, its 17 latency
        // buckets, classes "setosa"/"versicolor"/"virginica", rejection reasons, the feature
        // histogram with the model's reference bins, class priors, PSI and JS gauges, and the
        // labels of half the predictions (iris_feedback_total, _correct_total, the delay
        // histogram; the model right on 97 % of them).
        Iris,
        // The blog's FastAPI service (tests/support/blog_service.py): requests
        // {method, endpoint, status} with status "200"|"422"|"500" on /predict and one
        // GET /metrics/ (the redirected scrape) per scrape interval, latency buckets 0.001 …
        // 1 s, classes "0"/"1"/"2", model_loaded, process_* and python_* — no rejection
        // reasons, no feature histogram, no priors, no drift gauges.
        Blog,
    };
    Flavour flavour = Flavour::Iris;
    int stepSeconds = 15;   // the scrape interval the history was "scraped" at
    int spanSeconds = 3600; // history length; the first sample is at endMs - span
    qint64 endMs = 0;       // Unix ms of the last sample; 0 = now, in whole seconds
    QString job = QStringLiteral("iris");
    QString instance = QStringLiteral("127.0.0.1:8080");
    // Mean arrivals per second on /predict: answered, rejected (4xx), failed (5xx).
    double okPerSecond = 4.0;
    double clientErrorsPerSecond = 0.08;
    double serverErrorsPerSecond = 0.02;
    unsigned seed = 20;
};

// The history of one model server: generated once by the constructor (deterministic for the
// options), then read. Not thread-safe.
class ModelServerHistory
{
public:
    explicit ModelServerHistory(HistoryOptions options = {});

    const HistoryOptions &options() const { return m_options; }
    // The whole file: metric families one after another, each series' samples in time order,
    // ending with "# EOF".
    const QByteArray &openMetrics() const { return m_text; }
    // Names of the metrics in the file (as queried: with _total, _bucket, … suffixes), sorted.
    QStringList metricNames() const { return m_names; }
    // Time of the first sample, Unix ms (endMs - spanSeconds, on the step grid).
    qint64 startMs() const { return m_startMs; }
    qint64 endMs() const { return m_options.endMs; }
    int sampleCount() const { return m_samples; }
    // Totals over the whole history, for assertions: requests on /predict by status, and
    // GET /metrics/ requests (Blog only; one per step).
    double predictRequests(const QString &status) const;
    double metricsEndpointRequests() const { return m_metricsRequests; }

private:
    HistoryOptions m_options;
    QByteArray m_text;
    QStringList m_names;
    qint64 m_startMs = 0;
    int m_samples = 0;
    QList<QPair<QString, double>> m_statusTotals;
    double m_metricsRequests = 0;
};

// Debian's promtool, and whether it is installed.
QString promtoolBinary();

// Writes `openMetrics` to a temporary file and runs `promtool tsdb create-blocks-from
// openmetrics FILE dataDir` (blocks of at most 2 h, aligned to 2 h). True when promtool succeeded;
// `log` (may be null) gets its output either way, or why it could not run. Blocks for a
// Prometheus that is not running: it loads them when it starts.
bool backfill(const QByteArray &openMetrics, const QString &dataDir, QString *log = nullptr,
              int timeoutMs = 120000);

} // namespace vitals::testsupport

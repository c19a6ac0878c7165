#include "server/metrics.h"

#include "server/driftmonitor.h"

#include <QtGlobal>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

namespace iris {

namespace {

constexpr std::size_t kMethods = std::size_t(Method::Count);
constexpr std::size_t kEndpoints = std::size_t(Endpoint::Count);
constexpr std::size_t kStatuses = kStatusCodes.size();
constexpr std::size_t kReasons = std::size_t(ErrorReason::Count);
constexpr std::size_t kDurBuckets = Metrics::kDurationBuckets.size() + 1; // + the +Inf bucket

void appendNumber(std::string &out, double v)
{
    if (std::isnan(v)) {
        out.append("NaN");
    } else if (std::isinf(v)) {
        out.append(v > 0 ? "+Inf" : "-Inf");
    } else {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }
}

void appendEscaped(std::string &out, std::string_view value)
{
    for (const char c : value) {
        if (c == '\\')
            out.append("\\\\");
        else if (c == '"')
            out.append("\\\"");
        else if (c == '\n')
            out.append("\\n");
        else
            out.push_back(c);
    }
}

std::string leText(double bound)
{
    return formatNumber(bound);
}

// Reads the fields of /proc/self/stat after the command name (which may contain spaces).
std::vector<std::string> procStatFields()
{
    std::vector<std::string> fields;
    std::FILE *f = std::fopen("/proc/self/stat", "re");
    if (!f)
        return fields;
    char buf[1024];
    const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    const char *p = std::strrchr(buf, ')');
    if (!p)
        return fields;
    // fields[0] is field 3 (state) of proc(5).
    std::string cur;
    for (++p; *p; ++p) {
        if (*p == ' ' || *p == '\n') {
            if (!cur.empty())
                fields.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.push_back(*p);
        }
    }
    if (!cur.empty())
        fields.push_back(cur);
    return fields;
}

double field(const std::vector<std::string> &fields, int procIndex)
{
    const std::size_t i = std::size_t(procIndex - 3);
    return i < fields.size() ? std::strtod(fields[i].c_str(), nullptr) : 0.0;
}

double bootTime()
{
    std::FILE *f = std::fopen("/proc/stat", "re");
    if (!f)
        return 0;
    char line[256];
    double btime = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "btime ", 6) == 0) {
            btime = std::strtod(line + 6, nullptr);
            break;
        }
    }
    std::fclose(f);
    return btime;
}

int openFds()
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return 0;
    int n = 0;
    while (const dirent *e = readdir(d))
        if (e->d_name[0] != '.')
            ++n;
    closedir(d);
    return n - 1; // the directory stream's own descriptor
}

thread_local std::size_t t_shardTicket = std::size_t(-1);
std::atomic<std::size_t> g_nextTicket{0};

} // namespace

std::string formatNumber(double value)
{
    std::string s;
    appendNumber(s, value);
    return s;
}

void Exposition::family(std::string_view name, std::string_view type, std::string_view help)
{
    m_out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ");
    m_out.append(name).append(" ").append(type).append("\n");
}

void Exposition::sample(std::string_view name, std::string_view suffix,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> labels,
                        double value, std::string_view le)
{
    m_out.append(name).append(suffix);
    if (labels.size() || !le.empty()) {
        m_out.push_back('{');
        bool first = true;
        for (const auto &[k, v] : labels) {
            if (!first)
                m_out.push_back(',');
            first = false;
            m_out.append(k).append("=\"");
            appendEscaped(m_out, v);
            m_out.push_back('"');
        }
        if (!le.empty()) {
            if (!first)
                m_out.push_back(',');
            m_out.append("le=\"").append(le).push_back('"');
        }
        m_out.push_back('}');
    }
    m_out.push_back(' ');
    appendNumber(m_out, value);
    m_out.push_back('\n');
}

GaugeFamily::GaugeFamily(std::string name, std::string help, std::string labelName,
                         std::vector<std::string> labelValues)
    : m_name(std::move(name))
    , m_help(std::move(help))
    , m_labelName(std::move(labelName))
    , m_labelValues(std::move(labelValues))
{
    if (m_labelName.empty())
        m_labelValues.assign(1, std::string());
    m_values = std::make_unique<std::atomic<double>[]>(m_labelValues.size());
    for (std::size_t i = 0; i < m_labelValues.size(); ++i)
        m_values[i].store(0.0, std::memory_order_relaxed);
}

void GaugeFamily::set(std::size_t index, double value) noexcept
{
    if (index < m_labelValues.size())
        m_values[index].store(value, std::memory_order_relaxed);
}

double GaugeFamily::value(std::size_t index) const noexcept
{
    return index < m_labelValues.size() ? m_values[index].load(std::memory_order_relaxed) : 0.0;
}

void GaugeFamily::expose(Exposition &out) const
{
    out.family(m_name, "gauge", m_help);
    for (std::size_t i = 0; i < m_labelValues.size(); ++i) {
        if (m_labelName.empty())
            out.sample(m_name, {}, {}, value(i));
        else
            out.sample(m_name, {}, {{m_labelName, m_labelValues[i]}}, value(i));
    }
}

// Offsets of each counter group inside one shard.
struct Metrics::Layout {
    std::size_t requests = 0;    // [method][endpoint][status]
    std::size_t durBuckets = 0;  // [method][endpoint][bucket], not cumulative
    std::size_t durSumNs = 0;    // [method][endpoint]
    std::size_t predictions = 0; // [class]
    std::size_t errors = 0;      // [reason]
    std::array<std::size_t, kFeatureCount> featBuckets{}; // [bucket], not cumulative
    std::size_t featSumMicro = 0;                         // [feature], micrometres
    std::size_t inFlightUp = 0;
    std::size_t inFlightDown = 0;
    std::size_t total = 0;

    static std::size_t me(Method m, Endpoint e)
    {
        return std::size_t(m) * kEndpoints + std::size_t(e);
    }
};

Metrics::Metrics(const Model &model, int shardCount, std::string version)
    : m_model(model)
    , m_version(std::move(version))
    , m_layout(std::make_unique<Layout>())
    , m_shardCount(std::size_t(qMax(1, shardCount)))
{
    Layout &l = *m_layout;
    std::size_t at = 0;
    l.requests = at;
    at += kMethods * kEndpoints * kStatuses;
    l.durBuckets = at;
    at += kMethods * kEndpoints * kDurBuckets;
    l.durSumNs = at;
    at += kMethods * kEndpoints;
    l.predictions = at;
    at += kClassCount;
    l.errors = at;
    at += kReasons;
    for (int f = 0; f < kFeatureCount; ++f) {
        l.featBuckets[f] = at;
        at += model.referenceBins[f].edges.size() + 1;
    }
    l.featSumMicro = at;
    at += kFeatureCount;
    l.inFlightUp = at++;
    l.inFlightDown = at++;
    l.total = at;
    constexpr std::size_t perLine = 64 / sizeof(std::atomic<std::uint64_t>);
    m_shardStride = (at + perLine - 1) / perLine * perLine + perLine;
    m_counters = std::make_unique<std::atomic<std::uint64_t>[]>(m_shardStride * m_shardCount);
    for (std::size_t i = 0; i < m_shardStride * m_shardCount; ++i)
        m_counters[i].store(0, std::memory_order_relaxed);

    const auto fields = procStatFields();
    m_startTime = bootTime() + field(fields, 22) / double(sysconf(_SC_CLK_TCK));
}

Metrics::~Metrics() = default;

std::atomic<std::uint64_t> *Metrics::shard() const noexcept
{
    if (t_shardTicket == std::size_t(-1))
        t_shardTicket = g_nextTicket.fetch_add(1, std::memory_order_relaxed);
    return m_counters.get() + (t_shardTicket % m_shardCount) * m_shardStride;
}

void Metrics::recordRequest(Method method, Endpoint endpoint, int status,
                            std::chrono::nanoseconds duration) noexcept
{
    if (!m_enabled || endpoint == Endpoint::Metrics)
        return;
    auto *s = shard();
    const Layout &l = *m_layout;
    const std::size_t me = Layout::me(method, endpoint);
    s[l.requests + me * kStatuses + statusIndex(status)].fetch_add(1, std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(duration).count();
    std::size_t b = 0;
    while (b < kDurationBuckets.size() && seconds > kDurationBuckets[b])
        ++b;
    s[l.durBuckets + me * kDurBuckets + b].fetch_add(1, std::memory_order_relaxed);
    s[l.durSumNs + me].fetch_add(std::uint64_t(qMax<std::int64_t>(0, duration.count())),
                                 std::memory_order_relaxed);
}

void Metrics::recordPrediction(int label, const std::array<double, kFeatureCount> &x) noexcept
{
    if (!m_enabled)
        return;
    auto *s = shard();
    const Layout &l = *m_layout;
    if (label >= 0 && label < kClassCount)
        s[l.predictions + std::size_t(label)].fetch_add(1, std::memory_order_relaxed);
    for (int f = 0; f < kFeatureCount; ++f) {
        const auto &edges = m_model.referenceBins[f].edges;
        std::size_t b = 0;
        while (b < edges.size() && x[f] > edges[b])
            ++b;
        s[l.featBuckets[f] + b].fetch_add(1, std::memory_order_relaxed);
        // Validated inputs are in (0, 100) cm, so micrometres fit and stay positive.
        s[l.featSumMicro + std::size_t(f)].fetch_add(std::uint64_t(std::llround(x[f] * 1e4)),
                                                     std::memory_order_relaxed);
    }
    if (DriftMonitor *drift = m_drift.load(std::memory_order_relaxed))
        drift->record(label, x);
}

void Metrics::recordError(ErrorReason reason) noexcept
{
    if (!m_enabled)
        return;
    shard()[m_layout->errors + std::size_t(reason)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::requestStarted() noexcept
{
    if (m_enabled)
        shard()[m_layout->inFlightUp].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::requestFinished() noexcept
{
    if (m_enabled)
        shard()[m_layout->inFlightDown].fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t Metrics::sum(std::size_t offset) const
{
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < m_shardCount; ++i)
        total += m_counters[i * m_shardStride + offset].load(std::memory_order_relaxed);
    return total;
}

std::uint64_t Metrics::requestCount(Method method, Endpoint endpoint, int status) const
{
    return sum(m_layout->requests + Layout::me(method, endpoint) * kStatuses + statusIndex(status));
}

std::uint64_t Metrics::errorCount(ErrorReason reason) const
{
    return sum(m_layout->errors + std::size_t(reason));
}

GaugeFamily &Metrics::addGauge(std::string name, std::string help, std::string labelName,
                               std::vector<std::string> labelValues)
{
    const std::lock_guard lock(m_extraMutex);
    m_gauges.push_back(std::make_unique<GaugeFamily>(std::move(name), std::move(help),
                                                     std::move(labelName), std::move(labelValues)));
    return *m_gauges.back();
}

void Metrics::addCollector(std::function<void(Exposition &)> collector)
{
    const std::lock_guard lock(m_extraMutex);
    m_collectors.push_back(std::move(collector));
}

std::string Metrics::expose() const
{
    const Layout &l = *m_layout;
    std::string text;
    text.reserve(16384);
    Exposition out(text);

    out.family("inference_requests_total", "counter",
               "Requests answered, by method, endpoint and HTTP status (scrapes of /metrics "
               "excluded).");
    for (std::size_t m = 0; m < kMethods; ++m)
        for (std::size_t e = 0; e < kEndpoints; ++e)
            for (std::size_t st = 0; st < kStatuses; ++st) {
                const auto n = sum(l.requests + (m * kEndpoints + e) * kStatuses + st);
                if (n == 0)
                    continue;
                char code[8];
                const auto r = std::to_chars(code, code + sizeof code, kStatusCodes[st]);
                const std::string_view status =
                    kStatusCodes[st] ? std::string_view(code, std::size_t(r.ptr - code))
                                     : std::string_view("other");
                out.sample("inference_requests_total", {},
                           {{"method", kMethodNames[m]},
                            {"endpoint", kEndpointNames[e]},
                            {"status", status}},
                           double(n));
            }

    out.family("inference_duration_seconds", "histogram",
               "Time from a complete request to its response being ready, in seconds.");
    static const auto durLe = [] {
        std::array<std::string, kDurBuckets> le;
        for (std::size_t b = 0; b + 1 < kDurBuckets; ++b)
            le[b] = leText(kDurationBuckets[b]);
        le.back() = "+Inf";
        return le;
    }();
    for (std::size_t m = 0; m < kMethods; ++m)
        for (std::size_t e = 0; e < kEndpoints; ++e) {
            const std::size_t me = m * kEndpoints + e;
            std::uint64_t counts[kDurBuckets];
            std::uint64_t total = 0;
            for (std::size_t b = 0; b < kDurBuckets; ++b)
                total += counts[b] = sum(l.durBuckets + me * kDurBuckets + b);
            if (total == 0)
                continue;
            const std::initializer_list<std::pair<std::string_view, std::string_view>> labels = {
                {"method", kMethodNames[m]}, {"endpoint", kEndpointNames[e]}};
            std::uint64_t cumulative = 0;
            for (std::size_t b = 0; b < kDurBuckets; ++b) {
                cumulative += counts[b];
                out.sample("inference_duration_seconds", "_bucket", labels, double(cumulative),
                           durLe[b]);
            }
            out.sample("inference_duration_seconds", "_sum", labels,
                       double(sum(l.durSumNs + me)) * 1e-9);
            out.sample("inference_duration_seconds", "_count", labels, double(total));
        }

    out.family("prediction_output_total", "counter", "Predictions made, by predicted class.");
    for (int c = 0; c < kClassCount; ++c)
        out.sample("prediction_output_total", {}, {{"class", m_model.classNames[c].toStdString()}},
                   double(sum(l.predictions + std::size_t(c))));

    out.family("inference_request_errors_total", "counter",
               "Rejected requests, by reason (every 4xx and injected 503).");
    for (std::size_t r = 0; r < kReasons; ++r)
        out.sample("inference_request_errors_total", {}, {{"reason", kReasonNames[r]}},
                   double(sum(l.errors + r)));

    out.family("inference_in_flight", "gauge", "Requests read and not yet answered.");
    out.sample("inference_in_flight", {}, {},
               double(std::int64_t(sum(l.inFlightUp) - sum(l.inFlightDown))));

    out.family("model_loaded", "gauge", "1 when a model is loaded and serving.");
    out.sample("model_loaded", {}, {}, m_modelLoaded ? 1.0 : 0.0);

    out.family("iris_build_info", "gauge", "Build information; always 1.");
    out.sample("iris_build_info", {}, {{"version", m_version}}, 1.0);

    out.family("iris_feature_value", "histogram",
               "Input feature values in centimetres; bucket bounds are the model's reference bin "
               "edges.");
    for (int f = 0; f < kFeatureCount; ++f) {
        const auto &edges = m_model.referenceBins[f].edges;
        const std::string feature = m_model.featureNames[f].toStdString();
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b <= edges.size(); ++b) {
            cumulative += sum(l.featBuckets[f] + b);
            out.sample("iris_feature_value", "_bucket", {{"feature", feature}}, double(cumulative),
                       b < edges.size() ? leText(edges[b]) : "+Inf");
        }
        out.sample("iris_feature_value", "_sum", {{"feature", feature}},
                   double(sum(l.featSumMicro + std::size_t(f))) * 1e-4);
        out.sample("iris_feature_value", "_count", {{"feature", feature}}, double(cumulative));
    }

    exposeProcess(out);

    const std::lock_guard lock(m_extraMutex);
    for (const auto &g : m_gauges)
        g->expose(out);
    for (const auto &c : m_collectors)
        c(out);
    if (const DriftMonitor *drift = m_drift.load(std::memory_order_acquire))
        drift->expose(out);
    return text;
}

void Metrics::exposeProcess(Exposition &out) const
{
    const auto fields = procStatFields();
    const double ticks = double(sysconf(_SC_CLK_TCK));
    out.family("process_cpu_seconds_total", "counter",
               "Total user and system CPU time spent in seconds.");
    out.sample("process_cpu_seconds_total", {}, {},
               (field(fields, 14) + field(fields, 15)) / ticks);
    out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out.sample("process_resident_memory_bytes", {}, {},
               field(fields, 24) * double(sysconf(_SC_PAGESIZE)));
    out.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
    out.sample("process_virtual_memory_bytes", {}, {}, field(fields, 23));
    out.family("process_open_fds", "gauge", "Number of open file descriptors.");
    out.sample("process_open_fds", {}, {}, double(openFds()));
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    out.family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
    out.sample("process_max_fds", {}, {},
               lim.rlim_cur == RLIM_INFINITY ? -1.0 : double(lim.rlim_cur));
    out.family("process_start_time_seconds", "gauge",
               "Start time of the process since unix epoch in seconds.");
    out.sample("process_start_time_seconds", {}, {}, m_startTime);
}

} // namespace iris

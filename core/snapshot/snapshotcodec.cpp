#include "core/snapshot/snapshotcodec.h"

#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/repeats.h"

#include <QCborArray>
#include <QCborMap>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <functional>

namespace vitals::snapshot::codec {

namespace {

QCborValue labelsToCbor(const series::LabelSet &labels)
{
    QCborArray a;
    for (const series::Label &l : labels.labels()) {
        a.append(l.name);
        a.append(l.value);
    }
    return a;
}

// Little-endian IEEE doubles, so NaN and ±Inf survive; and int64 deltas from the previous value.
QByteArray doublesToBytes(const std::vector<double> &values)
{
    QByteArray out(qsizetype(values.size() * 8), Qt::Uninitialized);
    for (std::size_t i = 0; i < values.size(); ++i) {
        quint64 bits = 0;
        std::memcpy(&bits, &values[i], 8);
        qToLittleEndian<quint64>(bits, out.data() + i * 8);
    }
    return out;
}

QByteArray deltasToBytes(const std::vector<qint64> &values)
{
    QByteArray out(qsizetype(values.size() * 8), Qt::Uninitialized);
    qint64 previous = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        qToLittleEndian<qint64>(values[i] - previous, out.data() + i * 8);
        previous = values[i];
    }
    return out;
}

// Samples as two byte strings: timestamps as little-endian int64 deltas from the previous one
// (the first from 0), values as little-endian IEEE doubles, so NaN and ±Inf survive.
void samplesToCbor(const series::Series &s, QCborMap &m)
{
    m.insert(QStringLiteral("t"), deltasToBytes(s.timestampsMs()));
    m.insert(QStringLiteral("v"), doublesToBytes(s.values()));
}

// A heatmap's buckets: upper bounds, times, and the counts row by row ([bucket][time]).
QCborMap heatmapToCbor(const series::HeatmapBuckets &h)
{
    QCborMap m;
    m.insert(QStringLiteral("le"), doublesToBytes(h.upperBounds));
    m.insert(QStringLiteral("t"), deltasToBytes(h.t));
    std::vector<double> counts;
    counts.reserve(h.upperBounds.size() * h.t.size());
    for (const auto &row : h.counts)
        counts.insert(counts.end(), row.begin(), row.end());
    m.insert(QStringLiteral("counts"), doublesToBytes(counts));
    // Buckets cut from values (panel::calculateHeatmap): where the first one starts, and
    // [lower, upper) bounds. Left out for Prometheus histograms, so their bytes stay the same.
    if (h.firstLowerBound != 0)
        m.insert(QStringLiteral("lo"), h.firstLowerBound);
    if (h.lowerInclusive)
        m.insert(QStringLiteral("ge"), true);
    return m;
}

QCborValue panelToCbor(const panel::PanelData &d)
{
    QCborMap m;
    m.insert(QStringLiteral("id"), d.panelId);
    m.insert(QStringLiteral("fromMs"), d.fromMs);
    m.insert(QStringLiteral("toMs"), d.toMs);
    m.insert(QStringLiteral("stepMs"), d.stepMs);
    QCborArray series;
    for (const panel::PanelSeries &s : d.series) {
        QCborMap sm;
        sm.insert(QStringLiteral("name"), s.name);
        sm.insert(QStringLiteral("refId"), s.refId);
        sm.insert(QStringLiteral("query"), qint64(s.query));
        sm.insert(QStringLiteral("color"), s.color);
        sm.insert(QStringLiteral("instant"), s.instant);
        sm.insert(QStringLiteral("labels"), labelsToCbor(s.samples.labels()));
        samplesToCbor(s.samples, sm);
        series.append(sm);
    }
    m.insert(QStringLiteral("series"), series);
    QCborArray values;
    for (const panel::PanelValue &v : d.values) {
        QCborMap vm;
        vm.insert(QStringLiteral("name"), v.name);
        vm.insert(QStringLiteral("refId"), v.refId);
        vm.insert(QStringLiteral("query"), qint64(v.query));
        vm.insert(QStringLiteral("labels"), labelsToCbor(v.labels));
        vm.insert(QStringLiteral("tMs"), v.tMs);
        vm.insert(QStringLiteral("value"), v.value);
        values.append(vm);
    }
    m.insert(QStringLiteral("values"), values);
    m.insert(QStringLiteral("expressions"), QCborArray::fromStringList(d.expressions));
    m.insert(QStringLiteral("refIds"), QCborArray::fromStringList(d.refIds));
    if (d.error.isError()) {
        QCborMap e;
        e.insert(QStringLiteral("type"), prom::errorTypeName(d.error.type));
        e.insert(QStringLiteral("message"), d.error.message);
        e.insert(QStringLiteral("detail"), d.error.detail);
        e.insert(QStringLiteral("httpStatus"), d.error.httpStatus);
        m.insert(QStringLiteral("error"), e);
        m.insert(QStringLiteral("errorExpr"), d.errorExpr);
    }
    m.insert(QStringLiteral("emptyText"), d.empty.text);
    m.insert(QStringLiteral("emptyQuery"), d.empty.query);
    if (!d.heatmap.t.empty())
        m.insert(QStringLiteral("heatmap"), heatmapToCbor(d.heatmap));
    return m;
}

QCborValue alertToCbor(const prom::Alert &a)
{
    QCborMap m;
    m.insert(QStringLiteral("labels"), labelsToCbor(a.labels));
    m.insert(QStringLiteral("annotations"), labelsToCbor(a.annotations));
    m.insert(QStringLiteral("state"), a.state);
    m.insert(QStringLiteral("activeAtMs"),
             a.activeAt.isValid() ? a.activeAt.toMSecsSinceEpoch() : qint64(-1));
    m.insert(QStringLiteral("value"), a.value);
    return m;
}

// Reading: every accessor checks the type and records the first problem with its path.
class Reader
{
public:
    explicit Reader(QString *error)
        : m_error(error)
    {}
    bool failed() const { return m_failed; }
    void fail(const QString &path, const QString &what)
    {
        if (m_failed)
            return;
        m_failed = true;
        if (m_error)
            *m_error = QStringLiteral("%1: %2").arg(path, what);
    }
    QCborMap map(const QCborValue &v, const QString &path)
    {
        if (!v.isMap())
            fail(path, QStringLiteral("expected a map"));
        return v.toMap();
    }
    QCborArray array(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isArray())
            fail(path + u'.' + key, QStringLiteral("expected an array"));
        return v.toArray();
    }
    QString text(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isString())
            fail(path + u'.' + key, QStringLiteral("expected text"));
        return v.toString();
    }
    qint64 integer(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isInteger())
            fail(path + u'.' + key, QStringLiteral("expected an integer"));
        return v.toInteger();
    }
    double number(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isDouble() && !v.isInteger())
            fail(path + u'.' + key, QStringLiteral("expected a number"));
        return v.toDouble();
    }
    QByteArray bytes(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isByteArray())
            fail(path + u'.' + key, QStringLiteral("expected bytes"));
        return v.toByteArray();
    }
    QStringList texts(const QCborMap &m, const QString &key, const QString &path)
    {
        QStringList out;
        const QCborArray a = array(m, key, path);
        for (qsizetype i = 0; i < a.size() && !m_failed; ++i) {
            if (!a.at(i).isString())
                fail(QStringLiteral("%1.%2[%3]").arg(path, key).arg(i),
                     QStringLiteral("expected text"));
            out << a.at(i).toString();
        }
        return out;
    }
    series::LabelSet labels(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborArray a = array(m, key, path);
        if (a.size() % 2 != 0)
            fail(path + u'.' + key, QStringLiteral("expected name, value pairs"));
        std::vector<series::Label> labels;
        for (qsizetype i = 0; i + 1 < a.size() && !m_failed; i += 2) {
            if (!a.at(i).isString() || !a.at(i + 1).isString())
                fail(path + u'.' + key, QStringLiteral("expected text"));
            labels.push_back({a.at(i).toString(), a.at(i + 1).toString()});
        }
        return series::LabelSet::fromLabels(std::move(labels));
    }

private:
    QString *m_error;
    bool m_failed = false;
};

std::vector<double> bytesToDoubles(const QByteArray &bytes)
{
    std::vector<double> out(std::size_t(bytes.size() / 8));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const quint64 bits = qFromLittleEndian<quint64>(bytes.constData() + i * 8);
        std::memcpy(&out[i], &bits, 8);
    }
    return out;
}

// The counts must fill exactly buckets × times cells, checked before anything is allocated.
// Timestamps written by deltasToBytes(); a sum past int64 is an error at `path`.
std::optional<std::vector<qint64>> bytesToTimes(Reader &r, const QByteArray &bytes,
                                                const QString &path)
{
    std::vector<qint64> out(std::size_t(bytes.size() / 8));
    qint64 previous = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const qint64 delta = qFromLittleEndian<qint64>(bytes.constData() + i * 8);
        if (__builtin_add_overflow(previous, delta, &out[i])) {
            r.fail(path, QStringLiteral("timestamp out of range"));
            return std::nullopt;
        }
        previous = out[i];
    }
    return out;
}

series::Series readSamples(Reader &r, const QCborMap &m, const QString &path,
                           series::LabelSet labels)
{
    series::Series s(std::move(labels));
    const QByteArray t = r.bytes(m, QStringLiteral("t"), path);
    const QByteArray v = r.bytes(m, QStringLiteral("v"), path);
    if (r.failed())
        return s;
    if (t.size() % 8 != 0 || t.size() != v.size()) {
        r.fail(path, QStringLiteral("timestamps and values differ in length"));
        return s;
    }
    const auto times = bytesToTimes(r, t, path + QStringLiteral(".t"));
    if (!times)
        return s;
    const std::vector<double> values = bytesToDoubles(v);
    s.reserve(times->size());
    for (std::size_t i = 0; i < times->size(); ++i) {
        if (!s.append((*times)[i], values[i])) {
            r.fail(path + QStringLiteral(".t"), QStringLiteral("samples out of time order"));
            return s;
        }
    }
    return s;
}

bool readHeatmap(Reader &r, const QCborValue &value, const QString &path,
                 series::HeatmapBuckets &out)
{
    const QCborMap m = r.map(value, path);
    const QByteArray le = r.bytes(m, QStringLiteral("le"), path);
    const QByteArray t = r.bytes(m, QStringLiteral("t"), path);
    const QByteArray counts = r.bytes(m, QStringLiteral("counts"), path);
    if (r.failed())
        return false;
    const std::size_t buckets = std::size_t(le.size() / 8);
    const std::size_t times = std::size_t(t.size() / 8);
    if (le.size() % 8 != 0 || t.size() % 8 != 0 || counts.size() % 8 != 0
        || (times != 0 && buckets > std::size_t(counts.size() / 8) / times)
        || buckets * times != std::size_t(counts.size() / 8)) {
        r.fail(path, QStringLiteral("counts do not fill buckets × times"));
        return false;
    }
    auto tMs = bytesToTimes(r, t, path + QStringLiteral(".t"));
    if (!tMs)
        return false;
    if (std::adjacent_find(tMs->begin(), tMs->end(), std::greater_equal<>()) != tMs->end()) {
        r.fail(path + QStringLiteral(".t"), QStringLiteral("times out of order"));
        return false;
    }
    out.upperBounds = bytesToDoubles(le);
    out.firstLowerBound = m.value(QStringLiteral("lo")).toDouble(0);
    out.lowerInclusive = m.value(QStringLiteral("ge")).toBool(false);
    out.t = std::move(*tMs);
    const std::vector<double> cells = bytesToDoubles(counts);
    out.counts.resize(buckets);
    for (std::size_t b = 0; b < buckets; ++b)
        out.counts[b].assign(cells.begin() + std::ptrdiff_t(b * times),
                             cells.begin() + std::ptrdiff_t((b + 1) * times));
    return true;
}

std::optional<panel::PanelData> readPanel(Reader &r, const QCborValue &value, const QString &path,
                                          const std::vector<dashboard::Panel> &shown)
{
    const QCborMap m = r.map(value, path);
    const QString id = r.text(m, QStringLiteral("id"), path);
    const qint64 fromMs = r.integer(m, QStringLiteral("fromMs"), path);
    const qint64 toMs = r.integer(m, QStringLiteral("toMs"), path);
    const qint64 stepMs = r.integer(m, QStringLiteral("stepMs"), path);
    if (r.failed())
        return std::nullopt;
    const auto panel = std::find_if(shown.begin(), shown.end(),
                                    [&](const dashboard::Panel &p) { return p.id == id; });
    if (panel == shown.end()) {
        r.fail(path + QStringLiteral(".id"),
               QStringLiteral("no panel \"%1\" in the dashboard").arg(id));
        return std::nullopt;
    }
    // Type, unit, thresholds and mappings come from the panel, as when it was drawn live.
    panel::PanelData d = panel::buildPanelData(*panel, {}, fromMs, toMs, stepMs);
    const QCborArray series = r.array(m, QStringLiteral("series"), path);
    for (qsizetype i = 0; i < series.size() && !r.failed(); ++i) {
        const QString sp = QStringLiteral("%1.series[%2]").arg(path).arg(i);
        const QCborMap sm = r.map(series.at(i), sp);
        panel::PanelSeries s;
        s.name = r.text(sm, QStringLiteral("name"), sp);
        s.refId = r.text(sm, QStringLiteral("refId"), sp);
        s.query = std::size_t(std::max<qint64>(0, r.integer(sm, QStringLiteral("query"), sp)));
        s.color = r.text(sm, QStringLiteral("color"), sp);
        s.instant = sm.value(QStringLiteral("instant")).toBool();
        s.samples = readSamples(r, sm, sp, r.labels(sm, QStringLiteral("labels"), sp));
        // Styles are not saved: the panel's overrides give them again (by the drawn name).
        s.style = dashboard::styleFor(panel->overrides, s.name, s.refId);
        d.series.push_back(std::move(s));
    }
    const QCborArray values = r.array(m, QStringLiteral("values"), path);
    for (qsizetype i = 0; i < values.size() && !r.failed(); ++i) {
        const QString vp = QStringLiteral("%1.values[%2]").arg(path).arg(i);
        const QCborMap vm = r.map(values.at(i), vp);
        panel::PanelValue v;
        v.name = r.text(vm, QStringLiteral("name"), vp);
        v.refId = r.text(vm, QStringLiteral("refId"), vp);
        v.query = std::size_t(std::max<qint64>(0, r.integer(vm, QStringLiteral("query"), vp)));
        v.labels = r.labels(vm, QStringLiteral("labels"), vp);
        v.tMs = r.integer(vm, QStringLiteral("tMs"), vp);
        v.value = r.number(vm, QStringLiteral("value"), vp);
        v.color = dashboard::styleFor(panel->overrides, v.name, v.refId).color.value_or(QString());
        d.values.push_back(std::move(v));
    }
    d.expressions = r.texts(m, QStringLiteral("expressions"), path);
    d.refIds = r.texts(m, QStringLiteral("refIds"), path);
    if (m.contains(QStringLiteral("error"))) {
        const QString ep = path + QStringLiteral(".error");
        const QCborMap e = r.map(m.value(QStringLiteral("error")), ep);
        d.error.type = prom::errorTypeFromName(r.text(e, QStringLiteral("type"), ep));
        if (d.error.type == prom::ErrorType::None)
            d.error.type = prom::ErrorType::BadResponse;
        d.error.message = r.text(e, QStringLiteral("message"), ep);
        d.error.detail = r.text(e, QStringLiteral("detail"), ep);
        d.error.httpStatus = int(r.integer(e, QStringLiteral("httpStatus"), ep));
        d.errorExpr = r.text(m, QStringLiteral("errorExpr"), path);
    }
    d.empty.text = r.text(m, QStringLiteral("emptyText"), path);
    d.empty.query = r.text(m, QStringLiteral("emptyQuery"), path);
    if (m.contains(QStringLiteral("heatmap")))
        readHeatmap(r, m.value(QStringLiteral("heatmap")), path + QStringLiteral(".heatmap"),
                    d.heatmap);
    if (r.failed())
        return std::nullopt;
    panel::attachTransformedTable(*panel, d);
    return d;
}

} // namespace

QCborValue toCbor(const Snapshot &s)
{
    QCborMap m;
    m.insert(QStringLiteral("dashboard"), dashboard::serializeDashboard(s.dashboard));
    m.insert(QStringLiteral("variables"), QCborArray::fromStringList(s.variables));
    m.insert(QStringLiteral("fromMs"), s.fromMs);
    m.insert(QStringLiteral("toMs"), s.toMs);
    m.insert(QStringLiteral("rangeLabel"), s.rangeLabel);
    m.insert(QStringLiteral("connection"), s.connection);
    m.insert(QStringLiteral("takenAtMs"), s.takenAtMs);
    m.insert(QStringLiteral("vitalsVersion"), s.vitalsVersion);
    m.insert(QStringLiteral("scrapeInterval"), s.scrapeInterval);
    QCborArray panels;
    for (const auto &p : s.panels)
        if (p)
            panels.append(panelToCbor(*p));
    m.insert(QStringLiteral("panels"), panels);
    QCborArray firing;
    for (const prom::Alert &a : s.firingAlerts)
        firing.append(alertToCbor(a));
    m.insert(QStringLiteral("firingAlerts"), firing);
    QCborArray spans;
    for (const AlertSpan &span : s.alertSpans) {
        QCborMap sm;
        sm.insert(QStringLiteral("alertname"), span.alertname);
        sm.insert(QStringLiteral("fromMs"), span.fromMs);
        sm.insert(QStringLiteral("toMs"), span.toMs);
        spans.append(sm);
    }
    m.insert(QStringLiteral("alertSpans"), spans);
    return m;
}

std::optional<Snapshot> fromCbor(const QCborValue &value, QString *error)
{
    Reader r(error);
    const QString root = QStringLiteral("snapshot");
    const QCborMap m = r.map(value, root);
    if (r.failed())
        return std::nullopt;
    Snapshot s;
    const QByteArray json = r.bytes(m, QStringLiteral("dashboard"), root);
    if (r.failed())
        return std::nullopt;
    const dashboard::LoadResult loaded = dashboard::parseDashboard(json);
    if (!loaded.ok()) {
        r.fail(QStringLiteral("snapshot.dashboard"), loaded.error);
        return std::nullopt;
    }
    s.dashboard = *loaded.dashboard;
    s.variables = r.texts(m, QStringLiteral("variables"), root);
    s.fromMs = r.integer(m, QStringLiteral("fromMs"), root);
    s.toMs = r.integer(m, QStringLiteral("toMs"), root);
    s.rangeLabel = r.text(m, QStringLiteral("rangeLabel"), root);
    s.connection = r.text(m, QStringLiteral("connection"), root);
    s.takenAtMs = r.integer(m, QStringLiteral("takenAtMs"), root);
    s.vitalsVersion = r.text(m, QStringLiteral("vitalsVersion"), root);
    s.scrapeInterval = r.text(m, QStringLiteral("scrapeInterval"), root);
    if (!r.failed() && s.fromMs >= s.toMs)
        r.fail(QStringLiteral("snapshot.fromMs"), QStringLiteral("the span is empty"));
    const std::vector<dashboard::Panel> shown = dashboard::expandRepeats(s.dashboard).panels;
    const QCborArray panels = r.array(m, QStringLiteral("panels"), root);
    for (qsizetype i = 0; i < panels.size() && !r.failed(); ++i) {
        auto d = readPanel(r, panels.at(i), QStringLiteral("snapshot.panels[%1]").arg(i), shown);
        if (d)
            s.panels.push_back(std::make_shared<const panel::PanelData>(std::move(*d)));
    }
    const QCborArray firing = r.array(m, QStringLiteral("firingAlerts"), root);
    for (qsizetype i = 0; i < firing.size() && !r.failed(); ++i) {
        const QString ap = QStringLiteral("snapshot.firingAlerts[%1]").arg(i);
        const QCborMap am = r.map(firing.at(i), ap);
        prom::Alert a;
        a.labels = r.labels(am, QStringLiteral("labels"), ap);
        a.annotations = r.labels(am, QStringLiteral("annotations"), ap);
        a.state = r.text(am, QStringLiteral("state"), ap);
        const qint64 activeAt = r.integer(am, QStringLiteral("activeAtMs"), ap);
        if (activeAt >= 0)
            a.activeAt = QDateTime::fromMSecsSinceEpoch(activeAt, Qt::UTC);
        a.value = r.text(am, QStringLiteral("value"), ap);
        s.firingAlerts.push_back(std::move(a));
    }
    const QCborArray spans = r.array(m, QStringLiteral("alertSpans"), root);
    for (qsizetype i = 0; i < spans.size() && !r.failed(); ++i) {
        const QString sp = QStringLiteral("snapshot.alertSpans[%1]").arg(i);
        const QCborMap sm = r.map(spans.at(i), sp);
        AlertSpan span;
        span.alertname = r.text(sm, QStringLiteral("alertname"), sp);
        span.fromMs = r.integer(sm, QStringLiteral("fromMs"), sp);
        span.toMs = r.integer(sm, QStringLiteral("toMs"), sp);
        s.alertSpans.push_back(span);
    }
    if (r.failed())
        return std::nullopt;
    return s;
}

} // namespace vitals::snapshot::codec

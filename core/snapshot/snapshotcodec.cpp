#include "core/snapshot/snapshotcodec.h"

#include "core/dashboard/dashboardfile.h"
#include "core/dashboard/repeats.h"
#include "core/snapshot/answerscodec.h"
#include "core/snapshot/cborio.h"

#include <QCborArray>
#include <QCborMap>

#include <algorithm>
#include <functional>

namespace vitals::snapshot::codec {

namespace {

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
        m.insert(QStringLiteral("error"), errorToCbor(d.error));
        m.insert(QStringLiteral("errorExpr"), d.errorExpr);
    }
    m.insert(QStringLiteral("emptyText"), d.empty.text);
    m.insert(QStringLiteral("emptyQuery"), d.empty.query);
    if (!d.heatmap.t.empty())
        m.insert(QStringLiteral("heatmap"), heatmapToCbor(d.heatmap));
    if (d.external)
        m.insert(QStringLiteral("external"), externalToCbor(*d.external));
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

// The counts must fill exactly buckets × times cells, checked before anything is allocated.
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
        d.error = readError(r, m.value(QStringLiteral("error")), path + QStringLiteral(".error"));
        d.errorExpr = r.text(m, QStringLiteral("errorExpr"), path);
    }
    d.empty.text = r.text(m, QStringLiteral("emptyText"), path);
    d.empty.query = r.text(m, QStringLiteral("emptyQuery"), path);
    if (m.contains(QStringLiteral("heatmap")))
        readHeatmap(r, m.value(QStringLiteral("heatmap")), path + QStringLiteral(".heatmap"),
                    d.heatmap);
    if (m.contains(QStringLiteral("external")))
        d.external = readExternal(r, m.value(QStringLiteral("external")),
                                  path + QStringLiteral(".external"));
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
        sm.insert(QStringLiteral("labels"), labelsToCbor(span.labels));
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
        if (sm.contains(QStringLiteral("labels"))) // since spans kept their labels
            span.labels = r.labels(sm, QStringLiteral("labels"), sp);
        span.fromMs = r.integer(sm, QStringLiteral("fromMs"), sp);
        span.toMs = r.integer(sm, QStringLiteral("toMs"), sp);
        s.alertSpans.push_back(span);
    }
    if (r.failed())
        return std::nullopt;
    return s;
}

} // namespace vitals::snapshot::codec

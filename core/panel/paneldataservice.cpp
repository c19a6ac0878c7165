#include "core/panel/paneldataservice.h"

#include "core/dashboard/paneltime.h"
#include "core/panel/panelcrop.h"

#include "core/prom/metricnamecache.h"
#include "core/prom/promclient.h"
#include "core/prom/rangeplan.h"

#include <algorithm>

namespace vitals::panel {

struct DashboardDataService::PanelState {
    dashboard::Panel panel;
    RefreshContext context;
    std::vector<prom::RequestHandle> requests;
    std::vector<QueryAnswer> answers;
    int pending = 0;
    bool busy = false;
    qint64 stepMs = 0;
    quint64 generation = 0; // counts refreshes, so a late answer of an older one is dropped
    QStringList sent;
    std::shared_ptr<const PanelData> data;
};

DashboardDataService::DashboardDataService(prom::PromClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

DashboardDataService::~DashboardDataService() = default;

DashboardDataService::PanelState &DashboardDataService::state(const QString &panelId)
{
    auto &slot = m_panels[panelId];
    if (!slot)
        slot = std::make_unique<PanelState>();
    return *slot;
}

void DashboardDataService::refresh(const dashboard::Panel &panel,
                                   const RefreshContext &dashboardContext)
{
    // The panel's own time range (timeFrom, timeShift) replaces the dashboard's.
    RefreshContext context = dashboardContext;
    const dashboard::TimeSpan span =
        dashboard::panelTimeSpan(panel, dashboardContext.fromMs, dashboardContext.toMs);
    context.fromMs = span.fromMs;
    context.toMs = span.toMs;
    PanelState &s = state(panel.id);
    s.requests.clear(); // cancels what the previous refresh still has in flight
    s.panel = panel;
    s.context = context;
    s.sent.clear();
    s.busy = true;
    const quint64 generation = ++s.generation;
    const prom::RangePlan plan(context.fromMs, context.toMs, context.widthPx,
                               context.scrapeIntervalMs);
    s.stepMs = plan.stepMs();
    if (m_savedMode) {
        refreshFromSaved(s, panel, context);
        return;
    }
    const std::size_t n = panel.queries.size();
    if (panel.type == dashboard::PanelType::Text || n == 0 || !m_client) {
        s.answers.clear();
        s.pending = 0;
        PanelData data = buildPanelData(panel, {}, context.fromMs, context.toMs, s.stepMs);
        announce(s, std::move(data));
        return;
    }
    s.answers.clear(); // QueryAnswer holds move-only series: no assign(n, value)
    s.answers.resize(n);
    s.pending = int(n);

    const bool range = panel.type == dashboard::PanelType::TimeSeries
                       || panel.type == dashboard::PanelType::Heatmap;
    for (std::size_t i = 0; i < n; ++i) {
        const dashboard::Query &q = panel.queries[i];
        dashboard::TemplateContext tctx = context.templateContext();
        QueryAnswer &answer = s.answers[i];
        const QString id = panel.id;
        auto done = [this, id, generation, i](QueryAnswer a) {
            answered(id, generation, i, std::move(a));
        };
        if (range && !q.instant) {
            // A query's own minimum interval raises the floor the step is planned from.
            const qint64 minStep = q.interval.isEmpty()
                                       ? 0
                                       : units::parseDurationMs(dashboard::expandVariables(
                                           q.interval, context.variables, tctx));
            const prom::RangePlan own(context.fromMs, context.toMs, context.widthPx,
                                      std::max(context.scrapeIntervalMs, minStep));
            tctx.intervalMs = own.stepMs();
            answer.range = true;
            answer.expr = dashboard::expandVariables(q.expr, context.variables, tctx);
            s.sent << answer.expr;
            s.requests.push_back(
                m_client->queryRange(own.query(answer.expr), this,
                                     [done, expr = answer.expr](const prom::RangeResult &r) {
                                         QueryAnswer a;
                                         a.range = true;
                                         a.expr = expr;
                                         a.error = r.error;
                                         if (r.ok())
                                             a.series = series::clone(r.series);
                                         done(std::move(a));
                                     }));
        } else {
            tctx.intervalMs = plan.stepMs();
            prom::InstantQuery iq;
            iq.expr = dashboard::expandVariables(q.expr, context.variables, tctx);
            iq.timeMs = context.toMs;
            answer.expr = iq.expr;
            s.sent << iq.expr;
            s.requests.push_back(
                m_client->query(iq, this, [done, expr = iq.expr](const prom::QueryResult &r) {
                    QueryAnswer a;
                    a.expr = expr;
                    a.error = r.error;
                    a.values = instantValues(r);
                    done(std::move(a));
                }));
        }
    }
}

void DashboardDataService::answered(const QString &panelId, quint64 generation, std::size_t index,
                                    QueryAnswer answer)
{
    const auto it = m_panels.find(panelId);
    if (it == m_panels.end())
        return;
    PanelState &s = *it->second;
    if (generation != s.generation || index >= s.answers.size())
        return; // a newer refresh has started
    s.answers[index] = std::move(answer);
    if (--s.pending > 0)
        return;
    s.requests.clear();
    PanelData data =
        buildPanelData(s.panel, std::move(s.answers), s.context.fromMs, s.context.toMs, s.stepMs);
    s.answers.clear();
    finish(s, std::move(data));
}

void DashboardDataService::finishExternal(const dashboard::Panel &panel,
                                          const RefreshContext &context, const prom::Error &error,
                                          const QString &errorText, bool hasData,
                                          const QStringList &sentExpressions,
                                          std::shared_ptr<const ExternalAnswers> answers)
{
    PanelState &s = state(panel.id);
    s.requests.clear();
    s.panel = panel;
    s.context = context;
    s.sent = sentExpressions;
    s.busy = true;
    ++s.generation;
    PanelData data = buildPanelData(
        panel, {}, context.fromMs, context.toMs,
        prom::RangePlan(context.fromMs, context.toMs, context.widthPx, context.scrapeIntervalMs)
            .stepMs());
    data.expressions = sentExpressions;
    data.external = std::move(answers);
    if (error.isError()) {
        data.error = error;
        data.errorExpr = panel.queries.empty() ? QString() : panel.queries.front().expr;
    } else if (!errorText.isEmpty()) {
        data.error.type = prom::ErrorType::BadResponse;
        data.error.message = errorText;
    }
    if (!hasData && !data.error.isError()) {
        explainEmpty(s, std::move(data));
        return;
    }
    announce(s, std::move(data));
}

void DashboardDataService::finish(PanelState &s, PanelData data)
{
    if (data.isEmpty()) {
        explainEmpty(s, std::move(data));
        return;
    }
    announce(s, std::move(data));
}

void DashboardDataService::explainEmpty(PanelState &s, PanelData data)
{
    auto explain = [this, panelId = s.panel.id](PanelData d,
                                                std::optional<QSet<QString>> serverMetrics) {
        const auto it = m_panels.find(panelId);
        if (it == m_panels.end())
            return;
        PanelState &st = *it->second;
        dashboard::EmptyPanelFacts facts;
        for (const dashboard::Query &q : st.panel.queries)
            facts.rawExpressions << q.expr;
        facts.sentExpressions = st.sent;
        facts.resolvedVariables = st.context.resolvedVariables;
        facts.serverMetrics = std::move(serverMetrics);
        facts.scrapeIntervalMs = st.context.scrapeIntervalMs;
        facts.panelHint = st.panel.emptyHint;
        facts.panelHintApplies = st.context.panelHintsApply;
        facts.stackStarting = st.context.stackStarting;
        d.empty = dashboard::explainEmptyPanel(facts);
        if (d.empty.text.isEmpty())
            d.empty.text = tr("No data");
        announce(st, std::move(d));
    };
    if (!s.context.metricNames) {
        explain(std::move(data), std::nullopt);
        return;
    }
    // Still busy: a report waits for the explanation.
    auto shared = std::make_shared<PanelData>(std::move(data));
    s.context.metricNames->get(
        this, [this, explain, shared, panelId = s.panel.id,
               generation = s.generation](const prom::MetricNameCache::Names &names) {
            const auto it = m_panels.find(panelId);
            if (it == m_panels.end() || it->second->generation != generation)
                return; // a newer refresh has started
            explain(std::move(*shared), names);
        });
}

void DashboardDataService::announce(PanelState &s, PanelData data)
{
    auto snapshot = std::make_shared<const PanelData>(std::move(data));
    s.data = snapshot;
    s.busy = false;
    Q_EMIT panelDataChanged(s.panel.id, snapshot);
}

void DashboardDataService::setSavedData(const std::vector<std::shared_ptr<const PanelData>> &saved)
{
    m_savedMode = true;
    m_saved.clear();
    for (const auto &data : saved)
        if (data)
            m_saved.insert(data->panelId, data);
}

void DashboardDataService::refreshFromSaved(PanelState &s, const dashboard::Panel &panel,
                                            const RefreshContext &context)
{
    s.answers.clear();
    s.pending = 0;
    const auto saved = m_saved.value(panel.id);
    if (!saved) {
        PanelData data = buildPanelData(panel, {}, context.fromMs, context.toMs, s.stepMs);
        data.empty.text = tr("Not in the snapshot");
        announce(s, std::move(data));
        return;
    }
    s.sent = saved->expressions;
    announce(s, cropToRange(*saved, context.fromMs, context.toMs));
}

void DashboardDataService::cancel(const QString &panelId)
{
    const auto it = m_panels.find(panelId);
    if (it == m_panels.end())
        return;
    it->second->requests.clear();
    ++it->second->generation;
    it->second->busy = false;
}

void DashboardDataService::clear()
{
    m_panels.clear();
}

std::shared_ptr<const PanelData> DashboardDataService::data(const QString &panelId) const
{
    const auto it = m_panels.find(panelId);
    return it == m_panels.end() ? nullptr : it->second->data;
}

bool DashboardDataService::isBusy(const QString &panelId) const
{
    const auto it = m_panels.find(panelId);
    return it != m_panels.end() && it->second->busy;
}

QStringList DashboardDataService::sentExpressions(const QString &panelId) const
{
    const auto it = m_panels.find(panelId);
    return it == m_panels.end() ? QStringList() : it->second->sent;
}

} // namespace vitals::panel

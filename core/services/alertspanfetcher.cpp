#include "core/services/alertspanfetcher.h"

#include "core/prom/promclient.h"
#include "core/prom/rangeplan.h"

#include <algorithm>
#include <map>

namespace vitals {

AlertSpanFetcher::AlertSpanFetcher(QObject *parent)
    : QObject(parent)
{}

QStringList AlertSpanFetcher::queriesOf(const dashboard::Dashboard &dashboard)
{
    QStringList out;
    for (const auto &panel : dashboard.panels)
        if (panel.type
            != dashboard::PanelType::DriftTable) // a drift panel's "query" is matchers only
            for (const auto &query : panel.queries)
                out << query.expr;
    return out;
}

void AlertSpanFetcher::fetch(prom::PromClient *client, const dashboard::Dashboard &dashboard,
                             qint64 fromMs, qint64 toMs, qint64 stepMs,
                             std::function<void(const Spans &)> done)
{
    m_rules = {};
    m_history = {};
    m_rulesResult.reset();
    m_historyResult.reset();
    m_done = std::move(done);
    if (!client || dashboard.alertShading == u"none") {
        m_done({});
        return;
    }
    m_dashboard = dashboard;
    m_toMs = toMs;
    // The dashboard's grid, at a step of at least a second (ALERTS changes no faster).
    const prom::RangePlan plan =
        prom::RangePlan::atStep(fromMs, toMs, std::max<qint64>(stepMs, 1000));
    m_stepMs = plan.stepMs();
    m_rules = client->rules(this, [this](const prom::RulesResult &r) {
        m_rulesResult = r;
        maybeFinish();
    });
    m_history = client->queryRange(plan.query(alertshading::rangeQuery()), this,
                                   [this](const prom::RangeResult &r) {
                                       m_historyResult = r.clone();
                                       maybeFinish();
                                   });
}

void AlertSpanFetcher::maybeFinish()
{
    if (!m_rulesResult || !m_historyResult)
        return;
    Spans spans;
    if (m_rulesResult->ok() && m_historyResult->ok()) {
        const auto &groups = m_rulesResult->groups;
        spans = alertshading::spansFromTimestamps(m_historyResult->series, m_stepMs,
                                                  2 * alertshading::evaluationIntervalMs(groups),
                                                  m_toMs, alertshading::firingAlerts(groups));
        if (m_dashboard.alertShading != u"all") {
            const QSet<QString> related =
                alertshading::relatedAlerts(queriesOf(m_dashboard), groups);
            spans.erase(
                std::remove_if(spans.begin(), spans.end(),
                               [&](const auto &s) { return !related.contains(s.alertname); }),
                spans.end());
        }
        std::map<QString, series::LabelSet> ruleLabels;
        for (const prom::RuleGroup &group : groups)
            for (const prom::Rule &rule : group.rules)
                if (rule.type == u"alerting" && !ruleLabels.contains(rule.name)) {
                    std::vector<series::Label> labels = rule.labels.labels();
                    labels.push_back({QStringLiteral("alertname"), rule.name});
                    ruleLabels[rule.name] = series::LabelSet::fromLabels(std::move(labels));
                }
        // ALERTS carries every label of the alert; a backend whose answer lacks them gets the
        // rule's.
        for (alertshading::Span &span : spans) {
            if (!span.labels.isEmpty())
                continue;
            const auto it = ruleLabels.find(span.alertname);
            span.labels =
                it != ruleLabels.end()
                    ? it->second
                    : series::LabelSet::fromLabels({{QStringLiteral("alertname"), span.alertname}});
        }
    }
    m_rulesResult.reset();
    m_historyResult.reset();
    if (m_done)
        m_done(spans);
}

} // namespace vitals

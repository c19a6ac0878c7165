#pragma once

#include "core/alertshading.h"
#include "core/dashboard/dashboard.h"
#include "core/prom/requesthandle.h"

#include <QObject>

#include <functional>
#include <vector>

namespace vitals {

namespace prom {
class PromClient;
}

// Fetches the alert spans a dashboard shades: the rules (/api/v1/rules, what the Alerts page
// reads: which alerts fire now, their expressions, the evaluation interval) and the firing
// history (alertshading::rangeQuery()) at one refresh, then keeps the spans of the alerts the
// dashboard's alertShading option admits (related: alertshading::relatedAlerts()): one span list
// per alert label set, each span with the alert's labels (alertname, severity, feature, …).
// GUI thread. Owns its requests: a new fetch() or the destructor cancels the previous one.
class AlertSpanFetcher : public QObject
{
    Q_OBJECT
public:
    using Spans = std::vector<alertshading::Span>;

    explicit AlertSpanFetcher(QObject *parent = nullptr);

    // Asks `client` for the spans within [fromMs, toMs] at `stepMs`; `done` gets them (empty on
    // any error or when the option is "none": no shading is better than wrong shading).
    void fetch(prom::PromClient *client, const dashboard::Dashboard &dashboard, qint64 fromMs,
               qint64 toMs, qint64 stepMs, std::function<void(const Spans &)> done);

    // The query texts of a dashboard, for relatedAlerts().
    static QStringList queriesOf(const dashboard::Dashboard &dashboard);

private:
    void maybeFinish();

    prom::RequestHandle m_rules;
    prom::RequestHandle m_history;
    std::optional<prom::RulesResult> m_rulesResult;
    std::optional<prom::RangeResult> m_historyResult;
    dashboard::Dashboard m_dashboard;
    qint64 m_toMs = 0;
    qint64 m_stepMs = 0;
    std::function<void(const Spans &)> m_done;
};

} // namespace vitals

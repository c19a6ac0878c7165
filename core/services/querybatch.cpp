#include "core/services/querybatch.h"

#include "core/prom/promclient.h"
#include "core/services/serviceslogging.h"

namespace vitals {

BatchQuery BatchQuery::instant(const QString &expr, qint64 timeMs)
{
    BatchQuery q;
    q.expr = expr;
    q.timeMs = timeMs;
    return q;
}

BatchQuery BatchQuery::range(const QString &expr, qint64 startMs, qint64 endMs, qint64 stepMs)
{
    BatchQuery q;
    q.expr = expr;
    q.startMs = startMs;
    q.endMs = endMs;
    q.stepMs = stepMs;
    return q;
}

BatchQuery BatchQuery::range(const QString &expr, const prom::RangePlan &plan)
{
    return range(expr, plan.startMs(), plan.endMs(), plan.stepMs());
}

QueryBatch::QueryBatch(QObject *parent)
    : QObject(parent)
{}

QueryBatch::~QueryBatch() = default;

void QueryBatch::setClient(prom::PromClient *client)
{
    cancel();
    m_client = client;
}

void QueryBatch::cancel()
{
    m_requests.clear();
    m_pending = 0;
    m_done = nullptr;
}

void QueryBatch::run(const std::vector<BatchQuery> &queries, Done done)
{
    cancel();
    m_result = {};
    m_result.answers.resize(queries.size());
    if (!m_client || queries.empty()) {
        done(m_result);
        return;
    }
    m_done = std::move(done);
    // Counted before sending, so an answer that comes back at once cannot finish the batch.
    m_pending = int(queries.size());
    m_requests.reserve(queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const BatchQuery &q = queries[i];
        if (q.isRange()) {
            prom::RangeQuery range;
            range.expr = q.expr;
            range.startMs = q.startMs;
            range.endMs = q.endMs;
            range.stepMs = q.stepMs;
            m_requests.push_back(
                m_client->queryRange(range, this, [this, i](const prom::RangeResult &r) {
                    BatchResult::Answer answer;
                    if (r.ok())
                        answer.series = series::clone(r.series);
                    answer.error = r.error;
                    finishOne(i, std::move(answer));
                }));
        } else {
            prom::InstantQuery instant;
            instant.expr = q.expr;
            instant.timeMs = q.timeMs;
            m_requests.push_back(
                m_client->query(instant, this, [this, i](const prom::QueryResult &r) {
                    BatchResult::Answer answer;
                    if (r.ok())
                        answer.vector = r.vector;
                    answer.error = r.error;
                    finishOne(i, std::move(answer));
                }));
        }
    }
}

void QueryBatch::finishOne(std::size_t index, BatchResult::Answer answer)
{
    if (answer.error.isError() && answer.error.type != prom::ErrorType::Canceled
        && !m_result.firstError.isError()) {
        qCDebug(lcServices) << "batch query failed:" << answer.error.message;
        m_result.firstError = answer.error;
    }
    if (index < m_result.answers.size())
        m_result.answers[index] = std::move(answer);
    if (--m_pending > 0)
        return;
    // The handles are finished; dropping them here is safe, their callbacks have run.
    m_requests.clear();
    const Done done = std::exchange(m_done, nullptr);
    if (done)
        done(m_result);
}

std::vector<panel::QueryAnswer> toQueryAnswers(const std::vector<BatchQuery> &queries,
                                               const BatchResult &result)
{
    std::vector<panel::QueryAnswer> out;
    for (std::size_t i = 0; i < result.answers.size(); ++i) {
        const BatchResult::Answer &a = result.answers[i];
        panel::QueryAnswer q;
        q.range = i < queries.size() && queries[i].isRange();
        q.expr = i < queries.size() ? queries[i].expr : QString();
        q.series = series::clone(a.series);
        q.values = a.vector;
        q.error = a.error;
        out.push_back(std::move(q));
    }
    return out;
}

BatchResult fromQueryAnswers(const std::vector<panel::QueryAnswer> &answers)
{
    BatchResult out;
    for (const panel::QueryAnswer &q : answers) {
        out.answers.push_back({q.values, series::clone(q.series), q.error});
        if (q.error.isError() && !out.firstError.isError())
            out.firstError = q.error;
    }
    return out;
}

} // namespace vitals

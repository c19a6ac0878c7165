#pragma once

#include "core/panel/paneldata.h"
#include "core/prom/error.h"
#include "core/prom/rangeplan.h"
#include "core/prom/requesthandle.h"
#include "core/prom/results.h"

#include <QObject>

#include <functional>
#include <vector>

namespace vitals {

namespace prom {
class PromClient;
}

// One query of a batch: an instant query at `timeMs`, or a range query when `stepMs` > 0.
struct BatchQuery {
    QString expr;
    qint64 timeMs = 0;  // instant: evaluation time, Unix ms
    qint64 startMs = 0; // range: [startMs, endMs] at stepMs, Unix ms
    qint64 endMs = 0;
    qint64 stepMs = 0;

    static BatchQuery instant(const QString &expr, qint64 timeMs);
    static BatchQuery range(const QString &expr, qint64 startMs, qint64 endMs, qint64 stepMs);
    // A range query on `plan`'s grid (its aligned start, end and step).
    static BatchQuery range(const QString &expr, const prom::RangePlan &plan);
    bool isRange() const { return stepMs > 0; }
};

// The answers of a batch, one per query in the order asked. A failed query leaves its answer
// empty; `firstError` is the first failure to arrive (ErrorType::None when all answered).
struct BatchResult {
    struct Answer {
        std::vector<prom::VectorSample> vector; // instant queries (a vector result)
        prom::SeriesList series;                // range queries
        prom::Error error;
    };
    std::vector<Answer> answers;
    prom::Error firstError;

    // A copy, series included (series are move-only: copies are explicit).
    BatchResult clone() const
    {
        BatchResult copy;
        copy.firstError = firstError;
        for (const Answer &a : answers)
            copy.answers.push_back({a.vector, series::clone(a.series), a.error});
        return copy;
    }
};

// A batch's answers as the panels' QueryAnswer (expressions as asked, range or instant), and
// back: how the drift and model-quality views hand what they computed from to a snapshot
// (panel::ExternalAnswers). Pure; any thread.
std::vector<panel::QueryAnswer> toQueryAnswers(const std::vector<BatchQuery> &queries,
                                               const BatchResult &result);
BatchResult fromQueryAnswers(const std::vector<panel::QueryAnswer> &answers);

// The request loop the Drift and Model quality views share: sends a batch of instant and range
// queries at once and hands over every answer together, when the last one has arrived.
//
// GUI thread. Does not own the client. Owns its requests: run(), setClient(), cancel() and the
// destructor abort the batch still running, whose callback then never runs.
class QueryBatch : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const BatchResult &)>;

    explicit QueryBatch(QObject *parent = nullptr);
    ~QueryBatch() override;

    void setClient(prom::PromClient *client);
    bool hasClient() const { return m_client != nullptr; }

    // Sends `queries`; `done` runs once, after the last answer. Without a client (or with no
    // query) `done` runs at once with empty answers.
    void run(const std::vector<BatchQuery> &queries, Done done);
    void cancel();
    bool isBusy() const { return m_pending > 0; }

private:
    void finishOne(std::size_t index, BatchResult::Answer answer);

    prom::PromClient *m_client = nullptr;
    std::vector<prom::RequestHandle> m_requests;
    BatchResult m_result;
    Done m_done;
    int m_pending = 0;
};

} // namespace vitals

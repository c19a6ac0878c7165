#pragma once

#include "core/prom/requesthandle.h"
#include "core/prom/results.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <vector>

namespace vitals {

namespace prom {
class PromClient;
}

// The Explore page's data service: a run (the range query for the graph and the instant query
// for the table, sent together), the metric names with their metadata (type and help), and the
// label names and values the editor's completion asks for.
//
// GUI thread. Does not own the client. Owns its requests: a new run() aborts the previous run,
// a new loadMetricNames() the previous load, setClient() and the destructor everything; no
// signal or callback follows an aborted request.
class ExploreService : public QObject
{
    Q_OBJECT
public:
    using Values = std::function<void(const QStringList &)>;

    explicit ExploreService(prom::PromClient *client = nullptr, QObject *parent = nullptr);
    ~ExploreService() override;

    void setClient(prom::PromClient *client);
    bool hasClient() const { return m_client != nullptr; }

    // Sends both queries; rangeFinished() and instantFinished() follow, in the order they come.
    // Returns false (and sends nothing) without a client.
    bool run(const prom::RangeQuery &range, const prom::InstantQuery &instant);
    // True while a query of the last run is outstanding.
    bool isRunning() const { return m_pendingRun > 0; }

    // Asks for every metric name (/api/v1/label/__name__/values) and the metadata of every
    // metric (/api/v1/metadata); metricNamesLoaded() follows. Returns false without a client.
    bool loadMetricNames();

    // Label names (of `metric`'s series; every series when empty), and the values of `label`.
    // `reply` runs once with the answer, empty on failure or without a client, while `context`
    // lives.
    void labelNames(const QString &metric, QObject *context, Values reply);
    void labelValues(const QString &metric, const QString &label, QObject *context, Values reply);

Q_SIGNALS:
    void rangeFinished(const vitals::prom::RangeResult &result);
    void instantFinished(const vitals::prom::QueryResult &result);
    // The names and their "type — help" texts; ok is false when the names could not be read.
    void metricNamesLoaded(const QStringList &names, const QHash<QString, QString> &help, bool ok);

private:
    prom::RequestHandle &newLabelRequest();

    prom::PromClient *m_client = nullptr;
    prom::RequestHandle m_rangeRequest;
    prom::RequestHandle m_instantRequest;
    prom::RequestHandle m_namesRequest;
    prom::RequestHandle m_metadataRequest;
    std::vector<prom::RequestHandle> m_labelRequests;
    int m_pendingRun = 0;
    int m_pendingNames = 0;
    bool m_namesOk = false;
    QStringList m_names;
    QHash<QString, QString> m_help;
};

} // namespace vitals

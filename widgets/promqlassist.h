#pragma once

#include "core/prom/requesthandle.h"
#include "widgets/promqleditor.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <map>
#include <vector>

namespace vitals {

namespace prom {
class PromClient;
}

// Completion from a Prometheus server for any number of PromQL editors: metric names with
// their type and HELP (/api/v1/label/__name__/values and /api/v1/metadata, asked once per
// client), label names and values (/api/v1/labels, /api/v1/label/<name>/values, asked when the
// cursor needs them). GUI thread only; the client and the editors are not owned (an editor that
// is destroyed is forgotten); every request is owned here and aborted with it.
class PromQLServerCompletion : public QObject, public PromQLCompletionProvider
{
    Q_OBJECT
public:
    explicit PromQLServerCompletion(QObject *parent = nullptr);
    ~PromQLServerCompletion() override;

    // Forgets what the previous client said and asks `client` (may be null).
    void setClient(prom::PromClient *client);
    // Makes this the editor's provider and gives it the metric names (now or when they arrive).
    void attach(PromQLEditor *editor);
    // The metric names loaded so far (empty until the server answered).
    const QStringList &metricNames() const { return m_names; }

    void requestLabelNames(const QString &metric, Reply reply) override;
    void requestLabelValues(const QString &metric, const QString &label, Reply reply) override;

Q_SIGNALS:
    // The metric names and their metadata arrived (count of names; 0 on failure).
    void metricNamesLoaded(int count);

private:
    void load();
    prom::RequestHandle &newRequest();

    prom::PromClient *m_client = nullptr;
    std::vector<QPointer<PromQLEditor>> m_editors;
    QStringList m_names;
    QHash<QString, QString> m_help;
    prom::RequestHandle m_namesRequest;
    prom::RequestHandle m_metadataRequest;
    std::vector<prom::RequestHandle> m_labelRequests;
};

// Lint as you type: a moment after the user stops typing in an editor, asks the server's
// /api/v1/parse_query (Prometheus 2.45 and later) whether the text parses and marks a parse
// error's span in the editor (without moving the cursor), or clears the mark. Whether the
// server has the endpoint is learnt from its first answer, once per client: a server without it
// (Prometheus 2.42 answers 404) is not asked again, and errors are then found when the query
// runs (the page does that). GUI thread only; the client and the editors are not owned.
class PromQLLinter : public QObject
{
    Q_OBJECT
public:
    enum class Availability { Unknown, Available, Unavailable };
    Q_ENUM(Availability)

    explicit PromQLLinter(QObject *parent = nullptr);
    ~PromQLLinter() override;

    // A new connection: availability is learnt again.
    void setClient(prom::PromClient *client);
    void addEditor(PromQLEditor *editor);
    // Quiet time after the last keystroke before asking, in ms (default 400).
    void setDelayMs(int ms) { m_timer.setInterval(ms); }

    Availability availability() const { return m_availability; }
    // Requests sent since the last setClient() (tests count them).
    int requestsSent() const { return m_sent; }

Q_SIGNALS:
    void availabilityChanged(vitals::PromQLLinter::Availability availability);
    // An editor's text was checked: `message` is empty when it parses.
    void linted(vitals::PromQLEditor *editor, const QString &message);

private:
    void lintPending();
    void setAvailability(Availability availability);

    prom::PromClient *m_client = nullptr;
    Availability m_availability = Availability::Unknown;
    QTimer m_timer;
    QSet<PromQLEditor *> m_dirty;
    std::map<PromQLEditor *, prom::RequestHandle> m_requests;
    int m_sent = 0;
};

} // namespace vitals

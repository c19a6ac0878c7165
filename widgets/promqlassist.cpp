#include "widgets/promqlassist.h"

#include "core/prom/promclient.h"

#include <memory>

namespace vitals {

// ---- PromQLServerCompletion -------------------------------------------------------------

PromQLServerCompletion::PromQLServerCompletion(QObject *parent)
    : QObject(parent)
{}

PromQLServerCompletion::~PromQLServerCompletion() = default;

void PromQLServerCompletion::setClient(prom::PromClient *client)
{
    m_client = client;
    m_labelRequests.clear();
    m_names.clear();
    m_help.clear();
    for (const QPointer<PromQLEditor> &editor : m_editors)
        if (editor)
            editor->clearCompletionCache();
    load();
}

void PromQLServerCompletion::attach(PromQLEditor *editor)
{
    editor->setCompletionProvider(this);
    editor->setMetricNames(m_names, m_help);
    std::erase_if(m_editors, [](const QPointer<PromQLEditor> &e) { return !e; });
    m_editors.emplace_back(editor);
}

void PromQLServerCompletion::load()
{
    m_namesRequest.reset();
    m_metadataRequest.reset();
    if (!m_client)
        return;
    auto names = std::make_shared<QStringList>();
    auto help = std::make_shared<QHash<QString, QString>>();
    auto both = std::make_shared<int>(2);
    auto finish = [this, names, help, both] {
        if (--*both > 0)
            return;
        m_names = *names;
        m_help = *help;
        for (const QPointer<PromQLEditor> &editor : m_editors)
            if (editor)
                editor->setMetricNames(m_names, m_help);
        Q_EMIT metricNamesLoaded(int(m_names.size()));
    };
    m_namesRequest = m_client->labelValues(QStringLiteral("__name__"), {}, this,
                                           [names, finish](const prom::StringListResult &r) {
                                               if (r.ok())
                                                   *names = r.values;
                                               finish();
                                           });
    m_metadataRequest =
        m_client->metadata(QString(), 0, this, [help, finish](const prom::MetadataResult &r) {
            for (auto it = r.metrics.cbegin(); it != r.metrics.cend(); ++it) {
                if (it.value().isEmpty())
                    continue;
                const prom::MetricMetadata &m = it.value().front();
                help->insert(it.key(), m.help.isEmpty()
                                           ? m.type
                                           : QStringLiteral("%1 — %2").arg(m.type, m.help));
            }
            finish();
        });
}

prom::RequestHandle &PromQLServerCompletion::newRequest()
{
    // Finished requests are dropped here rather than in their callbacks, which run from them.
    std::erase_if(m_labelRequests, [](const prom::RequestHandle &h) { return !h.isActive(); });
    m_labelRequests.emplace_back();
    return m_labelRequests.back();
}

void PromQLServerCompletion::requestLabelNames(const QString &metric, Reply reply)
{
    if (!m_client) {
        reply({});
        return;
    }
    prom::SelectorQuery q;
    if (!metric.isEmpty())
        q.match << metric;
    newRequest() = m_client->labels(q, this, [reply](const prom::StringListResult &r) {
        reply(r.ok() ? r.values : QStringList());
    });
}

void PromQLServerCompletion::requestLabelValues(const QString &metric, const QString &label,
                                                Reply reply)
{
    if (!m_client) {
        reply({});
        return;
    }
    prom::SelectorQuery q;
    if (!metric.isEmpty())
        q.match << metric;
    newRequest() = m_client->labelValues(label, q, this, [reply](const prom::StringListResult &r) {
        reply(r.ok() ? r.values : QStringList());
    });
}

// ---- PromQLLinter -------------------------------------------------------------------------

PromQLLinter::PromQLLinter(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(400);
    connect(&m_timer, &QTimer::timeout, this, &PromQLLinter::lintPending);
}

PromQLLinter::~PromQLLinter() = default;

void PromQLLinter::setClient(prom::PromClient *client)
{
    m_client = client;
    m_requests.clear();
    m_sent = 0;
    setAvailability(Availability::Unknown);
}

void PromQLLinter::addEditor(PromQLEditor *editor)
{
    connect(editor, &QPlainTextEdit::textChanged, this, [this, editor] {
        if (m_availability == Availability::Unavailable)
            return;
        m_dirty.insert(editor);
        m_timer.start();
    });
    connect(editor, &QObject::destroyed, this, [this, editor] {
        m_dirty.remove(editor);
        m_requests.erase(editor);
    });
}

void PromQLLinter::setAvailability(Availability availability)
{
    if (m_availability == availability)
        return;
    m_availability = availability;
    Q_EMIT availabilityChanged(availability);
}

void PromQLLinter::lintPending()
{
    const QSet<PromQLEditor *> dirty = std::exchange(m_dirty, {});
    if (!m_client || m_availability == Availability::Unavailable)
        return;
    for (PromQLEditor *editor : dirty) {
        const QString text = editor->query();
        if (text.trimmed().isEmpty()) {
            m_requests.erase(editor);
            editor->clearError();
            continue;
        }
        ++m_sent;
        QPointer<PromQLEditor> guard(editor);
        m_requests[editor] =
            m_client->parseQuery(text, this, [this, guard, text](const prom::ResultBase &r) {
                if (!guard || guard->query() != text)
                    return; // typed on since: a newer check follows
                if (r.ok()) {
                    setAvailability(Availability::Available);
                    guard->clearError();
                    Q_EMIT linted(guard, QString());
                    return;
                }
                const auto &e = r.error;
                if (e.type == prom::ErrorType::BadData) {
                    setAvailability(Availability::Available);
                    const auto pos = promql::parseErrorPosition(e.detail, text);
                    if (pos)
                        guard->showErrorAt(pos->line, pos->column, e.message, false);
                    Q_EMIT linted(guard, e.message);
                    return;
                }
                if (e.type == prom::ErrorType::Client || e.type == prom::ErrorType::BadResponse) {
                    // No such endpoint (404, or a page that is not the API's envelope).
                    setAvailability(Availability::Unavailable);
                    m_dirty.clear();
                }
                // A network or server failure says nothing about the query: keep quiet.
            });
    }
}

} // namespace vitals

#include "core/stack/replicafaults.h"

#include "core/stack/localstack.h"

#include <algorithm>
#include <memory>

namespace vitals::stack {

ReplicaFaults::ReplicaFaults(LocalStack *stack, QObject *parent)
    : QObject(parent)
    , m_stack(stack)
    , m_client(new sim::FaultClient(this))
{
    connect(m_stack, &LocalStack::serverReady, this, [this](const QString &name, const QUrl &url) {
        m_states.remove(name);
        // A new process starts without faults: give it the ones the user set, or read its own.
        send(name, url, m_wantedSet ? &m_wanted : nullptr, [](bool, const QString &) {});
    });
    connect(m_stack, &LocalStack::processStateChanged, this,
            [this](const QString &name, ProcessState state) {
                if (state != ProcessState::Ready && m_states.remove(name))
                    Q_EMIT stateChanged();
            });
}

ReplicaFaults::~ReplicaFaults() = default;

int ReplicaFaults::apply(const FaultSettings &faults)
{
    m_wanted = faults;
    m_wantedSet = true;
    std::vector<std::pair<QString, QUrl>> ready;
    for (const ProcessStatus &p : m_stack->processes())
        if (!p.isPrometheus && !p.isAlertmanager && p.state == ProcessState::Ready)
            ready.emplace_back(p.name, p.url);
    if (ready.empty())
        return 0;
    auto remaining = std::make_shared<int>(int(ready.size()));
    auto failures = std::make_shared<QStringList>();
    for (const auto &[name, url] : ready)
        send(name, url, &m_wanted,
             [this, remaining, failures, name = name](bool ok, const QString &error) {
                 if (!ok)
                     *failures << name + QStringLiteral(": ") + error;
                 if (--*remaining == 0)
                     Q_EMIT applied(*failures);
             });
    return int(ready.size());
}

void ReplicaFaults::poll()
{
    for (const ProcessStatus &p : m_stack->processes())
        if (!p.isPrometheus && !p.isAlertmanager && p.state == ProcessState::Ready)
            send(p.name, p.url, nullptr, [](bool, const QString &) {});
}

void ReplicaFaults::send(const QString &name, const QUrl &base, const FaultSettings *faults,
                         std::function<void(bool, const QString &)> done)
{
    auto onReply = [this, name, done = std::move(done)](const sim::FaultReply &reply) {
        ReplicaFaultState state;
        state.name = name;
        state.reported = reply.reported;
        if (!reply.error.isEmpty())
            state.error = reply.error;
        else if (!reply.reported)
            state.error = tr("the answer names no faults");
        // A reply for a replica that has stopped since is of no interest.
        if (m_stack->process(name).state == ProcessState::Ready) {
            const auto old = m_states.value(name);
            m_states.insert(name, state);
            if (old.reported != state.reported || old.error != state.error)
                Q_EMIT stateChanged();
        }
        done(state.reported.has_value(), state.error);
    };
    if (faults)
        m_client->set(base, *faults, this, std::move(onReply));
    else
        m_client->read(base, this, std::move(onReply));
}

std::vector<ReplicaFaultState> ReplicaFaults::states() const
{
    std::vector<ReplicaFaultState> out;
    for (const ProcessStatus &p : m_stack->processes())
        if (!p.isPrometheus && !p.isAlertmanager && p.state == ProcessState::Ready)
            out.push_back(m_states.value(p.name, ReplicaFaultState{p.name, std::nullopt, {}}));
    return out;
}

QString ReplicaFaults::describe(const FaultSettings &faults)
{
    if (faults.isNone())
        return tr("none");
    QStringList parts;
    if (faults.latencyMs != 0)
        parts << tr("+%1 ms").arg(faults.latencyMs);
    if (faults.errorRate != 0)
        parts << tr("%1 % errors").arg(faults.errorRate * 100.0, 0, 'g', 3);
    return parts.join(QStringLiteral(", "));
}

QString ReplicaFaults::summary() const
{
    const auto all = states();
    if (all.empty())
        return {};
    auto textOf = [](const ReplicaFaultState &s) {
        if (s.reported)
            return describe(*s.reported);
        return s.error.isEmpty() ? tr("asking…") : tr("unknown (%1)").arg(s.error);
    };
    const QString first = textOf(all.front());
    const bool same =
        std::all_of(all.begin(), all.end(), [&](const auto &s) { return textOf(s) == first; });
    if (same)
        return all.size() == 1 ? tr("%1 on %2").arg(first, all.front().name)
                               : tr("%1 on all %2 replicas").arg(first).arg(all.size());
    QStringList parts;
    for (const auto &s : all)
        parts << tr("%1 on %2").arg(textOf(s), s.name);
    return parts.join(QStringLiteral("; "));
}

} // namespace vitals::stack

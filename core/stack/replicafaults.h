#pragma once

#include "core/sim/faultclient.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>
#include <vector>

namespace vitals::stack {

class LocalStack;

using FaultSettings = sim::FaultSettings;

// What one replica says its faults are, from its last answer to GET or POST /admin/faults.
struct ReplicaFaultState {
    QString name;                          // "iris-server-1"
    std::optional<FaultSettings> reported; // unset until it answers, or when it failed
    QString error;                         // why the last request failed
};

// Keeps the faults the user asked for on every iris-server replica of a LocalStack: apply()
// sends them to every ready replica, and a replica that becomes ready later (a restart of the
// stack or of that replica, a new replica) gets them too, since a new process starts without
// faults. poll() reads back what each replica really has, for views to show.
//
// GUI thread (the stack's). Does not own the stack, which must outlive it; owns its fault client
// and so its requests (aborted with it).
class ReplicaFaults : public QObject
{
    Q_OBJECT
public:
    explicit ReplicaFaults(LocalStack *stack, QObject *parent = nullptr);
    ~ReplicaFaults() override;

    // Sends `faults` to every ready replica and remembers them for replicas that start later.
    // Emits applied() once every replica has answered (or failed). Returns the number of
    // replicas asked (0 when none is ready; the faults are still kept for later).
    int apply(const FaultSettings &faults);
    const FaultSettings &wanted() const { return m_wanted; }

    // Asks every ready replica for its faults (GET /admin/faults); stateChanged() follows.
    void poll();
    // One entry per ready replica, in stack order.
    std::vector<ReplicaFaultState> states() const;
    // The states as one line for people: "80 ms, 20 % on both replicas", "none on
    // iris-server-1; 80 ms, 20 % on iris-server-2", or empty when no replica is ready.
    QString summary() const;

    // A replica's faults as text: "80 ms, 20 % errors", "none".
    static QString describe(const FaultSettings &faults);

Q_SIGNALS:
    // An apply() finished: `failures` names each replica that did not take the faults.
    void applied(const QStringList &failures);
    // A replica's reported faults changed (after a poll, an apply or a re-apply).
    void stateChanged();

private:
    void send(const QString &name, const QUrl &base, const FaultSettings *faults,
              std::function<void(bool ok, const QString &error)> done);

    LocalStack *m_stack;
    sim::FaultClient *m_client;
    FaultSettings m_wanted;
    bool m_wantedSet = false;
    QHash<QString, ReplicaFaultState> m_states;
};

} // namespace vitals::stack

#pragma once

#include "core/prom/results.h"
#include "core/sim/scenario.h"
#include "ui/tables.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace vitals {

class TableModel;
class TargetsService;
namespace stack {
class LocalStack;
class ReplicaFaults;
} // namespace stack
namespace sim {
class TrafficSimulator;
struct TrafficCounters;
} // namespace sim

// The Stack page: the local stack's processes (state, address, pid, exit code and a live log),
// start/stop/restart of the stack or of one process, the replica count (applied by Start and
// Restart), Prometheus's view of its scrape targets (/api/v1/targets; when Prometheus does not
// answer, the last known rows are marked unknown and the reason is shown above them),
// iris-server's fault injection (added latency, share of 503s in percent; kept on replicas that
// start later, and what every replica really reports shown beside it) and the traffic simulator
// with its live counters (a new scenario or rate restarts a running simulation with it).
// The targets come from its TargetsService, the processes from the stack; both tables are
// TableModels over rows built from them. GUI thread only. Does not own the stack or the
// simulator; they must outlive the page.
class StackPage : public QWidget
{
    Q_OBJECT
public:
    StackPage(stack::LocalStack *stack, sim::TrafficSimulator *simulator,
              QWidget *parent = nullptr);
    ~StackPage() override;

    // Starts the simulator against the stack's replicas (once they are ready).
    void startSimulation(sim::Scenario scenario);

    // For tests: the tables' models, the process view and the counters text.
    TableModel *processModel() const { return m_processModel; }
    TableModel *targetsModel() const { return m_targetsModel; }
    QTableView *processTable() const { return m_processes; }
    QString countersText() const;

private:
    void refreshProcesses();
    void refreshTargets();
    void showTargets(const prom::TargetsResult &result);
    void showLog();
    void applyFaults();
    void showFaultState();
    void markTargetsUnknown();
    void restartSimulation();
    void onCounters(const sim::TrafficCounters &counters);
    QString selectedProcess() const;

    stack::LocalStack *m_stack;
    sim::TrafficSimulator *m_simulator;
    TargetsService *m_targetsService = nullptr; // child
    TableModel *m_processModel = nullptr;
    TableModel *m_targetsModel = nullptr;
    std::vector<TableRow> m_targetRows; // the last rows Prometheus confirmed

    QTableView *m_processes = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QTableView *m_targets = nullptr;
    QLabel *m_stackStatus = nullptr;
    QSpinBox *m_replicas = nullptr;
    QComboBox *m_scenario = nullptr;
    QDoubleSpinBox *m_rate = nullptr;
    QPushButton *m_simButton = nullptr;
    QLabel *m_counters = nullptr;
    QSpinBox *m_latency = nullptr;
    QDoubleSpinBox *m_errorRate = nullptr;
    QLabel *m_faultStatus = nullptr;
    QLabel *m_faultState = nullptr;
    QLabel *m_targetsStatus = nullptr;
    QTimer *m_poll = nullptr;
    std::unique_ptr<stack::ReplicaFaults> m_faults;
    std::optional<sim::Scenario> m_pendingScenario;
};

} // namespace vitals

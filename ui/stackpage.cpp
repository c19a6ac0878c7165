#include "ui/stackpage.h"

#include "core/services/targetsservice.h"
#include "core/sim/trafficsimulator.h"
#include "core/stack/localstack.h"
#include "core/stack/replicafaults.h"
#include "ui/tables.h"
#include "widgets/levelcolors.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace vitals {

namespace {

// Ground truth the local stack's simulator sends back (see startSimulation()).
constexpr double kLocalFeedbackShare = 0.5;
constexpr qint64 kLocalFeedbackDelayMs = 5000;

QColor stateColor(stack::ProcessState state)
{
    switch (state) {
    case stack::ProcessState::Ready:
        return levelcolors::ok();
    case stack::ProcessState::Starting:
        return levelcolors::warning();
    case stack::ProcessState::Crashed:
        return levelcolors::critical();
    case stack::ProcessState::NotStarted:
    case stack::ProcessState::Stopped:
        break;
    }
    return {};
}

} // namespace

StackPage::StackPage(stack::LocalStack *stack, sim::TrafficSimulator *simulator, QWidget *parent)
    : QWidget(parent)
    , m_stack(stack)
    , m_simulator(simulator)
    , m_targetsService(new TargetsService(this))
    , m_processModel(new TableModel(
          {tr("Process"), tr("State"), tr("Address"), tr("PID"), tr("Exit code"), tr("Note")},
          this))
    , m_targetsModel(new TableModel(
          {tr("Target"), tr("Health"), tr("Last scrape"), tr("Duration"), tr("Error")}, this))
    , m_processes(makeReadOnlyTable(m_processModel, this))
    , m_log(new QPlainTextEdit(this))
    , m_targets(makeReadOnlyTable(m_targetsModel, this))
    , m_stackStatus(new QLabel(this))
    , m_replicas(new QSpinBox(this))
    , m_scenario(new QComboBox(this))
    , m_rate(new QDoubleSpinBox(this))
    , m_simButton(new QPushButton(tr("Start traffic"), this))
    , m_counters(new QLabel(this))
    , m_latency(new QSpinBox(this))
    , m_errorRate(new QDoubleSpinBox(this))
    , m_faultStatus(new QLabel(this))
    , m_faultState(new QLabel(this))
    , m_targetsStatus(new QLabel(this))
    , m_poll(new QTimer(this))
    , m_faults(std::make_unique<stack::ReplicaFaults>(stack))
{
    auto *layout = new QVBoxLayout(this);

    // Stack controls.
    auto *controls = new QHBoxLayout;
    auto *start = new QPushButton(tr("Start stack"), this);
    auto *stop = new QPushButton(tr("Stop stack"), this);
    auto *restart = new QPushButton(tr("Restart stack"), this);
    m_replicas->setRange(1, 8);
    m_replicas->setValue(m_stack->options().replicas);
    m_replicas->setPrefix(tr("Replicas: "));
    m_replicas->setToolTip(tr("iris-server replicas, applied by Start stack and Restart stack"));
    m_replicas->setObjectName(QStringLiteral("replicas"));
    restart->setObjectName(QStringLiteral("restartStack"));
    start->setObjectName(QStringLiteral("startStack"));
    controls->addWidget(start);
    controls->addWidget(stop);
    controls->addWidget(restart);
    controls->addWidget(m_replicas);
    controls->addWidget(m_stackStatus, 1);
    layout->addLayout(controls);
    // Start and Restart both run the number of replicas the box shows.
    auto applyReplicas = [this] {
        auto options = m_stack->options();
        options.replicas = m_replicas->value();
        m_stack->setOptions(options);
    };
    connect(start, &QPushButton::clicked, this, [this, applyReplicas] {
        applyReplicas();
        m_stack->start();
    });
    connect(stop, &QPushButton::clicked, this, [this] {
        if (m_simulator->isRunning())
            m_simulator->stop();
        m_stack->stop();
    });
    connect(restart, &QPushButton::clicked, this, [this, applyReplicas] {
        applyReplicas();
        m_stack->restart();
    });

    // Processes and the selected one's log.
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(split);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_processes, 1);
    auto *processButtons = new QHBoxLayout;
    for (const auto &[label, action] :
         {std::pair{tr("Start"), 0}, std::pair{tr("Stop"), 1}, std::pair{tr("Restart"), 2}}) {
        auto *button = new QPushButton(label + tr(" selected"), left);
        processButtons->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, action = action] {
            const QString name = selectedProcess();
            if (name.isEmpty())
                return;
            if (action == 0)
                m_stack->startProcess(name);
            else if (action == 1)
                m_stack->stopProcess(name);
            else
                m_stack->restartProcess(name);
        });
    }
    leftLayout->addLayout(processButtons);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_log->setFont(mono);
    m_log->setPlaceholderText(tr("Select a process to see its log."));
    split->addWidget(left);
    split->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 2);

    auto *targetsBox = new QGroupBox(tr("Prometheus scrape targets"), this);
    auto *targetsLayout = new QVBoxLayout(targetsBox);
    m_targetsStatus->setObjectName(QStringLiteral("targetsStatus"));
    m_targetsStatus->setWordWrap(true);
    m_targetsStatus->hide();
    targetsLayout->addWidget(m_targetsStatus);
    targetsLayout->addWidget(m_targets);
    layout->addWidget(targetsBox, 1);

    // Traffic and faults.
    auto *bottom = new QHBoxLayout;
    auto *simBox = new QGroupBox(tr("Traffic simulator"), this);
    auto *simForm = new QFormLayout(simBox);
    for (const QString &name : sim::scenarioNames())
        m_scenario->addItem(name);
    m_scenario->setCurrentText(QStringLiteral("normal"));
    m_rate->setRange(0, 2000);
    m_rate->setDecimals(1);
    m_rate->setSpecialValueText(tr("scenario default"));
    m_rate->setSuffix(tr(" req/s"));
    simForm->addRow(tr("Scenario"), m_scenario);
    simForm->addRow(tr("Rate"), m_rate);
    simForm->addRow(m_simButton, m_counters);
    // A new scenario or rate while traffic runs takes effect at once: the run restarts with it.
    m_scenario->setObjectName(QStringLiteral("scenario"));
    connect(m_scenario, &QComboBox::currentTextChanged, this, [this] { restartSimulation(); });
    connect(m_rate, &QDoubleSpinBox::editingFinished, this, [this] { restartSimulation(); });
    connect(m_simButton, &QPushButton::clicked, this, [this] {
        if (m_simulator->isRunning()) {
            m_simulator->stop();
            return;
        }
        if (const auto scenario = sim::scenarioFromName(m_scenario->currentText()))
            startSimulation(*scenario);
    });
    bottom->addWidget(simBox, 1);

    auto *faultBox = new QGroupBox(tr("iris-server faults (every replica)"), this);
    auto *faultForm = new QFormLayout(faultBox);
    m_latency->setRange(0, 10000);
    m_latency->setSuffix(tr(" ms"));
    // A share of requests, entered as a percentage (iris-server takes 0..1).
    m_errorRate->setRange(0, 100);
    m_errorRate->setSingleStep(5);
    m_errorRate->setDecimals(1);
    m_errorRate->setSuffix(tr(" %"));
    m_errorRate->setToolTip(
        tr("Share of inference requests answered with 503 Service Unavailable"));
    auto *apply = new QPushButton(tr("Apply"), faultBox);
    // Named for tests and accessibility tools.
    m_latency->setObjectName(QStringLiteral("faultLatency"));
    m_errorRate->setObjectName(QStringLiteral("faultErrorRate"));
    m_faultStatus->setObjectName(QStringLiteral("faultStatus"));
    apply->setObjectName(QStringLiteral("applyFaults"));
    faultForm->addRow(tr("Added latency"), m_latency);
    faultForm->addRow(tr("Requests failing (503)"), m_errorRate);
    faultForm->addRow(apply, m_faultStatus);
    m_faultState->setObjectName(QStringLiteral("faultState"));
    m_faultState->setWordWrap(true);
    faultForm->addRow(tr("Now"), m_faultState);
    connect(m_faults.get(), &stack::ReplicaFaults::stateChanged, this, &StackPage::showFaultState);
    connect(m_faults.get(), &stack::ReplicaFaults::applied, this,
            [this](const QStringList &failures) {
                m_faultStatus->setText(failures.isEmpty() ? tr("Applied.")
                                                          : failures.join(QLatin1Char('\n')));
            });
    connect(apply, &QPushButton::clicked, this, &StackPage::applyFaults);
    bottom->addWidget(faultBox, 1);
    layout->addLayout(bottom);

    connect(m_stack, &stack::LocalStack::processStateChanged, this, [this] {
        refreshProcesses();
        showFaultState();
    });
    connect(m_stack, &stack::LocalStack::logLine, this,
            [this](const QString &name, const QString &line) {
                if (name == selectedProcess())
                    m_log->appendPlainText(line);
            });
    connect(m_stack, &stack::LocalStack::prometheusReady, this, [this](const QUrl &url) {
        m_targetsService->setPrometheus(url);
        refreshTargets();
    });
    connect(m_targetsService, &TargetsService::targetsReceived, this, &StackPage::showTargets);
    connect(m_stack, &stack::LocalStack::errorOccurred, this,
            [this](const QString &message) { m_stackStatus->setText(message); });
    connect(m_stack, &stack::LocalStack::stackReady, this,
            [this] { m_stackStatus->setText(tr("Ready.")); });
    connect(m_stack, &stack::LocalStack::stackStopped, this,
            [this] { m_stackStatus->setText(tr("Stopped.")); });
    m_processes->setObjectName(QStringLiteral("processes"));
    m_targets->setObjectName(QStringLiteral("targets"));
    connect(m_processes->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &StackPage::showLog);
    connect(m_simulator, &sim::TrafficSimulator::countersChanged, this, &StackPage::onCounters);
    connect(m_simulator, &sim::TrafficSimulator::stopped, this, [this] {
        m_simButton->setText(tr("Start traffic"));
        onCounters(m_simulator->counters());
        if (const auto next = std::exchange(m_pendingScenario, std::nullopt))
            startSimulation(*next);
    });
    connect(m_simulator, &sim::TrafficSimulator::errorOccurred, this,
            [this](const QString &message) { m_counters->setText(message); });

    m_poll->setInterval(2000);
    connect(m_poll, &QTimer::timeout, this, [this] {
        refreshProcesses();
        refreshTargets();
        m_faults->poll();
    });
    m_poll->start();
    refreshProcesses();
    showFaultState();
}

StackPage::~StackPage() = default;

void StackPage::restartSimulation()
{
    const auto scenario = sim::scenarioFromName(m_scenario->currentText());
    if (!scenario || !m_simulator->isRunning())
        return;
    m_pendingScenario = *scenario;
    m_simulator->stop();
}

void StackPage::showFaultState()
{
    const QString summary = m_faults->summary();
    m_faultState->setText(summary.isEmpty() ? tr("no iris-server is running") : summary);
}

void StackPage::startSimulation(sim::Scenario scenario)
{
    sim::SimulatorOptions options;
    options.scenario = scenario;
    options.targets = m_stack->trafficTargets();
    options.rate = m_rate->value();
    // The local stack plays the labeller too: half the predictions get their true class back
    // 5 s later, so Model quality and AccuracyDrop have ground truth to work with.
    options.feedbackShare = kLocalFeedbackShare;
    options.feedbackDelayMs = kLocalFeedbackDelayMs;
    m_scenario->setCurrentText(sim::scenarioName(scenario));
    if (m_simulator->start(options))
        m_simButton->setText(tr("Stop traffic"));
}

QString StackPage::countersText() const
{
    return m_counters->text();
}

void StackPage::onCounters(const sim::TrafficCounters &c)
{
    m_counters->setText(tr("phase %1 · sent %2 · ok %3 · failed %4 · in flight %5 · labels %6")
                            .arg(sim::scenarioName(m_simulator->currentPhase()))
                            .arg(c.sent)
                            .arg(c.ok)
                            .arg(c.failed)
                            .arg(c.inFlight)
                            .arg(c.feedbackOk));
}

QString StackPage::selectedProcess() const
{
    const auto rows = m_processes->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(Qt::UserRole).toString();
}

void StackPage::refreshProcesses()
{
    const QString selected = selectedProcess();
    std::vector<TableRow> rows;
    for (const stack::ProcessStatus &p : m_stack->processes()) {
        TableRow row = TableRow::fromTexts(
            {p.name, stack::processStateName(p.state), p.url.toDisplayString(),
             p.pid ? QString::number(p.pid) : QString(),
             p.state == stack::ProcessState::Crashed || p.state == stack::ProcessState::Stopped
                 ? QString::number(p.exitCode)
                 : QString(),
             p.error});
        row.cells[1].foreground = stateColor(p.state);
        rows.push_back(std::move(row));
    }
    m_processModel->setRows(std::move(rows));
    if (const int row = m_processModel->rowOf(selected);
        row >= 0 && !selected.isEmpty() && selectedProcess() != selected)
        m_processes->selectRow(row);
    m_processes->resizeColumnsToContents();
}

void StackPage::showLog()
{
    const QString name = selectedProcess();
    m_log->setPlainText(m_stack->logLines(name).join(QLatin1Char('\n')));
    m_log->moveCursor(QTextCursor::End);
}

void StackPage::refreshTargets()
{
    m_targetsService->refresh();
}

void StackPage::showTargets(const prom::TargetsResult &result)
{
    if (!result.ok()) {
        // Prometheus did not answer: what the table shows is no longer known to be true.
        m_targetsStatus->setText(
            tr("Could not read the targets from Prometheus at %1: %2")
                .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
                     result.error.message));
        m_targetsStatus->show();
        markTargetsUnknown();
        return;
    }
    m_targetsStatus->hide();
    std::vector<TableRow> rows;
    for (const prom::Target &t : result.active) {
        const QString name = t.labels.value(u"instance") + QStringLiteral(" (")
                             + t.labels.value(u"job") + QLatin1Char(')');
        TableRow row = TableRow::fromTexts(
            {name, t.health,
             t.lastScrape.isValid()
                 ? t.lastScrape.toLocalTime().toString(QStringLiteral("HH:mm:ss"))
                 : QString(),
             QStringLiteral("%1 ms").arg(t.lastScrapeDurationS * 1000.0, 0, 'f', 1), t.lastError});
        for (TableCell &cell : row.cells)
            cell.toolTip = cell.text;
        row.cells[1].foreground =
            t.health == QLatin1String("up") ? levelcolors::ok() : levelcolors::critical();
        rows.push_back(std::move(row));
    }
    m_targetRows = rows;
    m_targetsModel->setRows(std::move(rows));
    m_targets->resizeColumnsToContents();
}

void StackPage::markTargetsUnknown()
{
    std::vector<TableRow> rows = m_targetRows;
    for (TableRow &row : rows) {
        row.cells[1].text = tr("unknown");
        row.cells[1].toolTip = row.cells[1].text;
        row.cells[1].foreground = palette().placeholderText().color();
    }
    m_targetsModel->setRows(std::move(rows));
}

void StackPage::applyFaults()
{
    stack::FaultSettings faults;
    faults.latencyMs = m_latency->value();
    faults.errorRate = m_errorRate->value() / 100.0;
    m_faultStatus->setText(tr("Applying…"));
    if (m_faults->apply(faults) == 0)
        m_faultStatus->setText(tr("No iris-server is running."));
}

} // namespace vitals

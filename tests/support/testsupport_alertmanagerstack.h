#pragma once

// Header only: it drives core's LocalStack, and the shared test-support library links Qt Core
// and Network, not vitals::core; the test binaries that include it link vitals::core.
#include "core/prom/connectionprofile.h"
#include "core/stack/localstack.h"

#include <QFile>
#include <QLatin1Char>
#include <QStringList>
#include <QTemporaryDir>

#include "support/testsupport_irisserver.h"
#include "support/testsupport_prometheus.h"

#include <gtest/gtest.h>

#include <memory>

namespace vitals::testsupport {

// The console's local stack with Alertmanager, for integration tests: the real Prometheus and
// Alertmanager (Debian packages) and, when asked, the real iris-server (built beside the
// tests), through core's LocalStack on ephemeral loopback ports, its files in a temporary
// directory removed with this object.
//
//     AlertmanagerStack s({QStringLiteral(VITALS_SOURCE_DIR "/tests/core/fixtures/x.yml")});
//     ASSERT_TRUE(s.start());   // fails naming what is missing; never skips
//     AlertmanagerClient client(s.profile());
//
// start() fails the assertion, naming the binary and how to get it, when a component is not
// installed or built: under CI a missing component is a failure, and a skip would hide a stack
// without Alertmanager. It also fails, with the stack's last error and the logs of Prometheus
// and Alertmanager, when the stack is not ready within `readyTimeoutMs`.
//
// GUI thread (LocalStack's); not thread-safe. Owns the LocalStack: the destructor stops its
// processes (SIGTERM, then SIGKILL), so no child outlives the test.
class AlertmanagerStack
{
public:
    enum class Components { PrometheusAndAlertmanager, WithIrisServer };

    static QString prometheusPath() { return QStringLiteral("/usr/bin/prometheus"); }
    static QString alertmanagerPath() { return QStringLiteral("/usr/bin/prometheus-alertmanager"); }
    // LocalStack's own rule files (the console's rules, from its resources).
    static QStringList defaultRuleFiles() { return stack::LocalStackOptions().ruleFiles; }

    // `ruleFiles` are paths of Prometheus rule files on disk (or ":/" resources).
    explicit AlertmanagerStack(const QStringList &ruleFiles = defaultRuleFiles(),
                               Components components = Components::PrometheusAndAlertmanager)
        : m_components(components)
    {
        stack::LocalStackOptions o;
        o.withIris = components == Components::WithIrisServer;
        if (o.withIris)
            o.irisServerPath = IrisServerProcess::executablePath();
        o.prometheusPath = prometheusPath();
        o.alertmanagerPath = alertmanagerPath();
        o.dataDir = m_dir.path();
        o.ruleFiles = ruleFiles;
        m_stack = std::make_unique<stack::LocalStack>(o);
        QObject::connect(m_stack.get(), &stack::LocalStack::stackReady, [this] { m_ready = true; });
    }
    AlertmanagerStack(const AlertmanagerStack &) = delete;
    AlertmanagerStack &operator=(const AlertmanagerStack &) = delete;

    // One line per component that is missing, naming its binary and how to get it; empty when
    // all are there.
    QString missingComponents() const
    {
        QStringList missing;
        if (!QFile::exists(prometheusPath()))
            missing << QStringLiteral("prometheus missing (%1): sudo apt-get install prometheus")
                           .arg(prometheusPath());
        if (!QFile::exists(alertmanagerPath()))
            missing << QStringLiteral("alertmanager missing (%1): sudo apt-get install "
                                      "prometheus-alertmanager")
                           .arg(alertmanagerPath());
        if (m_components == Components::WithIrisServer
            && !QFile::exists(IrisServerProcess::executablePath()))
            missing << QStringLiteral("iris-server missing (%1): build the iris-server target")
                           .arg(IrisServerProcess::executablePath());
        return missing.join(QLatin1Char('\n'));
    }

    // Starts the stack and waits until every process is ready (LocalStack::stackReady).
    ::testing::AssertionResult start(int readyTimeoutMs = 60000)
    {
        const QString missing = missingComponents();
        if (!missing.isEmpty())
            return ::testing::AssertionFailure() << missing.toStdString();
        if (!m_stack->start() || !waitUntil([this] { return m_ready; }, readyTimeoutMs))
            return ::testing::AssertionFailure()
                   << "the local stack with Alertmanager is not ready: "
                   << m_stack->lastError().toStdString() << '\n'
                   << log().toStdString();
        return ::testing::AssertionSuccess();
    }

    stack::LocalStack &stack() { return *m_stack; }
    const stack::LocalStack &stack() const { return *m_stack; }

    // Alertmanager's output, then Prometheus's, for assertion messages.
    QString log() const
    {
        return m_stack->logLines(stack::LocalStack::alertmanagerName()).join(QLatin1Char('\n'))
               + QLatin1Char('\n')
               + m_stack->logLines(stack::LocalStack::prometheusName()).join(QLatin1Char('\n'));
    }

    // A connection to the stack's Prometheus with its Alertmanager (empty URLs until ready).
    prom::ConnectionProfile profile() const
    {
        prom::ConnectionProfile p;
        p.baseUrl = m_stack->prometheusUrl();
        p.alertmanagerUrl = m_stack->alertmanagerUrl();
        return p;
    }

private:
    Components m_components;
    QTemporaryDir m_dir;
    std::unique_ptr<stack::LocalStack> m_stack;
    bool m_ready = false;
};

} // namespace vitals::testsupport

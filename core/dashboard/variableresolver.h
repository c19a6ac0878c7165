#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/templating.h"
#include "core/prom/requesthandle.h"

#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <vector>

namespace vitals::prom {
class PromClient;
}

namespace vitals::dashboard {

// The one engine that gives a dashboard's template variables their options and selections, used
// by the window's variable bar, `vitals report` and `--screenshot` alike.
//
// Options of query variables come from the server (parseVariableQuery): label_values(label) →
// /label/<label>/values; label_values(selector, label) → /label/<label>/values with match[]
// (then /series when the server refuses match[]); a bare selector → /series; label_names() →
// /labels; query_result(expr) → an instant query at the context's end time. The variable's regex
// filters them (extractOptions). Custom and interval variables list their own query's options.
// Variables are resolved in file order, each query expanded with the selections before it, so
// $job can narrow $instance; a change reloads only the variables after it that refer to it.
//
// Selections: what the file (or the user) selected is kept while it is among the options; else
// All when the variable allows it, else the first option. A selection pinned with pin() (the
// command line's --var) is kept even when the server does not list it, with a warning in
// problems(). With no options at all the file's selection stays.
//
// GUI thread (the client's thread); the client is not owned. One request is in flight at a time;
// setDashboard(), reload(), a selection or destruction cancels it.
class VariableResolver : public QObject
{
    Q_OBJECT
public:
    explicit VariableResolver(prom::PromClient *client, QObject *parent = nullptr);
    ~VariableResolver() override;

    // Sets the client and resolves every variable again.
    void setClient(prom::PromClient *client);
    // The time frame variable queries are expanded for ($__range…) and query_result's time.
    void setTemplateContext(const TemplateContext &context) { m_context = context; }
    // Selections that win over the file's and survive resolution: variable name → values
    // (kAllValue for All). Applied by the next setDashboard()/reload().
    void pin(const QMap<QString, QStringList> &selections) { m_pinned = selections; }

    // Takes `dashboard` and resolves every variable; loaded() follows.
    void setDashboard(const Dashboard &dashboard);
    // Resolves every variable of the current dashboard again.
    void reload();
    // Selects `values` of variable `name` as a user would (a single value unless multi;
    // kAllValue or nothing for All) and reloads the variables that depend on it. False for an
    // unknown variable.
    bool select(const QString &name, const QStringList &values);

    // The dashboard with the options and selections found so far.
    const Dashboard &dashboard() const { return m_dashboard; }
    bool isLoading() const { return m_loading; }
    // The problems of the last resolution, one line per variable ("instance: …").
    QStringList problems() const { return m_problems; }
    // The variables whose options could not be read in the last resolution (an error, not an
    // empty answer): their options are the file's, not the server's.
    QSet<QString> unresolved() const { return m_unresolved; }

Q_SIGNALS:
    // One variable's options or selection were updated; `error` is why its options could not
    // be read (empty when they were).
    void variableUpdated(std::size_t index, const QString &error);
    // A resolution has finished; `changed` when any option or selection differs from before it.
    void loaded(bool changed);

private:
    void applyPins();
    void loadFrom(std::size_t index, bool all);
    void continueLoad();
    void fetchOptions(std::size_t index);
    void applyOptions(std::size_t index, const QStringList &candidates, const QString &error);
    void fixSelection(Variable &variable);
    void finishLoad();

    prom::PromClient *m_client = nullptr;
    Dashboard m_dashboard;
    TemplateContext m_context;
    QMap<QString, QStringList> m_pinned;
    prom::RequestHandle m_request;

    bool m_loading = false;
    bool m_loadAll = false;
    std::size_t m_next = 0;
    QSet<QString> m_changed;
    std::vector<Variable> m_before;
    QStringList m_problems;
    QSet<QString> m_unresolved;
};

// The selections of `dashboard`'s variables for people, one entry per shown variable:
// "job = node", "instance = All", "mode = user + system". Constants are left out.
QStringList selectionSummary(const Dashboard &dashboard);

// Parses command-line selections "name=value" (repeat a name for several values of a multi
// variable; "name=All" or "name=$__all" selects All). Returns false with `error` set for an
// entry without "=" or an empty name.
bool parseVariableAssignments(const QStringList &assignments, QMap<QString, QStringList> *out,
                              QString *error);

} // namespace vitals::dashboard

#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/templating.h"
#include "core/prom/requesthandle.h"

#include <QSet>
#include <QWidget>

#include <vector>

class QHBoxLayout;
class QLabel;

namespace vitals {

namespace prom {
class PromClient;
}

// The dashboard's template variables as a row of selectors, one per variable (constants are not
// shown): a combo box for a single-value variable, a drop-down button with a checkable menu for a
// multi-value one, with "All" first when the variable has includeAll.
//
// Options of query variables come from the server (dashboard::parseVariableQuery):
// label_values(label) → /label/<label>/values; label_values(selector, label) →
// /label/<label>/values with match[] (then /series when the server refuses match[]); a bare
// selector → /series; label_names() → /labels; query_result(expr) → an instant query. The regex
// of the variable filters them (dashboard::extractOptions). Custom and interval variables list
// their query's options. Variables are loaded in order, each one's query expanded with the
// selections before it, so $job can narrow $instance; changing one reloads those after it that
// refer to it.
//
// A selection that is no longer among the options falls back to the first option (or stays All).
// After a load or a change the dashboard with the new options and selections is emitted with
// variablesChanged() (only when something changed). The bar hides itself when there is nothing
// to select. GUI thread only; the client is not owned; one request is in flight at a time and
// the next load or destruction cancels it.
class VariableBar : public QWidget {
    Q_OBJECT
public:
    explicit VariableBar(prom::PromClient *client, QWidget *parent = nullptr);
    ~VariableBar() override;

    // Sets the client and reloads the options.
    void setClient(prom::PromClient *client);
    // Shows `dashboard`'s variables and loads their options.
    void setDashboard(const dashboard::Dashboard &dashboard);
    // The dashboard with the current options and selections.
    const dashboard::Dashboard &dashboard() const { return m_dashboard; }
    // The time frame variable queries are expanded for ($__range…); default: none.
    void setTemplateContext(const dashboard::TemplateContext &context) { m_context = context; }

    // Reloads every query variable's options.
    void reload();
    // Selects `values` of variable `name` as the user would (a single value unless multi;
    // dashboard::kAllValue for All). False for an unknown variable.
    bool select(const QString &name, const QStringList &values);
    // The selector of variable `name` (a QComboBox or a QToolButton); nullptr if not shown.
    QWidget *selector(const QString &name) const;
    // True while options are being fetched.
    bool isLoading() const { return m_loading; }
    // The problems of the last load, one line per variable ("instance: …"); empty when none.
    QString lastError() const { return m_errors.join(u'\n'); }

Q_SIGNALS:
    void variablesChanged(const vitals::dashboard::Dashboard &dashboard);
    // A load (setDashboard, reload, or a change with dependants) has finished.
    void optionsLoaded();

private:
    struct Selector {
        QString name;
        QWidget *widget = nullptr;
    };

    void rebuild();
    void updateSelector(std::size_t index);
    void loadFrom(std::size_t index, bool all);
    void continueLoad();
    void fetchOptions(std::size_t index);
    void applyOptions(std::size_t index, const QStringList &candidates, const QString &error);
    void onUserSelection(std::size_t index, const QStringList &values);
    void fixSelection(dashboard::Variable &variable) const;
    void finishLoad();

    prom::PromClient *m_client = nullptr;
    dashboard::Dashboard m_dashboard;
    dashboard::TemplateContext m_context;
    QHBoxLayout *m_layout = nullptr;
    std::vector<Selector> m_selectors;
    prom::RequestHandle m_request;

    // The load in progress.
    bool m_loading = false;
    bool m_loadAll = false;
    std::size_t m_next = 0;
    QSet<QString> m_changed;
    std::vector<dashboard::Variable> m_before;
    QStringList m_errors;
};

} // namespace vitals

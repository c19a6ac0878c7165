#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/templating.h"
#include "core/dashboard/variableresolver.h"

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
// Options and selections come from dashboard::VariableResolver, the same engine `vitals report`
// uses: the bar only shows them and hands the user's choices back to it. After a load or a
// change the dashboard with the new options and selections is emitted with variablesChanged()
// (only when something changed). The bar hides itself when there is nothing to select.
// GUI thread only; the client is not owned.
class VariableBar : public QWidget
{
    Q_OBJECT
public:
    explicit VariableBar(prom::PromClient *client, QWidget *parent = nullptr);
    ~VariableBar() override;

    // Sets the client and reloads the options.
    void setClient(prom::PromClient *client);
    // Shows `dashboard`'s variables and loads their options.
    void setDashboard(const dashboard::Dashboard &dashboard);
    // The dashboard with the current options and selections.
    const dashboard::Dashboard &dashboard() const { return m_resolver->dashboard(); }
    // The time frame variable queries are expanded for ($__range…); default: none.
    void setTemplateContext(const dashboard::TemplateContext &context)
    {
        m_resolver->setTemplateContext(context);
    }
    // Selections that win over the file's (the command line's --var); see VariableResolver::pin.
    void pin(const QMap<QString, QStringList> &selections) { m_resolver->pin(selections); }

    // Reloads every query variable's options.
    void reload();
    // Selects `values` of variable `name` as the user would (a single value unless multi;
    // dashboard::kAllValue for All). False for an unknown variable.
    bool select(const QString &name, const QStringList &values);
    // The selector of variable `name` (a QComboBox or a QToolButton); nullptr if not shown.
    QWidget *selector(const QString &name) const;
    // True while options are being fetched.
    bool isLoading() const { return m_resolver->isLoading(); }
    // The variables whose options could not be read (VariableResolver::unresolved).
    QSet<QString> unresolved() const { return m_resolver->unresolved(); }
    // The problems of the last load, one line per variable ("instance: …"); empty when none.
    QString lastError() const { return m_resolver->problems().join(u'\n'); }

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
    void onUserSelection(std::size_t index, const QStringList &values);

    dashboard::VariableResolver *m_resolver;
    QHBoxLayout *m_layout = nullptr;
    std::vector<Selector> m_selectors;
};

} // namespace vitals

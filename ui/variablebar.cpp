#include "ui/variablebar.h"

#include "core/dashboard/variablequery.h"
#include "core/prom/promclient.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QToolButton>

#include <cmath>

namespace vitals {

namespace {

const QString kAll = QString::fromLatin1(dashboard::kAllValue);

QMap<QString, QString> labelMap(const series::LabelSet &labels) {
    QMap<QString, QString> map;
    for (const auto &label : labels.labels())
        map.insert(label.name, label.value);
    return map;
}

QString valueText(double v) {
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', 15);
}

// A menu whose checkable entries toggle without closing it, so several values can be picked.
class StayOpenMenu : public QMenu {
public:
    using QMenu::QMenu;

protected:
    void mouseReleaseEvent(QMouseEvent *event) override {
        QAction *action = actionAt(event->position().toPoint());
        if (action && action->isCheckable() && action->isEnabled()) {
            action->trigger();
            return;
        }
        QMenu::mouseReleaseEvent(event);
    }
};

} // namespace

VariableBar::VariableBar(prom::PromClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_layout(new QHBoxLayout(this)) {
    m_layout->setContentsMargins(8, 4, 8, 0);
    m_layout->setSpacing(6);
    m_layout->addStretch(1);
    hide();
}

VariableBar::~VariableBar() = default;

void VariableBar::setClient(prom::PromClient *client) {
    m_client = client;
    reload();
}

void VariableBar::setDashboard(const dashboard::Dashboard &dashboard) {
    m_request.reset();
    m_loading = false;
    m_dashboard = dashboard;
    rebuild();
    loadFrom(0, true);
}

void VariableBar::reload() {
    loadFrom(0, true);
}

QWidget *VariableBar::selector(const QString &name) const {
    for (const Selector &s : m_selectors)
        if (s.name == name)
            return s.widget;
    return nullptr;
}

void VariableBar::rebuild() {
    for (Selector &s : m_selectors)
        delete s.widget;
    m_selectors.clear();
    while (m_layout->count() > 0) {
        QLayoutItem *item = m_layout->takeAt(0);
        delete item->widget();
        delete item;
    }
    for (std::size_t i = 0; i < m_dashboard.variables.size(); ++i) {
        const dashboard::Variable &v = m_dashboard.variables[i];
        if (v.kind == dashboard::VariableKind::Constant)
            continue;
        auto *label = new QLabel(v.label.isEmpty() ? v.name : v.label, this);
        label->setStyleSheet(QStringLiteral("font-weight: 600"));
        m_layout->addWidget(label);
        QWidget *widget = nullptr;
        if (v.multi) {
            auto *button = new QToolButton(this);
            button->setPopupMode(QToolButton::InstantPopup);
            button->setToolButtonStyle(Qt::ToolButtonTextOnly);
            button->setMenu(new StayOpenMenu(button));
            button->setMinimumWidth(120);
            widget = button;
        } else {
            auto *combo = new QComboBox(this);
            combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
            combo->setMinimumContentsLength(10);
            connect(combo, &QComboBox::activated, this, [this, i, combo](int index) {
                onUserSelection(i, {combo->itemData(index).toString()});
            });
            widget = combo;
        }
        widget->setObjectName(QStringLiteral("variable-") + v.name);
        widget->setToolTip(QStringLiteral("$%1 = %2").arg(v.name, v.query));
        m_layout->addWidget(widget);
        m_layout->addSpacing(10);
        m_selectors.push_back({v.name, widget});
        updateSelector(i);
    }
    m_layout->addStretch(1);
    setVisible(!m_selectors.empty());
}

void VariableBar::updateSelector(std::size_t index) {
    const dashboard::Variable &v = m_dashboard.variables[index];
    QWidget *widget = selector(v.name);
    if (!widget)
        return;
    const QStringList selection = v.selection();
    if (auto *combo = qobject_cast<QComboBox *>(widget)) {
        const QSignalBlocker block(combo);
        combo->clear();
        if (v.includeAll)
            combo->addItem(tr("All"), kAll);
        for (const QString &o : v.options)
            combo->addItem(o, o);
        const QString current = selection.value(0);
        int at = combo->findData(current);
        if (at < 0 && !current.isEmpty()) {
            combo->addItem(current, current); // kept until the options arrive
            at = combo->count() - 1;
        }
        combo->setCurrentIndex(at);
        return;
    }
    auto *button = qobject_cast<QToolButton *>(widget);
    QMenu *menu = button->menu();
    menu->clear();
    const bool all = selection.contains(kAll);
    auto addEntry = [&](const QString &text, const QString &value, bool checked) {
        QAction *a = menu->addAction(text);
        a->setCheckable(true);
        a->setChecked(checked);
        a->setData(value);
        connect(a, &QAction::toggled, this, [this, index, menu, value](bool on) {
            QStringList chosen;
            if (value == kAll && on) {
                chosen = {kAll};
            } else {
                for (QAction *other : menu->actions())
                    if (other->isChecked() && other->data().toString() != kAll)
                        chosen << other->data().toString();
                if (value != kAll && on)
                    chosen.removeAll(kAll);
            }
            onUserSelection(index, chosen);
        });
    };
    if (v.includeAll)
        addEntry(tr("All"), kAll, all);
    for (const QString &o : v.options)
        addEntry(o, o, !all && selection.contains(o));
    button->setText(all                   ? tr("All")
                    : selection.isEmpty() ? tr("(none)")
                                          : selection.join(QStringLiteral(" + ")));
}

bool VariableBar::select(const QString &name, const QStringList &values) {
    for (std::size_t i = 0; i < m_dashboard.variables.size(); ++i)
        if (m_dashboard.variables[i].name == name) {
            onUserSelection(i, values);
            return true;
        }
    return false;
}

void VariableBar::onUserSelection(std::size_t index, const QStringList &values) {
    dashboard::Variable &v = m_dashboard.variables[index];
    const std::vector<dashboard::Variable> before = m_dashboard.variables;
    if (values.contains(kAll) || values.isEmpty()) {
        v.current = values.isEmpty() && !v.options.isEmpty() ? v.options.front() : kAll;
        v.currentValues.clear();
        if (!v.includeAll && v.current == kAll)
            v.current = v.options.value(0);
    } else if (v.multi) {
        v.current = values.front();
        v.currentValues = values;
    } else {
        v.current = values.front();
        v.currentValues.clear();
    }
    // Menu entries are rebuilt after their own toggled() signal has returned.
    QMetaObject::invokeMethod(
        this, [this, index] { updateSelector(index); }, Qt::QueuedConnection);
    if (!m_loading)
        m_before = before;
    m_changed = {v.name};
    loadFrom(index + 1, false);
}

void VariableBar::loadFrom(std::size_t index, bool all) {
    m_request.reset();
    if (!m_loading) {
        if (all)
            m_before = m_dashboard.variables;
        m_errors.clear();
    }
    if (all)
        m_changed.clear();
    m_loading = true;
    m_loadAll = all;
    m_next = index;
    continueLoad();
}

void VariableBar::continueLoad() {
    while (m_next < m_dashboard.variables.size()) {
        dashboard::Variable &v = m_dashboard.variables[m_next];
        switch (v.kind) {
        case dashboard::VariableKind::Query: {
            bool needed = m_loadAll;
            for (const QString &ref : dashboard::referencedVariables(v.query))
                needed = needed || m_changed.contains(ref);
            if (needed) {
                fetchOptions(m_next);
                return; // continues from the answer
            }
            break;
        }
        case dashboard::VariableKind::Custom:
        case dashboard::VariableKind::Interval:
            if (m_loadAll) {
                const QStringList previous = v.selection();
                v.options = dashboard::customOptions(v.query);
                fixSelection(v);
                if (v.selection() != previous)
                    m_changed.insert(v.name);
                updateSelector(m_next);
            }
            break;
        case dashboard::VariableKind::Constant:
            break;
        }
        ++m_next;
    }
    finishLoad();
}

void VariableBar::fetchOptions(std::size_t index) {
    const dashboard::Variable &v = m_dashboard.variables[index];
    if (!m_client) {
        applyOptions(index, {}, tr("not connected"));
        return;
    }
    const dashboard::VariableValues values = dashboard::selectedValues(m_dashboard, m_context);
    const QString expanded = dashboard::expandVariables(v.query, values, m_context);
    const dashboard::VariableQueryParse parsed = dashboard::parseVariableQuery(expanded);
    if (!parsed.ok()) {
        applyOptions(index, {}, parsed.error);
        return;
    }
    const dashboard::VariableQuery q = *parsed.query;
    prom::SelectorQuery selector;
    if (!q.match.isEmpty())
        selector.match << q.match;
    auto onStrings = [this, index, q](const prom::StringListResult &r) {
        if (!r.ok()) {
            applyOptions(index, {}, r.error.message);
            return;
        }
        applyOptions(index,
                     q.nameFilter.isEmpty() ? r.values
                                            : dashboard::filterMetricNames(r.values, q.nameFilter),
                     QString());
    };
    auto onSeries = [this, index, q](const prom::SeriesResult &r) {
        if (!r.ok()) {
            applyOptions(index, {}, r.error.message);
            return;
        }
        std::vector<QMap<QString, QString>> maps;
        maps.reserve(r.series.size());
        for (const auto &labels : r.series)
            maps.push_back(labelMap(labels));
        applyOptions(index, dashboard::seriesCandidates(maps, q.label), QString());
    };
    switch (q.call) {
    case dashboard::VariableQueryCall::LabelValues:
        m_request = m_client->labelValues(q.label, selector, this, onStrings);
        break;
    case dashboard::VariableQueryCall::Series:
        if (q.label.isEmpty()) {
            m_request = m_client->series(selector, this, onSeries);
        } else {
            // Prometheus (2.24+) filters label values by match[]: one small answer instead of
            // every series. Backends that refuse it get the /series request.
            m_request = m_client->labelValues(
                q.label, selector, this,
                [this, selector, onStrings, onSeries](const prom::StringListResult &r) {
                    if (r.ok() || !m_client)
                        onStrings(r);
                    else
                        m_request = m_client->series(selector, this, onSeries);
                });
        }
        break;
    case dashboard::VariableQueryCall::LabelNames:
        m_request = m_client->labels(selector, this, onStrings);
        break;
    case dashboard::VariableQueryCall::InstantQuery: {
        prom::InstantQuery iq;
        iq.expr = q.expr;
        if (m_context.toMs > 0)
            iq.timeMs = m_context.toMs;
        m_request = m_client->query(iq, this, [this, index](const prom::QueryResult &r) {
            if (!r.ok()) {
                applyOptions(index, {}, r.error.message);
                return;
            }
            QStringList candidates;
            if (r.type == prom::ResultType::Vector) {
                for (const prom::VectorSample &s : r.vector)
                    candidates << dashboard::queryResultText(labelMap(s.labels), valueText(s.value),
                                                             s.tMs);
            } else if (r.type == prom::ResultType::Scalar) {
                candidates << dashboard::queryResultText({}, valueText(r.scalar), r.tMs);
            } else if (r.type == prom::ResultType::String) {
                candidates << r.string;
            }
            applyOptions(index, candidates, QString());
        });
        break;
    }
    }
}

void VariableBar::applyOptions(std::size_t index, const QStringList &candidates,
                               const QString &error) {
    dashboard::Variable &v = m_dashboard.variables[index];
    const QStringList previous = v.selection();
    if (!error.isEmpty()) {
        m_errors << QStringLiteral("%1: %2").arg(v.name, error);
    } else {
        QString regexError;
        v.options = dashboard::extractOptions(candidates, v.regex, &regexError);
        if (!regexError.isEmpty())
            m_errors << QStringLiteral("%1: %2").arg(v.name, regexError);
        fixSelection(v);
    }
    if (v.selection() != previous)
        m_changed.insert(v.name);
    updateSelector(index);
    if (QWidget *w = selector(v.name))
        w->setToolTip(error.isEmpty() ? QStringLiteral("$%1 = %2").arg(v.name, v.query)
                                      : tr("$%1: %2").arg(v.name, error));
    m_next = index + 1;
    continueLoad();
}

void VariableBar::fixSelection(dashboard::Variable &v) const {
    const QStringList selection = v.selection();
    if (selection.contains(kAll) && v.includeAll) {
        v.current = kAll;
        v.currentValues.clear();
        return;
    }
    QStringList kept;
    for (const QString &s : selection)
        if (v.options.contains(s))
            kept << s;
    if (kept.isEmpty() && !v.options.isEmpty())
        kept << v.options.front();
    if (kept.isEmpty()) {
        // Nothing to choose from (yet): keep what the file says.
        return;
    }
    v.current = kept.front();
    v.currentValues = v.multi ? kept : QStringList();
}

void VariableBar::finishLoad() {
    m_loading = false;
    m_changed.clear();
    const bool changed = m_before != m_dashboard.variables;
    m_before = m_dashboard.variables;
    Q_EMIT optionsLoaded();
    if (changed)
        Q_EMIT variablesChanged(m_dashboard);
}

} // namespace vitals

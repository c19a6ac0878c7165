#include "ui/variablebar.h"

#include "core/dashboard/variablequery.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QToolButton>

namespace vitals {

namespace {

const QString kAll = QString::fromLatin1(dashboard::kAllValue);

// A menu whose checkable entries toggle without closing it, so several values can be picked.
class StayOpenMenu : public QMenu
{
public:
    using QMenu::QMenu;

protected:
    void mouseReleaseEvent(QMouseEvent *event) override
    {
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
    , m_resolver(new dashboard::VariableResolver(client, this))
    , m_layout(new QHBoxLayout(this))
{
    connect(m_resolver, &dashboard::VariableResolver::variableUpdated, this,
            [this](std::size_t index, const QString &error) {
                // Menu entries are rebuilt after their own toggled() signal has returned.
                QMetaObject::invokeMethod(
                    this, [this, index] { updateSelector(index); }, Qt::QueuedConnection);
                if (index >= dashboard().variables.size())
                    return;
                const dashboard::Variable &v = dashboard().variables[index];
                if (QWidget *w = selector(v.name))
                    w->setToolTip(error.isEmpty() ? QStringLiteral("$%1 = %2").arg(v.name, v.query)
                                                  : tr("$%1: %2").arg(v.name, error));
            });
    connect(m_resolver, &dashboard::VariableResolver::loaded, this, [this](bool changed) {
        Q_EMIT optionsLoaded();
        if (changed)
            Q_EMIT variablesChanged(dashboard());
    });
    m_layout->setContentsMargins(8, 4, 8, 0);
    m_layout->setSpacing(6);
    m_layout->addStretch(1);
    hide();
}

VariableBar::~VariableBar() = default;

void VariableBar::setClient(prom::PromClient *client)
{
    m_resolver->setClient(client);
}

void VariableBar::setDashboard(const dashboard::Dashboard &dashboard)
{
    m_resolver->setDashboard(dashboard);
    rebuild();
}

void VariableBar::reload()
{
    m_resolver->reload();
}

QWidget *VariableBar::selector(const QString &name) const
{
    for (const Selector &s : m_selectors)
        if (s.name == name)
            return s.widget;
    return nullptr;
}

void VariableBar::rebuild()
{
    for (Selector &s : m_selectors)
        delete s.widget;
    m_selectors.clear();
    while (m_layout->count() > 0) {
        QLayoutItem *item = m_layout->takeAt(0);
        delete item->widget();
        delete item;
    }
    for (std::size_t i = 0; i < dashboard().variables.size(); ++i) {
        const dashboard::Variable &v = dashboard().variables[i];
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

void VariableBar::updateSelector(std::size_t index)
{
    const dashboard::Variable &v = dashboard().variables[index];
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

bool VariableBar::select(const QString &name, const QStringList &values)
{
    return m_resolver->select(name, values);
}

void VariableBar::onUserSelection(std::size_t index, const QStringList &values)
{
    if (index < dashboard().variables.size())
        m_resolver->select(dashboard().variables[index].name, values);
}

} // namespace vitals

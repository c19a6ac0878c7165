#include "ui/alertmanagerview.h"

#include "core/services/alertmanagerservice.h"
#include "ui/alertmanagermodels.h"
#include "ui/silencedialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace vitals {

AlertmanagerView::AlertmanagerView(AlertmanagerService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_groups(new AlertGroupsModel(this))
    , m_silences(new SilencesModel(this))
    , m_groupsView(new QTreeView(this))
    , m_silencesView(new QTableView(this))
    , m_status(new QLabel(this))
    , m_expire(new QPushButton(tr("Expire"), this))
{
    setObjectName(QStringLiteral("alertmanagerView"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_groupsView->setObjectName(QStringLiteral("alertmanagerGroups"));
    m_groupsView->setModel(m_groups);
    m_groupsView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_groupsView->setUniformRowHeights(true);
    m_groupsView->setAlternatingRowColors(true);
    m_groupsView->header()->setStretchLastSection(true);
    connect(m_groupsView, &QWidget::customContextMenuRequested, this,
            &AlertmanagerView::showAlertMenu);

    m_silencesView->setObjectName(QStringLiteral("alertmanagerSilences"));
    m_silencesView->setModel(m_silences);
    m_silencesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_silencesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_silencesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_silencesView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_silencesView->verticalHeader()->hide();
    m_silencesView->horizontalHeader()->setStretchLastSection(true);
    m_silencesView->setAlternatingRowColors(true);
    connect(m_silencesView, &QWidget::customContextMenuRequested, this,
            &AlertmanagerView::showSilenceMenu);
    connect(m_silencesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertmanagerView::updateButtons);
    connect(m_silences, &QAbstractItemModel::modelReset, this, &AlertmanagerView::updateButtons);
    // The columns left of the comment take their contents' width, so the comment keeps the rest.
    connect(m_silences, &QAbstractItemModel::modelReset, this, [this] {
        for (int c = 0; c < SilencesModel::Comment; ++c) {
            m_silencesView->resizeColumnToContents(c);
            // A long matcher list is not allowed to push the comment out of view.
            const int most = m_silencesView->viewport()->width() / 3;
            if (most > 0 && m_silencesView->columnWidth(c) > most)
                m_silencesView->setColumnWidth(c, most);
        }
    });
    m_expire->setObjectName(QStringLiteral("expireSilence"));
    m_expire->setToolTip(tr("End the selected silence now"));
    connect(m_expire, &QPushButton::clicked, this, &AlertmanagerView::expireSelected);

    auto *groupsPane = new QWidget(this);
    auto *groupsLayout = new QVBoxLayout(groupsPane);
    groupsLayout->setContentsMargins(0, 0, 0, 0);
    groupsLayout->addWidget(
        new QLabel(tr("Alert groups — right-click an alert to silence it"), groupsPane));
    groupsLayout->addWidget(m_groupsView);
    auto *silencesPane = new QWidget(this);
    auto *silencesLayout = new QVBoxLayout(silencesPane);
    silencesLayout->setContentsMargins(0, 0, 0, 0);
    auto *silencesHeader = new QHBoxLayout;
    silencesHeader->addWidget(new QLabel(tr("Silences"), silencesPane), 1);
    silencesHeader->addWidget(m_expire);
    silencesLayout->addLayout(silencesHeader);
    silencesLayout->addWidget(m_silencesView);
    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->addWidget(groupsPane);
    m_split->addWidget(silencesPane);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    m_split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_split, 1);

    connect(m_service, &AlertmanagerService::profileChanged, this,
            &AlertmanagerView::onProfileChanged);
    connect(m_service, &AlertmanagerService::refreshFinished, this, &AlertmanagerView::showAnswers);
    connect(m_service, &AlertmanagerService::versionChanged, this,
            [this] { m_status->setText(statusText()); });
    connect(m_service, &AlertmanagerService::actionFailed, this, [this](const QString &message) {
        m_status->setText(tr("Could not change the silence: %1").arg(message));
    });
    onProfileChanged();
}

AlertmanagerView::~AlertmanagerView() = default;

void AlertmanagerView::onProfileChanged()
{
    m_groups->setGroups({});
    m_silences->setSilences({});
    const bool on = m_service->isConfigured();
    m_split->setVisible(on);
    m_status->setText(statusText());
}

void AlertmanagerView::showAnswers()
{
    QSet<QString> expanded;
    for (int row = 0; row < m_groups->rowCount(); ++row)
        if (m_groupsView->isExpanded(m_groups->index(row, 0)))
            expanded.insert(m_groups->index(row, 0).data().toString());
    const bool first = m_groups->rowCount() == 0;
    m_groups->setGroups(m_service->groups());
    for (int row = 0; row < m_groups->rowCount(); ++row) {
        const QModelIndex i = m_groups->index(row, 0);
        m_groupsView->setExpanded(i, first || expanded.contains(i.data().toString()));
    }
    for (int c = 0; c < AlertGroupsModel::Summary; ++c)
        m_groupsView->resizeColumnToContents(c);

    const QString selected =
        m_silencesView->currentIndex().data(alertmanagerroles::SilenceId).toString();
    m_silences->setSilences(m_service->silences());
    for (int row = 0; row < m_silences->rowCount(); ++row)
        if (!selected.isEmpty()
            && m_silences->index(row, 0).data(alertmanagerroles::SilenceId) == selected)
            m_silencesView->selectRow(row);
    m_silencesView->resizeColumnsToContents();
    m_status->setText(statusText());
    Q_EMIT refreshFinished();
}

QString AlertmanagerView::statusText() const
{
    if (!m_service->isConfigured())
        return tr("No Alertmanager for this connection. Name one in the connection's settings "
                  "(Alertmanager URL) to see its alert groups and silences.");
    if (!m_service->groupsError().isEmpty())
        return tr("Alertmanager: %1").arg(m_service->groupsError());
    if (!m_service->silencesError().isEmpty())
        return tr("Alertmanager silences: %1").arg(m_service->silencesError());
    return summaryText();
}

QString AlertmanagerView::summaryText() const
{
    const QString url = m_service->baseUrl().toDisplayString();
    const QString where = m_service->version().isEmpty()
                              ? tr("Alertmanager at %1").arg(url)
                              : tr("Alertmanager %1 at %2").arg(m_service->version(), url);
    int alerts = 0, silenced = 0, inhibited = 0;
    for (const auto &g : m_service->groups())
        for (const auto &a : g.alerts) {
            ++alerts;
            silenced += a.isSilenced();
            inhibited += a.isInhibited();
        }
    return tr("%1: %2 alerts in %3 groups, %4 silenced, %5 inhibited")
        .arg(where)
        .arg(alerts)
        .arg(m_service->groups().size())
        .arg(silenced)
        .arg(inhibited);
}

void AlertmanagerView::showAlertMenu(const QPoint &pos)
{
    const QModelIndex index = m_groupsView->indexAt(pos);
    if (!index.isValid())
        return;
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("Silence…"), this,
                    [this, index = QPersistentModelIndex(index)] { silence(index); });
    menu->popup(m_groupsView->viewport()->mapToGlobal(pos));
}

void AlertmanagerView::showSilenceMenu(const QPoint &pos)
{
    const alertmanager::Silence *s = m_silences->silenceAt(m_silencesView->indexAt(pos));
    if (!s || s->state == alertmanager::SilenceState::Expired)
        return;
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("Expire"), this, [this, id = s->id] { expire(id); });
    menu->popup(m_silencesView->viewport()->mapToGlobal(pos));
}

SilenceDialog *AlertmanagerView::silence(const QModelIndex &index)
{
    alertmanager::Labels labels;
    if (const alertmanager::Alert *a = m_groups->alertAt(index))
        labels = a->labels;
    else if (const alertmanager::AlertGroup *g = m_groups->groupAt(index))
        labels = g->labels;
    if (labels.isEmpty())
        return nullptr;
    auto *dialog = new SilenceDialog(labels, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_service->createSilence(dialog->draft(QDateTime::currentDateTimeUtc()));
    });
    dialog->open();
    return dialog;
}

void AlertmanagerView::expire(const QString &silenceId)
{
    m_service->expireSilence(silenceId);
}

void AlertmanagerView::expireSelected()
{
    if (const alertmanager::Silence *s = m_silences->silenceAt(m_silencesView->currentIndex()))
        expire(s->id);
}

void AlertmanagerView::updateButtons()
{
    const alertmanager::Silence *s = m_silences->silenceAt(m_silencesView->currentIndex());
    m_expire->setEnabled(s && s->state != alertmanager::SilenceState::Expired);
}

} // namespace vitals

#include "ui/alertmanagerview.h"

#include "core/alertmanager/alertmanagerclient.h"
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
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace vitals {

namespace {

bool contains(const alertmanager::Labels &all, const alertmanager::Labels &part)
{
    for (auto it = part.begin(); it != part.end(); ++it)
        if (all.value(it.key()) != it.value())
            return false;
    return true;
}

} // namespace

AlertmanagerView::AlertmanagerView(QWidget *parent)
    : QWidget(parent)
    , m_client(std::make_unique<alertmanager::AlertmanagerClient>())
    , m_groups(new AlertGroupsModel(this))
    , m_silences(new SilencesModel(this))
    , m_groupsView(new QTreeView(this))
    , m_silencesView(new QTableView(this))
    , m_status(new QLabel(this))
    , m_expire(new QPushButton(tr("Expire"), this))
    , m_timer(new QTimer(this))
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
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(groupsPane);
    split->addWidget(silencesPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &AlertmanagerView::refresh);
    setProfile({});
}

AlertmanagerView::~AlertmanagerView() = default;

void AlertmanagerView::setProfile(const prom::ConnectionProfile &profile)
{
    m_groupsRequest = {};
    m_silencesRequest = {};
    m_statusRequest = {};
    m_action = {};
    m_client->setProfile(profile);
    m_groups->setGroups({});
    m_silences->setSilences({});
    m_version.clear();
    m_groupsError.clear();
    m_silencesError.clear();
    const bool on = hasAlertmanager();
    for (QWidget *w : findChildren<QSplitter *>())
        w->setVisible(on);
    if (!on) {
        m_timer->stop();
        m_status->setText(tr("No Alertmanager for this connection. Name one in the connection's "
                             "settings (Alertmanager URL) to see its alert groups and silences."));
        return;
    }
    m_status->setText(tr("Reading Alertmanager at %1…").arg(m_client->baseUrl().toDisplayString()));
    m_statusRequest = m_client->status(this, [this](const alertmanager::StatusResult &r) {
        if (r.ok())
            m_version = r.version;
        m_status->setText(statusText());
    });
    m_timer->start();
    refresh();
}

bool AlertmanagerView::hasAlertmanager() const
{
    return m_client->isConfigured();
}

void AlertmanagerView::refresh()
{
    if (!hasAlertmanager() || m_groupsRequest.isActive() || m_silencesRequest.isActive())
        return;
    m_pending = 2;
    m_groupsRequest = m_client->alertGroups(this, [this](const alertmanager::AlertGroupsResult &r) {
        m_groupsError = r.ok() ? QString() : r.error.message;
        if (r.ok()) {
            QSet<QString> expanded;
            for (int row = 0; row < m_groups->rowCount(); ++row)
                if (m_groupsView->isExpanded(m_groups->index(row, 0)))
                    expanded.insert(m_groups->index(row, 0).data().toString());
            const bool first = m_groups->rowCount() == 0;
            m_groups->setGroups(r.groups);
            for (int row = 0; row < m_groups->rowCount(); ++row) {
                const QModelIndex i = m_groups->index(row, 0);
                m_groupsView->setExpanded(i, first || expanded.contains(i.data().toString()));
            }
            for (int c = 0; c < AlertGroupsModel::Summary; ++c)
                m_groupsView->resizeColumnToContents(c);
        }
        finishPart();
    });
    m_silencesRequest = m_client->silences(this, [this](const alertmanager::SilencesResult &r) {
        m_silencesError = r.ok() ? QString() : r.error.message;
        if (r.ok()) {
            const QString selected =
                m_silencesView->currentIndex().data(alertmanagerroles::SilenceId).toString();
            m_silences->setSilences(r.silences);
            for (int row = 0; row < m_silences->rowCount(); ++row)
                if (m_silences->index(row, 0).data(alertmanagerroles::SilenceId) == selected)
                    m_silencesView->selectRow(row);
            m_silencesView->resizeColumnsToContents();
        }
        finishPart();
    });
}

void AlertmanagerView::finishPart()
{
    if (--m_pending > 0)
        return;
    m_status->setText(statusText());
    Q_EMIT refreshFinished();
}

QString AlertmanagerView::statusText() const
{
    if (!hasAlertmanager())
        return m_status->text();
    if (!m_groupsError.isEmpty())
        return tr("Alertmanager: %1").arg(m_groupsError);
    if (!m_silencesError.isEmpty())
        return tr("Alertmanager silences: %1").arg(m_silencesError);
    int alerts = 0, silenced = 0, inhibited = 0;
    for (const auto &g : m_groups->groups())
        for (const auto &a : g.alerts) {
            ++alerts;
            silenced += a.isSilenced();
            inhibited += a.isInhibited();
        }
    const QString where =
        m_version.isEmpty()
            ? tr("Alertmanager at %1").arg(m_client->baseUrl().toDisplayString())
            : tr("Alertmanager %1 at %2").arg(m_version, m_client->baseUrl().toDisplayString());
    return tr("%1: %2 alerts in %3 groups, %4 silenced, %5 inhibited")
        .arg(where)
        .arg(alerts)
        .arg(m_groups->groups().size())
        .arg(silenced)
        .arg(inhibited);
}

bool AlertmanagerView::isSilenced(const alertmanager::Labels &labels) const
{
    if (alertmanager::isSilenced(m_silences->silences(), labels))
        return true;
    for (const auto &g : m_groups->groups())
        for (const auto &a : g.alerts)
            if (a.isSilenced() && contains(a.labels, labels))
                return true;
    return false;
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
    const QModelIndex index = m_silencesView->indexAt(pos);
    const alertmanager::Silence *s = m_silences->silenceAt(index);
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
        m_action = m_client->createSilence(
            dialog->draft(QDateTime::currentDateTimeUtc()), this,
            [this](const alertmanager::CreateSilenceResult &r) {
                if (!r.ok()) {
                    m_status->setText(tr("Could not create the silence: %1").arg(r.error.message));
                    Q_EMIT actionFailed(r.error.message);
                    return;
                }
                Q_EMIT silenceCreated(r.silenceId);
                m_groupsRequest = {};
                m_silencesRequest = {};
                refresh();
            });
    });
    dialog->open();
    return dialog;
}

void AlertmanagerView::expire(const QString &silenceId)
{
    m_action = m_client->expireSilence(
        silenceId, this, [this, silenceId](const alertmanager::ExpireSilenceResult &r) {
            if (!r.ok()) {
                m_status->setText(tr("Could not expire the silence: %1").arg(r.error.message));
                Q_EMIT actionFailed(r.error.message);
                return;
            }
            Q_EMIT silenceExpired(silenceId);
            m_groupsRequest = {};
            m_silencesRequest = {};
            refresh();
        });
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

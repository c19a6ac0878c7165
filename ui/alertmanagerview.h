#pragma once

#include "core/alertmanager/alertmanagertypes.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSplitter;
class QTableView;
class QTreeView;

namespace vitals {

class AlertGroupsModel;
class AlertmanagerService;
class SilenceDialog;
class SilencesModel;

// Alertmanager's view of the alerts, for the Alerts page (API v2): its alert groups with their
// alerts (silenced and inhibited ones marked), and its silences (active, pending, expired) with
// an Expire action. An alert's (or group's) context menu offers "Silence…", which opens a
// SilenceDialog prefilled with its labels; accepting it asks the service to create the silence.
// When the connection names no Alertmanager the view says how to set one.
//
// The data and the requests belong to the AlertmanagerService (not owned; it must outlive the
// view); the view shows its answers through two item models it owns. GUI thread only.
class AlertmanagerView : public QWidget
{
    Q_OBJECT
public:
    explicit AlertmanagerView(AlertmanagerService *service, QWidget *parent = nullptr);
    ~AlertmanagerView() override;

    // Opens the Silence dialog for the alert or group at `index` of groupsModel() (window-modal,
    // not blocking: the silence is asked for when it is accepted). Returns the dialog (deleted
    // when closed), or nullptr when the row has no labels.
    SilenceDialog *silence(const QModelIndex &index);
    // Expires the silence with this id (through the service).
    void expire(const QString &silenceId);

    AlertGroupsModel *groupsModel() const { return m_groups; }
    SilencesModel *silencesModel() const { return m_silences; }
    QTreeView *groupsView() const { return m_groupsView; }
    QTableView *silencesView() const { return m_silencesView; }
    QPushButton *expireButton() const { return m_expire; }
    QString statusText() const;

Q_SIGNALS:
    // The models show the service's latest answers.
    void refreshFinished();

private:
    void onProfileChanged();
    void showAnswers();
    void showAlertMenu(const QPoint &pos);
    void showSilenceMenu(const QPoint &pos);
    void expireSelected();
    void updateButtons();
    QString summaryText() const;

    AlertmanagerService *m_service = nullptr;
    AlertGroupsModel *m_groups = nullptr;
    SilencesModel *m_silences = nullptr;
    QTreeView *m_groupsView = nullptr;
    QTableView *m_silencesView = nullptr;
    QSplitter *m_split = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_expire = nullptr;
};

} // namespace vitals

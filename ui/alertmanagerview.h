#pragma once

#include "core/alertmanager/alertmanagertypes.h"
#include "core/prom/connectionprofile.h"
#include "core/prom/requesthandle.h"

#include <QWidget>

class QLabel;
class QMenu;
class QPushButton;
class QTableView;
class QTimer;
class QTreeView;

namespace vitals {

namespace alertmanager {
class AlertmanagerClient;
}
class AlertGroupsModel;
class SilenceDialog;
class SilencesModel;

// Alertmanager's view of the alerts, for the Alerts page (API v2): its alert groups with their
// alerts (silenced and inhibited ones marked), and its silences (active, pending, expired) with
// an Expire action. An alert's (or group's) context menu offers "Silence…", which opens a
// SilenceDialog prefilled with its labels and creates the silence. Refreshed every 5 s and
// after every change. When the connection names no Alertmanager the view says how to set one.
//
// isSilenced() tells the page which Prometheus alerts are muted, so it raises no desktop
// notification for them. GUI thread only; owns its client and models.
class AlertmanagerView : public QWidget
{
    Q_OBJECT
public:
    explicit AlertmanagerView(QWidget *parent = nullptr);
    ~AlertmanagerView() override;

    // The Alertmanager of `profile` (ConnectionProfile::alertmanagerUrl); refreshes at once.
    void setProfile(const prom::ConnectionProfile &profile);
    bool hasAlertmanager() const;

    // True when Alertmanager mutes the alert with these labels: an active silence matches them,
    // or an alert Alertmanager holds with at least these labels is silenced (its own labels may
    // add the sending Prometheus's external labels).
    bool isSilenced(const alertmanager::Labels &labels) const;

    // Opens the Silence dialog for the alert or group at `index` of groupsModel() (not modal:
    // the silence is created when it is accepted). Returns the dialog, or nullptr.
    SilenceDialog *silence(const QModelIndex &index);
    // Expires the silence with this id.
    void expire(const QString &silenceId);

    AlertGroupsModel *groupsModel() const { return m_groups; }
    SilencesModel *silencesModel() const { return m_silences; }
    QTreeView *groupsView() const { return m_groupsView; }
    QTableView *silencesView() const { return m_silencesView; }
    QString statusText() const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // Both lists were read (or failed) once more.
    void refreshFinished();
    void silenceCreated(const QString &id);
    void silenceExpired(const QString &id);
    // A create or expire failed; `message` is ready to show.
    void actionFailed(const QString &message);

private:
    void showAlertMenu(const QPoint &pos);
    void showSilenceMenu(const QPoint &pos);
    void expireSelected();
    void updateButtons();
    void finishPart();

    std::unique_ptr<alertmanager::AlertmanagerClient> m_client;
    AlertGroupsModel *m_groups = nullptr;
    SilencesModel *m_silences = nullptr;
    QTreeView *m_groupsView = nullptr;
    QTableView *m_silencesView = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_expire = nullptr;
    QTimer *m_timer = nullptr;
    prom::RequestHandle m_groupsRequest;
    prom::RequestHandle m_silencesRequest;
    prom::RequestHandle m_statusRequest;
    prom::RequestHandle m_action;
    QString m_version;
    QString m_groupsError;
    QString m_silencesError;
    int m_pending = 0;
};

} // namespace vitals

#pragma once

#include "core/alertmanager/alertmanagertypes.h"

#include <QAbstractItemModel>
#include <QAbstractTableModel>

#include <vector>

namespace vitals {

// Item roles shared by the Alertmanager models.
namespace alertmanagerroles {
// The alert's or group's labels (QVariant of alertmanager::Labels, i.e. QMap<QString,QString>
// converted to QVariantMap).
inline constexpr int Labels = Qt::UserRole + 1;
// The silence's id (silences model).
inline constexpr int SilenceId = Qt::UserRole + 2;
// The silence's alertmanager::SilenceState as int (silences model).
inline constexpr int SilenceState = Qt::UserRole + 3;
} // namespace alertmanagerroles

// Alertmanager's alert groups as a two-level tree: one top-level row per group (its group_by
// labels and receiver, with the count of alerts), one child row per alert. Columns: Alert,
// State ("active", "silenced", "inhibited", "silenced, inhibited", "unprocessed"), Since,
// Labels (without alertname), Summary. Silenced and inhibited alerts are drawn in the palette's
// disabled text colour and say so in their tooltip. Plain data in, no network; GUI thread.
class AlertGroupsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Name, State, Since, LabelsColumn, Summary, ColumnCount };

    using QAbstractItemModel::QAbstractItemModel;

    // Replaces the groups (a model reset; views keep no stale rows).
    void setGroups(std::vector<alertmanager::AlertGroup> groups);
    const std::vector<alertmanager::AlertGroup> &groups() const { return m_groups; }
    // The alert at `index` (a child row), or nullptr for a group row or an invalid index.
    const alertmanager::Alert *alertAt(const QModelIndex &index) const;
    // The group of `index` (either level), or nullptr.
    const alertmanager::AlertGroup *groupAt(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "silenced", "inhibited", "silenced, inhibited", or Alertmanager's state.
    static QString stateText(const alertmanager::Alert &alert);

private:
    // The names and labels of the alerts that inhibit `alert` (its fingerprint when unknown).
    QString inhibitorNames(const alertmanager::Alert &alert) const;
    std::vector<alertmanager::AlertGroup> m_groups;
};

// Alertmanager's silences, one row each: active first, then pending, then expired; newest end
// first within each. Columns: State, Matchers, Starts, Ends, Created by, Comment. GUI thread.
class SilencesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // What a reader scans first comes first: the comment says why, the start and the author
    // are on the right (and in every row's tooltip).
    enum Column { State, Matchers, Ends, Comment, Starts, CreatedBy, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setSilences(std::vector<alertmanager::Silence> silences);
    const std::vector<alertmanager::Silence> &silences() const { return m_silences; }
    const alertmanager::Silence *silenceAt(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<alertmanager::Silence> m_silences;
};

} // namespace vitals

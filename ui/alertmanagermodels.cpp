#include "ui/alertmanagermodels.h"

#include "widgets/levelcolors.h"

#include <QApplication>
#include <QPalette>

#include <algorithm>

namespace vitals {

namespace {

// Group rows carry this internal id; an alert row carries its group's row + 1.
constexpr quintptr kGroupRow = 0;

QString labelsText(const alertmanager::Labels &labels, bool skipName)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        if (!skipName || it.key() != QLatin1String("alertname"))
            parts << it.key() + QLatin1Char('=') + it.value();
    return parts.join(QStringLiteral(", "));
}

QString timeText(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    const QDateTime local = t.toLocalTime();
    const bool today = local.date() == QDate::currentDate();
    return local.toString(today ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm"));
}

QVariantMap toVariant(const alertmanager::Labels &labels)
{
    QVariantMap out;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QColor muted()
{
    return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

} // namespace

void AlertGroupsModel::setGroups(std::vector<alertmanager::AlertGroup> groups)
{
    beginResetModel();
    m_groups = std::move(groups);
    endResetModel();
}

const alertmanager::AlertGroup *AlertGroupsModel::groupAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const std::size_t row = index.internalId() == kGroupRow ? std::size_t(index.row())
                                                            : std::size_t(index.internalId() - 1);
    return row < m_groups.size() ? &m_groups[row] : nullptr;
}

const alertmanager::Alert *AlertGroupsModel::alertAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == kGroupRow)
        return nullptr;
    const alertmanager::AlertGroup *g = groupAt(index);
    if (!g || index.row() < 0 || std::size_t(index.row()) >= g->alerts.size())
        return nullptr;
    return &g->alerts[std::size_t(index.row())];
}

QModelIndex AlertGroupsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupRow);
    if (parent.internalId() != kGroupRow)
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex AlertGroupsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupRow);
}

int AlertGroupsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != 0 || parent.internalId() != kGroupRow)
        return 0;
    const alertmanager::AlertGroup *g = groupAt(parent);
    return g ? int(g->alerts.size()) : 0;
}

int AlertGroupsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString AlertGroupsModel::stateText(const alertmanager::Alert &alert)
{
    QStringList parts;
    if (alert.isSilenced())
        parts << tr("silenced");
    if (alert.isInhibited())
        parts << tr("inhibited");
    return parts.isEmpty() ? alert.state : parts.join(QStringLiteral(", "));
}

QString AlertGroupsModel::inhibitorNames(const alertmanager::Alert &alert) const
{
    // Alertmanager names the inhibiting alerts by fingerprint; the reader wants their names.
    QStringList names;
    for (const QString &fingerprint : alert.inhibitedBy) {
        QString name = fingerprint;
        for (const auto &g : m_groups)
            for (const auto &other : g.alerts)
                if (other.fingerprint == fingerprint)
                    name = other.name() + QLatin1Char(' ') + labelsText(other.labels, true);
        names << name.trimmed();
    }
    return names.join(QStringLiteral("; "));
}

QVariant AlertGroupsModel::data(const QModelIndex &index, int role) const
{
    const alertmanager::AlertGroup *g = groupAt(index);
    if (!g)
        return {};
    if (const alertmanager::Alert *a = alertAt(index)) {
        const bool suppressed = a->isSilenced() || a->isInhibited();
        switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
            case Name:
                return a->name();
            case State:
                return stateText(*a);
            case Since:
                return timeText(a->startsAt);
            case LabelsColumn:
                return labelsText(a->labels, true);
            case Summary:
                return a->annotations.value(QStringLiteral("summary"));
            }
            break;
        case Qt::ForegroundRole:
            if (suppressed)
                return muted();
            if (index.column() == State && a->state == QLatin1String("active"))
                return levelcolors::critical();
            break;
        case Qt::ToolTipRole:
            if (a->isSilenced())
                return tr("Silenced by %1").arg(a->silencedBy.join(QStringLiteral(", ")));
            if (a->isInhibited())
                return tr("Inhibited by %1").arg(inhibitorNames(*a));
            return a->annotations.value(QStringLiteral("description"));
        case alertmanagerroles::Labels:
            return toVariant(a->labels);
        }
        return {};
    }
    const int silenced = int(std::count_if(g->alerts.begin(), g->alerts.end(),
                                           [](const auto &a) { return a.isSilenced(); }));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return labelsText(g->labels, false).isEmpty() ? tr("(all alerts)")
                                                          : labelsText(g->labels, false);
        case State:
            return silenced ? tr("%n alert(s), %1 silenced", nullptr, int(g->alerts.size()))
                                  .arg(silenced)
                            : tr("%n alert(s)", nullptr, int(g->alerts.size()));
        case LabelsColumn:
            return tr("receiver %1").arg(g->receiver);
        }
        break;
    case alertmanagerroles::Labels:
        return toVariant(g->labels);
    }
    return {};
}

QVariant AlertGroupsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Group / alert");
    case State:
        return tr("State");
    case Since:
        return tr("Since");
    case LabelsColumn:
        return tr("Labels");
    case Summary:
        return tr("Summary");
    }
    return {};
}

void SilencesModel::setSilences(std::vector<alertmanager::Silence> silences)
{
    auto rank = [](alertmanager::SilenceState s) {
        switch (s) {
        case alertmanager::SilenceState::Active:
            return 0;
        case alertmanager::SilenceState::Pending:
            return 1;
        case alertmanager::SilenceState::Expired:
            return 2;
        case alertmanager::SilenceState::Unknown:
            break;
        }
        return 3;
    };
    std::stable_sort(silences.begin(), silences.end(), [&](const auto &a, const auto &b) {
        if (rank(a.state) != rank(b.state))
            return rank(a.state) < rank(b.state);
        return a.endsAt > b.endsAt;
    });
    beginResetModel();
    m_silences = std::move(silences);
    endResetModel();
}

const alertmanager::Silence *SilencesModel::silenceAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.row() < 0
        || std::size_t(index.row()) >= m_silences.size())
        return nullptr;
    return &m_silences[std::size_t(index.row())];
}

int SilencesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_silences.size());
}

int SilencesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SilencesModel::data(const QModelIndex &index, int role) const
{
    const alertmanager::Silence *s = silenceAt(index);
    if (!s)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        switch (index.column()) {
        case State:
            return alertmanager::silenceStateName(s->state);
        case Matchers: {
            QStringList parts;
            for (const auto &m : s->matchers)
                parts << alertmanager::matcherText(m);
            return parts.join(QStringLiteral(", "));
        }
        case Starts:
            return timeText(s->startsAt);
        case Ends:
            return timeText(s->endsAt);
        case CreatedBy:
            return s->createdBy;
        case Comment:
            return s->comment;
        }
        break;
    }
    case Qt::ForegroundRole:
        if (s->state == alertmanager::SilenceState::Expired)
            return muted();
        if (index.column() == State && s->state == alertmanager::SilenceState::Pending)
            return levelcolors::warning();
        break;
    case Qt::ToolTipRole: {
        // The whole silence, for columns cut to the width of a narrow window.
        QStringList parts;
        for (const auto &m : s->matchers)
            parts << alertmanager::matcherText(m);
        QString tip =
            tr("Silence %1").arg(s->id) + QLatin1Char('\n') + parts.join(QStringLiteral(", "));
        if (!s->comment.isEmpty())
            tip += QLatin1Char('\n') + s->comment;
        if (!s->createdBy.isEmpty())
            tip +=
                QLatin1Char('\n') + tr("by %1, from %2").arg(s->createdBy, timeText(s->startsAt));
        return tip;
    }
    case alertmanagerroles::SilenceId:
        return s->id;
    case alertmanagerroles::SilenceState:
        return int(s->state);
    }
    return {};
}

QVariant SilencesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case State:
        return tr("State");
    case Matchers:
        return tr("Matchers");
    case Starts:
        return tr("Starts");
    case Ends:
        return tr("Ends");
    case CreatedBy:
        return tr("Created by");
    case Comment:
        return tr("Comment");
    }
    return {};
}

} // namespace vitals

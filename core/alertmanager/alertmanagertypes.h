#pragma once

#include "core/prom/results.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

// What Alertmanager's API v2 answers with, as plain values. Times are UTC; an absent or
// unreadable time is an invalid QDateTime.
namespace vitals::alertmanager {

using Labels = QMap<QString, QString>;

// One matcher of a silence: `name` = / != / =~ / !~ `value`. Regular expressions are anchored
// at both ends, as Alertmanager anchors them.
struct Matcher {
    QString name;
    QString value;
    bool isRegex = false;
    bool isEqual = true; // false: the negated forms != and !~
    friend bool operator==(const Matcher &, const Matcher &) = default;
};

// True when `labels` satisfy the matcher (an absent label reads as ""). An invalid regular
// expression matches nothing.
bool matches(const Matcher &matcher, const Labels &labels);
// "name=\"value\"", "name=~\"re\"", … as amtool writes it.
QString matcherText(const Matcher &matcher);

// An alert as Alertmanager holds it (gettableAlert).
struct Alert {
    Labels labels;
    Labels annotations;
    QDateTime startsAt;
    QDateTime endsAt;
    QDateTime updatedAt;
    QString fingerprint;
    QString generatorUrl;
    QStringList receivers;
    QString state;           // "active", "suppressed" or "unprocessed"
    QStringList silencedBy;  // ids of the silences that mute it
    QStringList inhibitedBy; // fingerprints of the alerts that inhibit it

    bool isSilenced() const { return !silencedBy.isEmpty(); }
    bool isInhibited() const { return !inhibitedBy.isEmpty(); }
    QString name() const { return labels.value(QStringLiteral("alertname")); }
};

// Alerts grouped by the route's group_by labels, for one receiver.
struct AlertGroup {
    Labels labels;
    QString receiver;
    std::vector<Alert> alerts;
};

enum class SilenceState { Active, Pending, Expired, Unknown };
QString silenceStateName(SilenceState state); // "active", "pending", "expired", "unknown"

struct Silence {
    QString id;
    std::vector<Matcher> matchers;
    QDateTime startsAt;
    QDateTime endsAt;
    QDateTime updatedAt;
    QString createdBy;
    QString comment;
    SilenceState state = SilenceState::Unknown;

    // True when every matcher matches `labels` (what Alertmanager checks); a silence without
    // matchers matches nothing.
    bool matches(const Labels &labels) const;
};

// A silence to create (postableSilence). `startsAt` invalid = now.
struct SilenceDraft {
    std::vector<Matcher> matchers;
    QDateTime startsAt;
    QDateTime endsAt;
    QString createdBy;
    QString comment;
};

// Matchers that select exactly the alert with `labels` (one equality matcher per label).
std::vector<Matcher> matchersForLabels(const Labels &labels);

// True when an active silence of `silences` matches `labels`.
bool isSilenced(const std::vector<Silence> &silences, const Labels &labels);

struct AlertsResult : prom::ResultBase {
    std::vector<Alert> alerts;
};
struct AlertGroupsResult : prom::ResultBase {
    std::vector<AlertGroup> groups;
};
struct SilencesResult : prom::ResultBase {
    std::vector<Silence> silences;
};
// POST /silences: the id of the new silence.
struct CreateSilenceResult : prom::ResultBase {
    QString silenceId;
};
// DELETE /silence/{id}: nothing but success or an error.
using ExpireSilenceResult = prom::ResultBase;
struct StatusResult : prom::ResultBase {
    QString version;
    QString clusterStatus; // "ready", "settling", "disabled"
    QDateTime uptime;      // when it started
};

} // namespace vitals::alertmanager

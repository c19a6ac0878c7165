#pragma once

#include "core/alertmanager/alertmanagertypes.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace vitals {

// Asks how to silence an alert: one checkable equality matcher per label of the alert (all
// ticked; untick a label to silence more alerts), a duration (15 minutes to 1 week, 2 hours by
// default), who silences it and why. OK stays disabled until a matcher is ticked and a comment
// is given (Alertmanager requires both). GUI thread only.
class SilenceDialog : public QDialog
{
    Q_OBJECT
public:
    SilenceDialog(const alertmanager::Labels &labels, QWidget *parent = nullptr);

    // The silence to create, starting now (startsAt left invalid) and ending after the chosen
    // duration from `now`.
    alertmanager::SilenceDraft draft(const QDateTime &now) const;

    // For tests and callers: the chosen duration in seconds, and the editors.
    qint64 durationSeconds() const;
    QComboBox *durationBox() const { return m_duration; }
    QLineEdit *commentEdit() const { return m_comment; }
    QLineEdit *createdByEdit() const { return m_createdBy; }
    QListWidget *matcherList() const { return m_matchers; }

private:
    void updateOk();

    QListWidget *m_matchers = nullptr;
    QComboBox *m_duration = nullptr;
    QLineEdit *m_createdBy = nullptr;
    QLineEdit *m_comment = nullptr;
    QLabel *m_preview = nullptr;
    std::vector<alertmanager::Matcher> m_all;
};

} // namespace vitals

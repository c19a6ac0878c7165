#include "ui/silencedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace vitals {

SilenceDialog::SilenceDialog(const alertmanager::Labels &labels, QWidget *parent)
    : QDialog(parent)
    , m_matchers(new QListWidget(this))
    , m_duration(new QComboBox(this))
    , m_createdBy(new QLineEdit(this))
    , m_comment(new QLineEdit(this))
    , m_preview(new QLabel(this))
{
    setWindowTitle(tr("Silence alert"));
    setObjectName(QStringLiteral("silenceDialog"));
    m_all = alertmanager::matchersForLabels(labels);
    for (const auto &m : m_all) {
        auto *item = new QListWidgetItem(alertmanager::matcherText(m), m_matchers);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    m_matchers->setMaximumHeight(std::max(60, std::min(8, int(m_all.size())) * 22 + 8));
    const std::pair<QString, qint64> durations[] = {
        {tr("15 minutes"), 15 * 60}, {tr("1 hour"), 3600},     {tr("2 hours"), 2 * 3600},
        {tr("4 hours"), 4 * 3600},   {tr("1 day"), 24 * 3600}, {tr("1 week"), 7 * 24 * 3600}};
    for (const auto &[text, seconds] : durations)
        m_duration->addItem(text, seconds);
    m_duration->setCurrentIndex(2);
    m_createdBy->setText(qEnvironmentVariable("USER", QStringLiteral("vitals")));
    m_comment->setPlaceholderText(tr("Why this alert is silenced (required)"));
    m_preview->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Matchers"), m_matchers);
    form->addRow(tr("Duration"), m_duration);
    form->addRow(tr("Created by"), m_createdBy);
    form->addRow(tr("Comment"), m_comment);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Silence"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview);
    layout->addWidget(buttons);

    connect(m_matchers, &QListWidget::itemChanged, this, &SilenceDialog::updateOk);
    connect(m_comment, &QLineEdit::textChanged, this, &SilenceDialog::updateOk);
    connect(m_createdBy, &QLineEdit::textChanged, this, &SilenceDialog::updateOk);
    connect(m_duration, &QComboBox::currentIndexChanged, this, &SilenceDialog::updateOk);
    updateOk();
    resize(520, sizeHint().height());
}

qint64 SilenceDialog::durationSeconds() const
{
    return m_duration->currentData().toLongLong();
}

alertmanager::SilenceDraft SilenceDialog::draft(const QDateTime &now) const
{
    alertmanager::SilenceDraft d;
    for (int i = 0; i < m_matchers->count() && i < int(m_all.size()); ++i)
        if (m_matchers->item(i)->checkState() == Qt::Checked)
            d.matchers.push_back(m_all[std::size_t(i)]);
    d.endsAt = now.addSecs(durationSeconds());
    d.createdBy = m_createdBy->text().trimmed();
    d.comment = m_comment->text().trimmed();
    return d;
}

void SilenceDialog::updateOk()
{
    const alertmanager::SilenceDraft d = draft(QDateTime::currentDateTime());
    const bool ok = !d.matchers.empty() && !d.comment.isEmpty() && !d.createdBy.isEmpty();
    if (auto *box = findChild<QDialogButtonBox *>())
        box->button(QDialogButtonBox::Ok)->setEnabled(ok);
    m_preview->setText(d.matchers.empty()
                           ? tr("Tick at least one matcher.")
                           : tr("Mutes every alert with these labels until %1.")
                                 .arg(d.endsAt.toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
}

} // namespace vitals

#include "ui/exportnotice.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QUrl>

namespace vitals {

ExportNotice::ExportNotice(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_open(new QPushButton(tr("Open"), this))
    , m_folder(new QPushButton(tr("Show Folder"), this))
    , m_hide(new QTimer(this))
{
    setObjectName(QStringLiteral("exportNotice"));
    m_open->setObjectName(QStringLiteral("exportOpen"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_open);
    layout->addWidget(m_folder);
    m_open->setFlat(true);
    m_folder->setFlat(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_open, &QPushButton::clicked, this, [this] { open(QUrl::fromLocalFile(m_path)); });
    connect(m_folder, &QPushButton::clicked, this,
            [this] { open(QUrl::fromLocalFile(QFileInfo(m_path).absolutePath())); });
    m_hide->setSingleShot(true);
    m_hide->setInterval(30000);
    connect(m_hide, &QTimer::timeout, this, &QWidget::hide);
    hide();
}

void ExportNotice::showSaved(const QString &path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    const QFileInfo info(m_path);
    m_label->setText(
        tr("Saved %1 in %2").arg(info.fileName(), QDir::toNativeSeparators(info.absolutePath())));
    m_label->setToolTip(QDir::toNativeSeparators(m_path));
    show();
    m_hide->start();
}

QString ExportNotice::text() const
{
    return m_label->text();
}

void ExportNotice::open(const QUrl &url)
{
    QDesktopServices::openUrl(url);
    Q_EMIT opened(url);
}

} // namespace vitals

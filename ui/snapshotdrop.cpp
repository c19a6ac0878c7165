#include "ui/snapshotdrop.h"

#include "core/snapshot/snapshot.h"
#include "ui/snapshotwindow.h"

#include <QDropEvent>
#include <QFileInfo>
#include <QMainWindow>
#include <QMimeData>
#include <QStatusBar>

namespace vitals {

SnapshotDrop::SnapshotDrop(QMainWindow *window)
    : QObject(window)
    , m_window(window)
{
    window->setAcceptDrops(true);
    window->installEventFilter(this);
}

SnapshotDrop::~SnapshotDrop() = default;

SnapshotDrop::Kind SnapshotDrop::kindOf(const QString &path)
{
    if (snapshot::looksLikeSnapshotFile(path))
        return Kind::Snapshot;
    if (QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        return Kind::Dashboard;
    return Kind::Other;
}

bool SnapshotDrop::handle(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    switch (kindOf(path)) {
    case Kind::Dashboard:
        return false;
    case Kind::Other:
        m_window->statusBar()->showMessage(
            tr("%1 is neither a snapshot (.%2) nor a dashboard (.json): ignored")
                .arg(name, QLatin1String(snapshot::kFileSuffix)),
            15000);
        return true;
    case Kind::Snapshot:
        break;
    }
    snapshot::ReadResult read = snapshot::readSnapshotFile(path);
    if (!read.ok()) {
        m_window->statusBar()->showMessage(read.error, 15000);
        return true;
    }
    auto *window = new SnapshotWindow(
        std::make_shared<const snapshot::Snapshot>(std::move(*read.snapshot)), m_window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    window->raise();
    m_window->statusBar()->showMessage(tr("Opened the snapshot %1 (read-only)").arg(name), 8000);
    Q_EMIT snapshotOpened(window, path);
    return true;
}

bool SnapshotDrop::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window || event->type() != QEvent::Drop)
        return QObject::eventFilter(watched, event);
    auto *drop = static_cast<QDropEvent *>(event);
    const QList<QUrl> urls = drop->mimeData() ? drop->mimeData()->urls() : QList<QUrl>();
    if (urls.size() != 1 || !urls.front().isLocalFile())
        return false;
    if (!handle(urls.front().toLocalFile()))
        return false; // a dashboard: the window's dropEvent opens it
    drop->acceptProposedAction();
    return true;
}

} // namespace vitals

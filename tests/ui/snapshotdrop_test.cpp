// Dropping files on the main window (ui/snapshotdrop.h): a snapshot opens read-only in a
// SnapshotWindow of its own, whatever its name; a damaged snapshot and a file that is neither
// a snapshot nor a dashboard only leave a status message. Synthetic drops (QDropEvent with a
// file URL), as a file manager sends them.
#include "core/dashboard/dashboardfile.h"
#include "core/snapshot/snapshot.h"
#include "ui/dashboardpage.h"
#include "ui/mainwindow.h"
#include "ui/snapshotdrop.h"
#include "ui/snapshotwindow.h"

#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace vitals;

namespace {

MainWindow::Options offlineOptions()
{
    MainWindow::Options options;
    options.server = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens there
    options.restoreSettings = false;
    return options;
}

// Drops `path` on `window` as a file manager would; true when the drop was accepted.
bool drop(QWidget &window, const QString &path)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    // The drag enters first: Qt delivers the drop to the widget that accepted the enter.
    QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent event(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &event);
    return event.isAccepted();
}

snapshot::Snapshot smallSnapshot()
{
    snapshot::Snapshot s;
    s.dashboard = *dashboard::parseDashboard(R"json({"vitalsDashboard": 1, "title": "Dropped demo",
            "panels": [{"id": "up", "title": "Up", "type": "timeseries",
                        "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
                        "queries": [{"refId": "A", "expr": "up"}]}]})json")
                       .dashboard;
    s.fromMs = 1'764'000'000'000;
    s.toMs = s.fromMs + 600'000;
    s.takenAtMs = s.toMs;
    s.connection = QStringLiteral("demo laptop");
    panel::PanelData up;
    up.panelId = QStringLiteral("up");
    up.fromMs = s.fromMs;
    up.toMs = s.toMs;
    up.stepMs = 15000;
    panel::PanelSeries line;
    line.name = QStringLiteral("up");
    line.samples = series::Series(series::LabelSet::fromPairs({{"job", "iris"}}));
    for (int i = 0; i <= 40; ++i)
        line.samples.append(s.fromMs + i * 15000, 1.0);
    up.series.push_back(std::move(line));
    s.panels.push_back(std::make_shared<const panel::PanelData>(std::move(up)));
    return s;
}

} // namespace

TEST(SnapshotDrop, ASnapshotDroppedOnTheMainWindowOpensInASnapshotWindow)
{
    MainWindow window(offlineOptions());
    auto *handler = window.findChild<SnapshotDrop *>();
    ASSERT_NE(handler, nullptr) << "the main window does not watch drops for snapshots";
    QTemporaryDir dir;
    // Named oddly on purpose: the file's magic decides, not its name.
    const QString path = dir.filePath(QStringLiteral("from a colleague.bin"));
    ASSERT_TRUE(snapshot::writeSnapshotFile(smallSnapshot(), path));
    QSignalSpy opened(handler, &SnapshotDrop::snapshotOpened);
    const QString dashboardBefore = window.dashboardPage()->dashboard().title;

    EXPECT_TRUE(drop(window, path));
    ASSERT_EQ(opened.size(), 1);
    const QList<SnapshotWindow *> windows = window.findChildren<SnapshotWindow *>();
    ASSERT_EQ(windows.size(), 1);
    EXPECT_EQ(windows.front()->snapshot().dashboard.title, QStringLiteral("Dropped demo"));
    EXPECT_TRUE(windows.front()->isWindow()); // its own window, not a child widget
    EXPECT_TRUE(windows.front()->banner()->text().contains(QStringLiteral("demo laptop")));
    EXPECT_EQ(window.dashboardPage()->dashboard().title, dashboardBefore); // the live one stays
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(QStringLiteral("from a colleague")))
        << window.statusBar()->currentMessage().toStdString();
    windows.front()->close(); // deleted on close
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    EXPECT_TRUE(window.findChildren<SnapshotWindow *>().isEmpty());
}

TEST(SnapshotDrop, OtherFilesAreIgnoredWithAStatusMessage)
{
    MainWindow window(offlineOptions());
    auto *handler = window.findChild<SnapshotDrop *>();
    ASSERT_NE(handler, nullptr);
    QSignalSpy opened(handler, &SnapshotDrop::snapshotOpened);
    QTemporaryDir dir;
    const QString notes = dir.filePath(QStringLiteral("notes.txt"));
    QFile text(notes);
    ASSERT_TRUE(text.open(QIODevice::WriteOnly));
    text.write("not a snapshot\n");
    text.close();
    const QString dashboardBefore = window.dashboardPage()->dashboard().title;
    drop(window, notes);
    EXPECT_TRUE(opened.isEmpty());
    EXPECT_TRUE(window.findChildren<SnapshotWindow *>().isEmpty());
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(QStringLiteral("notes.txt")))
        << window.statusBar()->currentMessage().toStdString();
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(QStringLiteral("ignored")));
    EXPECT_EQ(window.dashboardPage()->dashboard().title, dashboardBefore);

    // A snapshot cut short: its error in the status bar, no window, no dialog.
    const QString cut = dir.filePath(QStringLiteral("cut.vitals-snapshot"));
    const QByteArray bytes = snapshot::encodeSnapshot(smallSnapshot());
    QFile file(cut);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(bytes.left(bytes.size() / 2));
    file.close();
    drop(window, cut);
    EXPECT_TRUE(opened.isEmpty());
    EXPECT_TRUE(window.findChildren<SnapshotWindow *>().isEmpty());
    EXPECT_TRUE(
        window.statusBar()->currentMessage().contains(QStringLiteral("cut.vitals-snapshot")))
        << window.statusBar()->currentMessage().toStdString();
}

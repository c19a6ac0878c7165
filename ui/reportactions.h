#pragma once

#include "ui/reportjob.h"

#include <QObject>
#include <QPointer>
#include <QSize>

class QMenu;
class QProgressDialog;
class QWidget;

namespace vitals {

class ExportNotice;
class MainWindow;

// The main window's Export menu: "Dashboard as PNG…" (the whole dashboard at the window's
// width), "Dashboard as PNG at size…", "Dashboard as PDF…" and "Panel data as CSV" (one entry
// per panel; each panel's context menu has the same action). A dashboard export runs as a
// ReportJob on the dashboard, time span and connection shown when it starts, with a progress
// dialog that can cancel it; once written, the status bar says where, with an Open button
// (notice()). GUI thread only; a child of the window.
class ReportActions : public QObject
{
    Q_OBJECT
public:
    explicit ReportActions(MainWindow *window);
    ~ReportActions() override;

    QMenu *menu() const { return m_menu; }
    // A tool-bar button that opens the menu.
    QWidget *createButton(QWidget *parent);

    // Exports without asking (format from the extension; an empty size = the window's width,
    // every panel at its natural height). Shows progress and, on failure, a message box.
    void exportDashboard(const QString &path, QSize size = {});
    // The export in progress, or nullptr.
    ReportJob *currentJob() const { return m_job; }
    // The status-bar notice of the last export written (created on first use).
    ExportNotice *notice();

Q_SIGNALS:
    void exportFinished(const QString &path, bool written, const QString &error);

private:
    void exportWithDialog(const QString &filter, const QString &suffix, QSize size);
    void fillPanelMenu(QMenu *menu);

    MainWindow *m_window;
    QMenu *m_menu;
    QPointer<ReportJob> m_job;
    QPointer<QProgressDialog> m_progress;
    ExportNotice *m_notice = nullptr; // owned by the status bar
};

} // namespace vitals

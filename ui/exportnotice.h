#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace vitals {

// The status bar's word that an export was written: "Saved report.pdf in /home/me/exports"
// with Open (the file, in the desktop's viewer) and Show Folder buttons, for 30 seconds or
// until the next export. GUI thread only; owned by the status bar it is added to.
class ExportNotice : public QWidget
{
    Q_OBJECT
public:
    explicit ExportNotice(QWidget *parent = nullptr);

    // Shows the notice for `path` (an existing file).
    void showSaved(const QString &path);
    QString path() const { return m_path; }
    QString text() const;

Q_SIGNALS:
    // Open or Show Folder was clicked; `url` is what was handed to the desktop.
    void opened(const QUrl &url);

private:
    void open(const QUrl &url);

    QString m_path;
    QLabel *m_label;
    QPushButton *m_open;
    QPushButton *m_folder;
    QTimer *m_hide;
};

} // namespace vitals

#pragma once

#include <QMainWindow>
#include <QUrl>

class QLabel;

namespace vitals {

// The console's top-level window: pages in the centre, the connection in the status bar.
// GUI thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QUrl &server, QWidget *parent = nullptr);

    QUrl server() const { return m_server; }

private:
    QUrl m_server;
    QLabel *m_connectionLabel = nullptr;
};

} // namespace vitals

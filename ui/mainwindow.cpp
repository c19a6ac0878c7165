#include "ui/mainwindow.h"

#include <QLabel>
#include <QStatusBar>

namespace vitals {

MainWindow::MainWindow(const QUrl &server, QWidget *parent)
    : QMainWindow(parent)
    , m_server(server)
    , m_connectionLabel(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Vitals %1 — %2")
                       .arg(QStringLiteral(VITALS_VERSION), server.toDisplayString()));
    m_connectionLabel->setText(tr("Prometheus: %1").arg(server.toDisplayString()));
    statusBar()->addWidget(m_connectionLabel);
    resize(1280, 800);
}

} // namespace vitals

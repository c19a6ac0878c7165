#include "ui/csvexport.h"

#include "ui/panelcontroller.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QTextStream>

#include <memory>

namespace vitals {

namespace {
const QString kLastFolderKey = QStringLiteral("export/lastFolder");
} // namespace

std::vector<prom::CsvRow> panelCsvRows(const PanelController &panel)
{
    const auto &queries = panel.panel().queries;
    const std::vector<prom::QueryResult> results = panel.lastResults();
    std::vector<prom::CsvRow> rows;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const QString refId = queries.size() > 1 ? queries[i].refId : QString();
        if (results[i].type == prom::ResultType::Matrix)
            prom::appendCsvRows(rows, results[i].matrix, refId);
        else
            prom::appendCsvRows(rows, results[i].vector, refId);
    }
    return rows;
}

QString panelCsv(const PanelController &panel)
{
    QString text;
    QTextStream out(&text);
    prom::writeCsv(out, panelCsvRows(panel));
    out.flush();
    return text;
}

bool writePanelCsv(const PanelController &panel, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(panelCsv(panel).toUtf8());
    if (!file.commit()) {
        if (error)
            *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void exportPanelCsvInteractively(const PanelController &panel, QWidget *parent)
{
    QSettings settings;
    const QString folder = settings.value(kLastFolderKey, QDir::homePath()).toString();
    const QString suggested = QDir(folder).filePath(panel.panel().id + QStringLiteral(".csv"));
    const QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export “%1” as CSV").arg(panel.panel().title), suggested,
        QObject::tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    settings.setValue(kLastFolderKey, QFileInfo(path).absolutePath());

    QPointer<const PanelController> guard(&panel);
    auto write = [guard, path, parent] {
        if (!guard)
            return;
        QString error;
        if (!writePanelCsv(*guard, path, &error))
            QMessageBox::warning(parent, QObject::tr("Export failed"), error);
        else if (auto *window = qobject_cast<QMainWindow *>(parent ? parent->window() : nullptr))
            window->statusBar()->showMessage(
                QObject::tr("Saved %1").arg(QDir::toNativeSeparators(path)), 15000);
    };
    if (!panel.isBusy()) {
        write();
        return;
    }
    // The data of a refresh in flight is incomplete: export it once the answers are in.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        QObject::connect(&panel, &PanelController::refreshFinished, parent, [connection, write] {
            QObject::disconnect(*connection);
            write();
        });
}

} // namespace vitals

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

std::vector<prom::CsvRow> panelCsvRows(const panel::PanelData &data)
{
    // Rows straight from the snapshot, query by query: the samples of range answers, the values
    // of instant ones (not the flat lines drawn for them).
    const bool several = data.refIds.size() > 1;
    std::vector<prom::CsvRow> rows;
    if (data.type == dashboard::PanelType::Heatmap) {
        // A heatmap's cells, bucket by bucket: the de-cumulated count of each bucket alone,
        // labelled with its upper bound `le` as Prometheus writes it and its bounds; buckets
        // Vitals cut from values ([lower, upper)) by their lower bound `ge` instead.
        const series::HeatmapBuckets &h = data.heatmap;
        for (std::size_t b = 0; b < h.upperBounds.size(); ++b) {
            const series::LabelSet labels = series::LabelSet::fromPairs(
                {{h.lowerInclusive ? QStringLiteral("ge") : QStringLiteral("le"),
                  prom::sampleValueText(h.lowerInclusive ? h.lowerBound(b) : h.upperBounds[b])},
                 {QStringLiteral("bucket"), panel::heatmapBucketName(h, b, data.unit)}});
            for (std::size_t j = 0; j < h.t.size(); ++j)
                if (!std::isnan(h.counts[b][j]))
                    rows.push_back({labels, h.t[j], h.counts[b][j], QString()});
        }
        return rows;
    }
    for (std::size_t q = 0; q < std::size_t(data.refIds.size()); ++q) {
        const QString refId = several ? data.refIds[qsizetype(q)] : QString();
        for (const panel::PanelSeries &s : data.series) {
            if (s.query != q || s.instant)
                continue;
            for (std::size_t i = 0; i < s.samples.size(); ++i)
                rows.push_back(
                    {s.samples.labels(), s.samples.timestampAt(i), s.samples.value(i), refId});
        }
        for (const panel::PanelValue &v : data.values)
            if (v.query == q)
                rows.push_back({v.labels, v.tMs, v.value, refId});
    }
    return rows;
}

std::vector<prom::CsvRow> panelCsvRows(const PanelController &panel)
{
    const auto data = panel.data();
    return data ? panelCsvRows(*data) : std::vector<prom::CsvRow>();
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

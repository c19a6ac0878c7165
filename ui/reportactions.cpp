#include "ui/reportactions.h"

#include "ui/csvexport.h"
#include "ui/dashboardpage.h"
#include "ui/exportnotice.h"
#include "ui/mainwindow.h"
#include "ui/panelcontroller.h"
#include "ui/reportjob.h"
#include "ui/variablebar.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QToolButton>

namespace vitals {

namespace {
const QString kLastFolderKey = QStringLiteral("export/lastFolder");
const QString kLastSizeKey = QStringLiteral("export/pngSize");
} // namespace

ReportActions::ReportActions(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_menu(new QMenu(tr("Export"), window))
{
    m_menu->addAction(tr("Dashboard as PNG…"), this, [this] {
        exportWithDialog(tr("PNG images (*.png)"), QStringLiteral("png"), {});
    });
    m_menu->addAction(tr("Dashboard as PNG at size…"), this, [this] {
        QSettings settings;
        bool ok = false;
        const QString text = QInputDialog::getText(
            m_window, tr("PNG size"),
            tr("Width × height in pixels (height 0 = as tall as the panels need):"),
            QLineEdit::Normal, settings.value(kLastSizeKey, QStringLiteral("1920x1080")).toString(),
            &ok);
        if (!ok)
            return;
        static const QRegularExpression pattern(
            QStringLiteral("^\\s*(\\d{3,5})\\s*[x×]\\s*(\\d{1,5})\\s*$"));
        const auto m = pattern.match(text);
        const int w = m.captured(1).toInt();
        const int h = m.captured(2).toInt();
        if (!m.hasMatch() || w < 200 || w > 16000 || h > 32000) {
            QMessageBox::warning(
                m_window, tr("PNG size"),
                tr("Give the size as WIDTHxHEIGHT, e.g. 1920x1080 (width 200–16000)."));
            return;
        }
        settings.setValue(kLastSizeKey, text.trimmed());
        exportWithDialog(tr("PNG images (*.png)"), QStringLiteral("png"), QSize(w, h));
    });
    QAction *pdf = m_menu->addAction(tr("Dashboard as PDF…"), this, [this] {
        exportWithDialog(tr("PDF documents (*.pdf)"), QStringLiteral("pdf"), {});
    });
    pdf->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_window->addAction(pdf);
    m_menu->addSeparator();
    QMenu *panels = m_menu->addMenu(tr("Panel data as CSV"));
    connect(panels, &QMenu::aboutToShow, this, [this, panels] { fillPanelMenu(panels); });
}

ReportActions::~ReportActions() = default;

QWidget *ReportActions::createButton(QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(tr("Export"));
    button->setToolTip(tr("Export the dashboard as PNG or PDF, or a panel's data as CSV"));
    button->setMenu(m_menu);
    button->setPopupMode(QToolButton::InstantPopup);
    return button;
}

ExportNotice *ReportActions::notice()
{
    if (!m_notice) {
        m_notice = new ExportNotice(m_window->statusBar());
        m_window->statusBar()->addPermanentWidget(m_notice);
    }
    return m_notice;
}

void ReportActions::fillPanelMenu(QMenu *menu)
{
    menu->clear();
    for (PanelController *panel : m_window->dashboardPage()->panels()) {
        if (panel->panel().queries.empty())
            continue;
        QPointer<PanelController> guard(panel);
        menu->addAction(panel->panel().title.isEmpty() ? panel->panel().id : panel->panel().title,
                        this, [this, guard] {
                            if (guard)
                                exportPanelCsvInteractively(*guard, m_window);
                        });
    }
    if (menu->isEmpty())
        menu->addAction(tr("(no panel with queries)"))->setEnabled(false);
}

void ReportActions::exportWithDialog(const QString &filter, const QString &suffix, QSize size)
{
    QSettings settings;
    const QString folder = settings.value(kLastFolderKey, QDir::homePath()).toString();
    QString name = m_window->dashboardPage()->dashboard().title;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("-"));
    if (name.isEmpty())
        name = QStringLiteral("dashboard");
    name += QDateTime::currentDateTime().toString(QStringLiteral("-yyyyMMdd-HHmm.")) + suffix;
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export dashboard"),
                                                QDir(folder).filePath(name), filter);
    if (path.isEmpty())
        return;
    if (!ReportJob::formatForPath(path))
        path += u'.' + suffix;
    settings.setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    exportDashboard(path, size);
}

void ReportActions::exportDashboard(const QString &path, QSize size)
{
    if (m_job) {
        QMessageBox::information(m_window, tr("Export"), tr("An export is already running."));
        return;
    }
    const auto format = ReportJob::formatForPath(path);
    if (!format) {
        Q_EMIT exportFinished(path, false, tr("the file name must end in .pdf or .png"));
        return;
    }
    DashboardPage *page = m_window->dashboardPage();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ReportJob::Options options;
    options.path = path;
    options.format = *format;
    options.dashboard = page->dashboard();
    options.fromMs = page->range().fromMs(now);
    options.toMs = page->range().toMs(now);
    options.rangeLabel = page->range().isRelative() ? page->range().label() : QString();
    options.connection = m_window->connection().baseUrl.toDisplayString();
    options.size = size.isValid() && size.width() > 0 ? size : QSize(page->width(), 0);
    options.scrapeIntervalMs = m_window->scrapeInterval().ms;
    options.panelHintsApply = m_window->connection().localStack;
    options.unresolvedVariables = m_window->variableBar()->unresolved();

    auto *job = new ReportJob(m_window->client(), options, this);
    m_job = job;
    m_progress = new QProgressDialog(tr("Exporting…"), tr("Cancel"), 0, 1, m_window);
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setMinimumDuration(500);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, job, &ReportJob::cancel);
    connect(job, &ReportJob::progressChanged, m_progress,
            [progress = m_progress](int value, int maximum, const QString &step) {
                progress->setMaximum(maximum);
                progress->setValue(value);
                progress->setLabelText(step);
            });
    connect(job, &ReportJob::finished, this, [this, job, path](bool written, const QString &error) {
        if (m_progress)
            m_progress->deleteLater();
        job->deleteLater();
        if (!written && !job->isCanceled())
            QMessageBox::warning(m_window, tr("Export failed"), error);
        if (written)
            notice()->showSaved(path);
        if (written)
            m_window->showStatusError(
                job->panelErrors().isEmpty()
                    ? QString()
                    : tr("Exported %1 with errors: %2")
                          .arg(QFileInfo(path).fileName(),
                               job->panelErrors().join(QStringLiteral("; "))));
        Q_EMIT exportFinished(path, written, error);
    });
    job->start();
}

} // namespace vitals

#include "ui/reportjob.h"

#include "core/panel/paneldataservice.h"
#include "core/services/reportdataservice.h"
#include "core/snapshot/snapshot.h"
#include "core/units.h"
#include "ui/dashboardpage.h"
#include "ui/panelcontroller.h"
#include "widgets/panelframe.h"

#include <QApplication>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStyle>
#include <QTimeZone>

namespace vitals {

std::optional<qint64> parseReportTime(const QString &input, qint64 nowMs)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (text.compare(u"now", Qt::CaseInsensitive) == 0)
        return nowMs;
    static const QRegularExpression relative(QStringLiteral("^(?:now)?\\s*([+-])\\s*(\\S+)$"),
                                             QRegularExpression::CaseInsensitiveOption);
    if (const auto m = relative.match(text); m.hasMatch()) {
        const qint64 ms = units::parseDurationMs(m.captured(2));
        if (ms < 0)
            return std::nullopt;
        return m.captured(1) == u"-" ? nowMs - ms : nowMs + ms;
    }
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber)
        return std::isfinite(seconds) && seconds >= 0 && seconds < 1e11
                   ? std::optional<qint64>(qint64(seconds * 1000.0))
                   : std::nullopt;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!t.isValid())
        t = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm"));
    if (!t.isValid())
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

std::optional<ReportJob::Format> ReportJob::formatForPath(const QString &path)
{
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        return Format::Pdf;
    if (path.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive))
        return Format::Png;
    if (path.endsWith(u'.' + QLatin1String(snapshot::kFileSuffix), Qt::CaseInsensitive))
        return Format::Snapshot;
    return std::nullopt;
}

ReportJob::ReportJob(prom::PromClient *client, Options options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(std::move(options))
{
    m_data = new ReportDataService(client, this);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        for (PanelController *panel : m_page->panels())
            if (panel->isBusy())
                m_panelErrors << tr("%1: no answer within %2")
                                     .arg(panel->panel().title,
                                          units::durationString(m_options.timeoutMs));
        if (!m_alertsDone)
            m_context.alertsError =
                tr("no answer within %1").arg(units::durationString(m_options.timeoutMs));
        m_refreshed = m_alertsDone = true;
        m_data->cancelFiringAlerts();
        maybeRender();
    });
}

ReportJob::~ReportJob() = default;

void ReportJob::start()
{
    m_context.connection = m_options.connection;
    m_context.fromMs = m_options.fromMs;
    m_context.toMs = m_options.toMs;
    m_context.rangeLabel = m_options.rangeLabel;
    m_context.generatedAt = QDateTime::currentDateTime();

    m_page = std::make_unique<DashboardPage>(m_client);
    m_page->setAttribute(Qt::WA_DontShowOnScreen);
    if (m_options.format == Format::Pdf)
        m_page->setPalette(QApplication::style()->standardPalette());
    m_page->setDashboard(m_options.dashboard);
    m_page->setRange(TimeRange::absolute(m_options.fromMs, m_options.toMs));
    m_page->setPanelHintsApply(m_options.panelHintsApply);

    const int width = std::clamp(m_options.size.width(), 200, 16000);
    int height = m_options.size.height();
    if (auto *scroll = m_page->findChild<QScrollArea *>(); scroll && scroll->widget()) {
        // The export shows the whole canvas at the width asked for: a scroll bar would take
        // its width from the panels (fitCanvasHeight() grows the page instead).
        scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        height = std::max(height, scroll->widget()->sizeHint().height());
    }
    m_page->resize(width, std::clamp(height, 100, 32000));
    m_page->show();

    m_writer = std::make_unique<ReportWriter>(m_page.get());
    m_steps = int(m_page->panels().size());
    for (PanelController *panel : m_page->panels())
        connect(panel, &PanelController::refreshFinished, this, &ReportJob::onPanelAnswered);
    connect(m_page.get(), &DashboardPage::refreshFinished, this, [this] {
        m_refreshed = true;
        maybeRender();
    });
    // The charts' alert shading (and a snapshot's alert spans) arrive on their own.
    connect(m_page.get(), &DashboardPage::alertSpansChanged, this, &ReportJob::maybeRender);
    connect(m_writer.get(), &ReportWriter::pageWritten, this, [this](int page, int pages) {
        Q_EMIT progressChanged(m_steps + page, m_steps + pages,
                               tr("Writing page %1 of %2").arg(page).arg(pages));
    });

    Q_EMIT progressChanged(0, std::max(1, m_steps), tr("Querying the panels"));
    if (m_options.snapshot) {
        startFromSnapshot();
        return;
    }
    m_data->fetchFiringAlerts([this](const std::vector<prom::Alert> &firing, const QString &error) {
        m_context.firingAlerts = firing;
        m_context.alertsError = error;
        m_alertsDone = true;
        maybeRender();
    });
    m_timeout.start(std::max(1000, m_options.timeoutMs));
    planScrapeInterval();
}

void ReportJob::startFromSnapshot()
{
    const snapshot::Snapshot &s = *m_options.snapshot;
    m_page->dataService()->setSavedData(s.panels);
    std::vector<alertshading::Span> spans;
    for (const snapshot::AlertSpan &span : s.alertSpans)
        spans.push_back({span.alertname, span.fromMs, span.toMs, span.labels});
    m_page->setSavedAlertSpans(spans);
    m_context.firingAlerts = s.firingAlerts;
    m_context.scrapeInterval = s.scrapeInterval;
    m_alertsDone = true;
    m_page->setVariables(s.dashboard.variables);
    m_context.variables = s.variables;
    QTimer::singleShot(0, this, [this] {
        if (!m_done)
            m_page->refresh();
    });
}

void ReportJob::planScrapeInterval()
{
    auto use = [this](const prom::ScrapeInterval &interval) {
        m_page->setScrapeIntervalMs(interval.ms);
        m_context.scrapeInterval = interval.describe();
        resolveVariables();
    };
    m_data->fetchScrapeInterval(m_options.scrapeIntervalMs, use);
}

void ReportJob::resolveVariables()
{
    if (!m_options.resolveVariables) {
        // The window's variable bar resolved them.
        m_page->setVariables(m_options.dashboard.variables, m_options.unresolvedVariables);
        refreshPanels();
        return;
    }
    m_resolver = new dashboard::VariableResolver(m_client, this);
    dashboard::TemplateContext context;
    context.fromMs = m_options.fromMs;
    context.toMs = m_options.toMs;
    context.rangeMs = m_options.toMs - m_options.fromMs;
    context.scrapeIntervalMs = m_page->scrapeIntervalMs();
    m_resolver->setTemplateContext(context);
    m_resolver->pin(m_options.pinnedVariables);
    connect(m_resolver, &dashboard::VariableResolver::loaded, this, [this] {
        m_variableProblems = m_resolver->problems();
        m_page->setVariables(m_resolver->dashboard().variables, m_resolver->unresolved());
        refreshPanels();
    });
    m_resolver->setDashboard(m_options.dashboard);
}

void ReportJob::refreshPanels()
{
    m_context.variables = dashboard::selectionSummary(m_page->dashboard());
    // After the first layout pass, so every chart knows the width its step is planned for.
    QTimer::singleShot(0, this, [this] {
        if (!m_done)
            m_page->refresh();
    });
}

void ReportJob::cancel()
{
    if (m_done)
        return;
    m_data->cancel();
    delete m_resolver; // aborts its request
    m_resolver = nullptr;
    m_canceled = true;
    finish(false, tr("canceled"));
}

void ReportJob::onPanelAnswered()
{
    ++m_answered;
    Q_EMIT progressChanged(std::min(m_answered, m_steps), std::max(1, m_steps),
                           tr("Querying the panels (%1 of %2)").arg(m_answered).arg(m_steps));
}

void ReportJob::maybeRender()
{
    if (m_done || !m_refreshed || !m_alertsDone || m_page->alertSpansPending())
        return;
    m_timeout.stop();
    // Charts repaint from a timer after new data; let that and the layout settle first.
    QTimer::singleShot(0, this, [this] {
        if (!m_done)
            render();
    });
}

void ReportJob::fitCanvasHeight()
{
    // Panels that got their data (legends, tables, error notes) may ask for more height than
    // the canvas had before: the page grows to show all of it.
    auto *scroll = m_page->findChild<QScrollArea *>();
    if (!scroll || !scroll->widget())
        return;
    QWidget *canvas = scroll->widget();
    const int needed = canvas->hasHeightForWidth() ? canvas->heightForWidth(m_page->width())
                                                   : canvas->sizeHint().height();
    if (needed > scroll->viewport()->height()) {
        m_page->resize(m_page->width(),
                       std::min(32000, m_page->height() + needed - scroll->viewport()->height()));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
}

void ReportJob::render()
{
    fitCanvasHeight();
    for (PanelController *panel : m_page->panels())
        if (!panel->isBusy() && panel->lastError().isError())
            m_panelErrors << tr("%1: %2").arg(panel->panel().title, panel->lastError().message);
    m_writer->setContext(m_context);
    QString error;
    bool ok = false;
    if (m_options.format == Format::Snapshot) {
        ok = writeSnapshot(&error);
        m_pageCount = 0;
    } else if (m_options.format == Format::Pdf) {
        ok = m_writer->writePdf(m_options.path, &error);
        m_pageCount = m_writer->pdfPageCount();
    } else {
        ok = m_writer->writePng(m_options.path, &error);
        m_pageCount = 1;
    }
    finish(ok, error);
}

bool ReportJob::writeSnapshot(QString *error)
{
    snapshot::Snapshot s;
    s.dashboard = m_page->dashboard();
    s.variables = m_context.variables;
    s.fromMs = m_options.fromMs;
    s.toMs = m_options.toMs;
    s.rangeLabel = m_options.rangeLabel;
    s.connection = m_options.connection;
    s.takenAtMs = m_context.generatedAt.toMSecsSinceEpoch();
    s.vitalsVersion = QStringLiteral(VITALS_VERSION);
    s.scrapeInterval = m_context.scrapeInterval;
    for (PanelController *panel : m_page->panels())
        s.panels.push_back(m_page->dataService()->data(panel->panel().id));
    s.firingAlerts = m_context.firingAlerts;
    for (const alertshading::Span &span : m_page->namedAlertSpans())
        s.alertSpans.push_back({span.alertname, span.fromMs, span.toMs, span.labels});
    return snapshot::writeSnapshotFile(s, m_options.path, error);
}

void ReportJob::finish(bool written, const QString &error)
{
    m_done = true;
    m_timeout.stop();
    Q_EMIT finished(written, error);
}

} // namespace vitals

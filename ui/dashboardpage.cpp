#include "ui/dashboardpage.h"

#include "core/dashboard/repeats.h"
#include "core/dashboard/templating.h"
#include "core/panel/paneldataservice.h"
#include "core/prom/metricnamecache.h"
#include "core/prom/rangeplan.h"
#include "core/services/alertspanfetcher.h"
#include "ui/panelcontroller.h"
#include "ui/paneleditor.h"
#include "widgets/heatmapchart.h"
#include "widgets/panelframe.h"
#include "widgets/timeserieschart.h"

#include <QDateTime>
#include <QGridLayout>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace vitals {

namespace {
// Height of one grid row, as in Grafana (30 px) with room for our title bars.
constexpr int kRowHeightPx = 32;
} // namespace

DashboardPage::DashboardPage(prom::PromClient *client, QWidget *parent)
    : QWidget(parent)
    , m_service(new panel::DashboardDataService(client, this))
    , m_metricNames(new prom::MetricNameCache(client, 10000, this))
    , m_scroll(new QScrollArea(this))
    , m_alertSpans(new AlertSpanFetcher(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll);
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::setClient(prom::PromClient *client)
{
    m_service->setClient(client);
    m_metricNames->setClient(client);
}

void DashboardPage::setDashboard(const dashboard::Dashboard &dashboard)
{
    m_dashboard = dashboard;
    m_variablesResolved = false;
    m_history.clear();
    Q_EMIT canGoBackChanged(false);
    rebuild();
}

void DashboardPage::setVariables(const std::vector<dashboard::Variable> &variables,
                                 const QSet<QString> &unresolved)
{
    m_dashboard.variables = variables;
    m_variablesResolved = true;
    m_unresolved = unresolved;
    if (dashboard::expandRepeats(m_dashboard).panels != m_shownPanels)
        rebuild(); // repeated panels follow the selection (repeats.h)
}

void DashboardPage::setHeader(QWidget *header)
{
    if (auto *box = qobject_cast<QVBoxLayout *>(layout()))
        box->insertWidget(0, header);
}

void DashboardPage::replaceDashboard(const dashboard::Dashboard &dashboard)
{
    m_dashboard = dashboard;
    rebuild();
    refresh();
    Q_EMIT dashboardEdited(m_dashboard);
}

void DashboardPage::editPanel(const QString &panelId)
{
    const dashboard::Panel *panel = m_dashboard.panel(panelId);
    if (!panel)
        return;
    PanelEditor editor(*panel, m_dashboard, this);
    editor.setPreview(m_service->client(), m_range, m_scrapeIntervalMs);
    if (editor.exec() != QDialog::Accepted)
        return;
    dashboard::Dashboard edited = m_dashboard;
    for (auto &p : edited.panels)
        if (p.id == panelId)
            p = editor.panel();
    replaceDashboard(edited);
}

void DashboardPage::addPanel()
{
    dashboard::Panel panel;
    int bottom = 0;
    for (const auto &p : m_dashboard.panels)
        bottom = std::max(bottom, p.gridPos.y + p.gridPos.h);
    for (int n = int(m_dashboard.panels.size()) + 1;; ++n) {
        panel.id = QStringLiteral("panel-%1").arg(n);
        if (!m_dashboard.panel(panel.id))
            break;
    }
    panel.gridPos = {0, bottom, dashboard::kGridColumns, 8};
    dashboard::Query query;
    query.refId = QStringLiteral("A");
    panel.queries.push_back(query);
    PanelEditor editor(panel, m_dashboard, this);
    editor.setPreview(m_service->client(), m_range, m_scrapeIntervalMs);
    if (editor.exec() != QDialog::Accepted)
        return;
    dashboard::Dashboard edited = m_dashboard;
    edited.panels.push_back(editor.panel());
    replaceDashboard(edited);
}

void DashboardPage::removePanel(const QString &panelId)
{
    dashboard::Dashboard edited = m_dashboard;
    const auto it = std::remove_if(edited.panels.begin(), edited.panels.end(),
                                   [&](const dashboard::Panel &p) { return p.id == panelId; });
    if (it == edited.panels.end())
        return;
    edited.panels.erase(it, edited.panels.end());
    // Deleting the panel whose menu is open: rebuild once that menu has returned.
    QMetaObject::invokeMethod(
        this, [this, edited] { replaceDashboard(edited); }, Qt::QueuedConnection);
}

void DashboardPage::setRange(const TimeRange &range)
{
    m_range = range;
}

bool DashboardPage::isRefreshing() const
{
    return m_outstanding > 0;
}

void DashboardPage::rebuild()
{
    for (PanelController *panel : m_panels)
        delete panel;
    m_panels.clear();
    m_service->clear(); // cancels what the old panels still wait for
    m_alertSpanRanges.clear();
    m_namedAlertSpans.clear();
    m_outstanding = 0;
    m_canvas = new QWidget;
    m_grid = new QGridLayout(m_canvas);
    m_grid->setContentsMargins(6, 6, 6, 6);
    m_grid->setSpacing(6);
    for (int c = 0; c < dashboard::kGridColumns; ++c)
        m_grid->setColumnStretch(c, 1);

    int rows = 0;
    m_shownPanels = dashboard::expandRepeats(m_dashboard).panels;
    for (const dashboard::Panel &panel : m_shownPanels) {
        auto *controller = new PanelController(panel, m_service, m_canvas, this);
        m_panels.push_back(controller);
        const auto &g = panel.gridPos;
        m_grid->addWidget(controller->frame(), g.y, g.x, g.h, g.w);
        rows = std::max(rows, g.y + g.h);
        connect(controller, &PanelController::refreshFinished, this,
                &DashboardPage::onPanelFinished);
        connect(controller, &PanelController::editRequested, this, &DashboardPage::editPanel);
        connect(controller, &PanelController::removeRequested, this, &DashboardPage::removePanel);
        if (TimeSeriesChart *chart = controller->chart()) {
            connect(chart, &TimeSeriesChart::rangeSelected, this, &DashboardPage::zoomTo);
            connect(chart, &TimeSeriesChart::panRequested, this, &DashboardPage::panBy);
            connect(chart, &TimeSeriesChart::hovered, this, [this, chart](qint64 t) {
                for (PanelController *other : m_panels)
                    if (other->chart() && other->chart() != chart)
                        other->chart()->setCrosshair(t);
            });
            connect(chart, &TimeSeriesChart::hoverLeft, this, [this] {
                for (PanelController *other : m_panels)
                    if (other->chart())
                        other->chart()->clearCrosshair();
            });
        }
        connectHeatmap(controller);
    }
    for (int r = 0; r < rows; ++r)
        m_grid->setRowMinimumHeight(r, kRowHeightPx);
    m_scroll->setWidget(m_canvas); // deletes the previous canvas and its frames
}

void DashboardPage::connectHeatmap(PanelController *controller)
{
    // Heatmaps zoom like charts and share the crosshair with the charts and each other.
    auto heatmapOf = [](const PanelController *p) {
        return qobject_cast<HeatmapChart *>(p->frame()->content());
    };
    auto hover = [this, heatmapOf](const QObject *source, std::optional<qint64> t) {
        for (PanelController *other : m_panels) {
            if (TimeSeriesChart *c = other->chart(); c && c != source)
                t ? c->setCrosshair(*t) : c->clearCrosshair();
            if (HeatmapChart *h = heatmapOf(other); h && h != source)
                t ? h->setCrosshair(*t) : h->clearCrosshair();
        }
    };
    if (HeatmapChart *heatmap = heatmapOf(controller)) {
        connect(heatmap, &HeatmapChart::rangeSelected, this, &DashboardPage::zoomTo);
        connect(heatmap, &HeatmapChart::hovered, this,
                [hover, heatmap](qint64 t) { hover(heatmap, t); });
        connect(heatmap, &HeatmapChart::hoverLeft, this,
                [hover, heatmap] { hover(heatmap, std::nullopt); });
    } else if (TimeSeriesChart *chart = controller->chart()) {
        // A chart's crosshair on the heatmaps (the charts among themselves are wired above).
        connect(chart, &TimeSeriesChart::hovered, this, [this, heatmapOf](qint64 t) {
            for (PanelController *other : m_panels)
                if (HeatmapChart *h = heatmapOf(other))
                    h->setCrosshair(t);
        });
        connect(chart, &TimeSeriesChart::hoverLeft, this, [this, heatmapOf] {
            for (PanelController *other : m_panels)
                if (HeatmapChart *h = heatmapOf(other))
                    h->clearCrosshair();
        });
    }
}

int DashboardPage::chartWidthPx() const
{
    // The widest chart decides the step, so no panel shows fewer points than it has pixels.
    int width = 0;
    for (PanelController *panel : m_panels)
        if (panel->chart())
            width = std::max(width, int(panel->chart()->plotArea().width()));
    if (width < 100)
        width = std::max(400, this->width() / 2);
    return width;
}

void DashboardPage::refresh()
{
    RefreshContext context;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    context.fromMs = m_range.fromMs(now);
    context.toMs = m_range.toMs(now);
    context.widthPx = chartWidthPx();
    context.scrapeIntervalMs = m_scrapeIntervalMs;
    context.variables = dashboard::selectedValues(m_dashboard, context.templateContext());
    if (m_variablesResolved)
        for (const dashboard::Variable &v : m_dashboard.variables)
            if (!m_unresolved.contains(v.name))
                context.resolvedVariables.push_back(v);
    context.metricNames = m_metricNames;
    context.panelHintsApply = m_panelHintsApply;
    context.stackStarting = m_stackStarting;

    m_refreshClock.start();
    fetchAlertSpans(
        context.fromMs, context.toMs,
        prom::RangePlan(context.fromMs, context.toMs, context.widthPx, m_scrapeIntervalMs)
            .stepMs());
    m_outstanding = int(m_panels.size());
    // The panels in view first: requests are answered in the order sent (a few connections
    // per server), so on a big dashboard what the user sees is not kept waiting by what is
    // scrolled away.
    const QRect inView(-m_canvas->pos(), m_scroll->viewport()->size());
    std::vector<PanelController *> order = m_panels;
    std::stable_partition(order.begin(), order.end(), [&inView](const PanelController *panel) {
        return panel->frame()->geometry().intersects(inView);
    });
    for (PanelController *panel : order)
        panel->refresh(context);
    if (m_panels.empty())
        Q_EMIT refreshFinished();
}

void DashboardPage::fetchAlertSpans(qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    if (m_savedAlertSpans) {
        m_namedAlertSpans = *m_savedAlertSpans;
        m_alertSpanRanges = alertshading::shadedRanges(m_namedAlertSpans);
        for (PanelController *panel : m_panels)
            if (panel->chart())
                panel->chart()->setShadedSpans(m_alertSpanRanges);
        Q_EMIT alertSpansChanged();
        return;
    }
    m_alertSpansPending = true;
    m_alertSpans->fetch(m_service->client(), m_dashboard, fromMs, toMs, stepMs,
                        [this](const AlertSpanFetcher::Spans &found) {
                            m_namedAlertSpans = found;
                            m_alertSpanRanges = alertshading::shadedRanges(found);
                            for (PanelController *panel : m_panels)
                                if (panel->chart())
                                    panel->chart()->setShadedSpans(m_alertSpanRanges);
                            m_alertSpansPending = false;
                            Q_EMIT alertSpansChanged();
                        });
}

void DashboardPage::onPanelFinished()
{
    if (m_outstanding <= 0 || --m_outstanding > 0)
        return;
    m_lastRefreshMs = m_refreshClock.elapsed();
    QString error;
    for (PanelController *panel : m_panels)
        if (panel->lastError().isError()) {
            error = tr("%1: %2").arg(panel->panel().title, panel->lastError().message);
            break;
        }
    Q_EMIT errorChanged(error);
    Q_EMIT refreshFinished();
}

void DashboardPage::zoomTo(qint64 fromMs, qint64 toMs)
{
    if (toMs - fromMs < 1000)
        return; // narrower than a second is never what the user meant
    m_history.push(m_range);
    m_range = TimeRange::absolute(fromMs, toMs);
    Q_EMIT canGoBackChanged(true);
    Q_EMIT rangeChanged(m_range);
    refresh();
}

void DashboardPage::panBy(qint64 deltaMs)
{
    m_range = m_range.shifted(deltaMs, QDateTime::currentMSecsSinceEpoch());
    Q_EMIT rangeChanged(m_range);
    refresh();
}

void DashboardPage::back()
{
    const auto previous = m_history.back();
    if (!previous)
        return;
    m_range = *previous;
    Q_EMIT canGoBackChanged(m_history.canGoBack());
    Q_EMIT rangeChanged(m_range);
    refresh();
}

} // namespace vitals

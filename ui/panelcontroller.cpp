#include "ui/panelcontroller.h"

#include "core/panel/paneldataservice.h"
#include "core/prom/rangeplan.h"
#include "ui/csvexport.h"
#include "ui/driftpanel.h"
#include "ui/modelqualitypanel.h"
#include "ui/panelrenderer.h"
#include "widgets/distributionchart.h"
#include "widgets/panelframe.h"
#include "widgets/stattile.h"
#include "widgets/timeserieschart.h"

#include <QAction>

namespace vitals {

PanelController::PanelController(const dashboard::Panel &panel,
                                 panel::DashboardDataService *service, QWidget *widgetParent,
                                 QObject *parent)
    : QObject(parent)
    , m_panel(panel)
    , m_service(service)
    , m_renderer(makeRenderer(panel))
{
    QWidget *content = nullptr;
    if (panel.type == dashboard::PanelType::DriftTable) {
        m_drift = new DriftPanel;
        content = m_drift;
        connect(m_drift, &DriftPanel::refreshFinished, this, [this] {
            externalFinished(m_drift->lastError(), m_drift->errorText(), m_drift->hasData());
        });
    } else if (panel.type == dashboard::PanelType::ModelQuality) {
        m_quality = new ModelQualityPanel;
        content = m_quality;
        connect(m_quality, &ModelQualityPanel::refreshFinished, this, [this] {
            externalFinished(m_quality->lastError(), m_quality->errorText(), m_quality->hasData());
        });
    }
    if (content) {
        m_frame = new PanelFrame(panel.title, content, widgetParent);
        m_frame->setDescription(panel.description);
        m_frame->setObjectName(QStringLiteral("panel-") + panel.id);
        delete m_renderer->widget(); // the view is the content; the renderer sets the state
    } else {
        m_frame = makePanelFrame(panel, *m_renderer, widgetParent);
    }
    connect(m_service, &panel::DashboardDataService::panelDataChanged, this,
            &PanelController::onData);
    addExportAction();
    addEditActions();
}

PanelController::~PanelController() = default;

TimeSeriesChart *PanelController::chart() const
{
    return qobject_cast<TimeSeriesChart *>(m_frame->content());
}

StatTile *PanelController::tile() const
{
    return qobject_cast<StatTile *>(m_frame->content());
}

DistributionChart *PanelController::bars() const
{
    return qobject_cast<DistributionChart *>(m_frame->content());
}

void PanelController::addEditActions()
{
    auto *edit = new QAction(tr("Edit panel…"), m_frame);
    connect(edit, &QAction::triggered, this, [this] { Q_EMIT editRequested(m_panel.id); });
    auto *remove = new QAction(tr("Remove panel"), m_frame);
    connect(remove, &QAction::triggered, this, [this] { Q_EMIT removeRequested(m_panel.id); });
    m_frame->addAction(edit);
    m_frame->addAction(remove);
    m_frame->setContextMenuPolicy(Qt::ActionsContextMenu);
}

QStringList PanelController::lastExpressions() const
{
    return m_service->sentExpressions(m_panel.id);
}

void PanelController::refresh(const RefreshContext &context)
{
    m_context = context;
    m_data.reset();
    m_externalError.clear();
    m_busy = true;
    if (m_drift || m_quality) {
        if (m_service->hasSavedData()) {
            // A snapshot: the saved PanelData carries the view's answers (onData shows them).
            m_service->refresh(m_panel, context);
            return;
        }
        if (!m_service->client()) {
            m_service->finishExternal(m_panel, context, {}, {}, true, {});
            return;
        }
        m_service->cancel(m_panel.id);
        m_frame->setLoading();
        // These views send their own queries; the panel's first query, if any, is the label
        // selector they carry (e.g. job="$job").
        const QString selector =
            m_panel.queries.empty()
                ? QString()
                : dashboard::expandVariables(m_panel.queries.front().expr, context.variables,
                                             context.templateContext());
        const qint64 stepMs =
            prom::RangePlan(context.fromMs, context.toMs, context.widthPx, context.scrapeIntervalMs)
                .stepMs();
        if (m_drift) {
            m_drift->setClient(m_service->client());
            m_drift->setSelector(selector);
            m_drift->refresh(context.fromMs, context.toMs, stepMs);
        } else {
            m_quality->setClient(m_service->client());
            m_quality->setSelector(selector);
            m_quality->refresh(context.fromMs, context.toMs, stepMs);
        }
        return;
    }
    if (m_panel.type != dashboard::PanelType::Text && !m_panel.queries.empty()
        && m_service->client())
        m_frame->setLoading();
    m_service->refresh(m_panel, context);
}

void PanelController::externalFinished(const prom::Error &error, const QString &errorText,
                                       bool hasData)
{
    m_externalError = errorText;
    const QString selector =
        m_panel.queries.empty()
            ? QString()
            : dashboard::expandVariables(m_panel.queries.front().expr, m_context.variables,
                                         m_context.templateContext());
    QStringList sent;
    if (m_drift) {
        // The drift view's own queries read iris-server's feature histogram and its reference
        // shares (core/driftquery.h), filtered by the panel's selector.
        sent = QStringList{QStringLiteral("iris_feature_value_bucket{%1}").arg(selector),
                           QStringLiteral("iris_feature_reference_proportion{%1}").arg(selector)};
    } else {
        // Model quality reads the labels iris-server joined (POST /feedback).
        sent = QStringList{QStringLiteral("iris_feedback_total{%1}").arg(selector)};
    }
    m_service->finishExternal(m_panel, m_context, error, errorText, hasData, sent,
                              m_drift ? m_drift->answers() : m_quality->answers());
}

void PanelController::onData(const QString &panelId, std::shared_ptr<const panel::PanelData> data)
{
    if (panelId != m_panel.id || !data)
        return;
    m_data = std::move(data);
    m_busy = false;
    if (m_service->hasSavedData() && m_data->external) {
        if (m_drift)
            m_drift->showSaved(*m_data->external);
        else if (m_quality)
            m_quality->showSaved(*m_data->external);
    }
    if ((m_drift || m_quality) && !m_externalError.isEmpty())
        m_frame->setError(m_externalError);
    else
        m_renderer->render(*m_data, *m_frame);
    Q_EMIT refreshFinished();
}

void PanelController::addExportAction()
{
    if (m_panel.queries.empty())
        return;
    auto *action = new QAction(tr("Export data as CSV…"), m_frame);
    connect(action, &QAction::triggered, this,
            [this] { exportPanelCsvInteractively(*this, m_frame); });
    m_frame->addAction(action);
    m_frame->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace vitals

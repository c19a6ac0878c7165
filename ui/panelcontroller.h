#pragma once

#include "core/dashboard/dashboard.h"
#include "core/dashboard/emptypanel.h"
#include "core/panel/paneldata.h"
#include "core/panel/refreshcontext.h"
#include "core/prom/error.h"

#include <QObject>

#include <memory>
#include <vector>

namespace vitals {

namespace panel {
class DashboardDataService;
}
class PanelFrame;
class PanelRenderer;
class TimeSeriesChart;
class StatTile;
class DistributionChart;
class DriftPanel;
class ModelQualityPanel;

// One dashboard panel on the page: its frame and the renderer for its type (ui/panelrenderer.h).
// refresh() asks the dashboard's data service (core/panel/paneldataservice.h) for the panel's
// data; when the service announces the panel's new PanelData, the renderer shows it. The drift
// and model-quality panels keep their own widgets, which send their own queries; the service
// explains them when empty. GUI thread only; the frame belongs to the widget parent given, the
// controller to its QObject parent; the service is not owned and outlives the controller.
class PanelController : public QObject
{
    Q_OBJECT
public:
    PanelController(const dashboard::Panel &panel, panel::DashboardDataService *service,
                    QWidget *widgetParent, QObject *parent = nullptr);
    ~PanelController() override;

    const dashboard::Panel &panel() const { return m_panel; }
    PanelFrame *frame() const { return m_frame; }
    // The chart of a time-series panel; nullptr for other types.
    TimeSeriesChart *chart() const;
    StatTile *tile() const;
    DistributionChart *bars() const;
    DriftPanel *drift() const { return m_drift; }
    ModelQualityPanel *quality() const { return m_quality; }

    void refresh(const RefreshContext &context);
    // True while the last refresh has not ended.
    bool isBusy() const { return m_busy; }
    // The last refresh's data; null before the first ended and while a refresh runs.
    std::shared_ptr<const panel::PanelData> data() const { return m_data; }
    // The expressions the last refresh sent, expanded (for error messages and reports).
    QStringList lastExpressions() const;
    // The first error of the last refresh; ErrorType::None when it succeeded.
    prom::Error lastError() const { return m_data ? m_data->error : prom::Error(); }
    // Why the last refresh showed no data; empty text when it showed data or failed.
    dashboard::EmptyPanelExplanation emptyExplanation() const
    {
        return m_data ? m_data->empty : dashboard::EmptyPanelExplanation();
    }

Q_SIGNALS:
    // The last refresh has ended (answered, failed or empty); data() holds it.
    void refreshFinished();
    // The user chose "Edit panel…" / "Remove panel" in the panel's context menu.
    void editRequested(const QString &panelId);
    void removeRequested(const QString &panelId);

private:
    void addEditActions();
    // The frame's context menu: "Export data as CSV…" (ui/csvexport.h).
    void addExportAction();
    void onData(const QString &panelId, std::shared_ptr<const panel::PanelData> data);
    // The drift or model-quality view has finished its own refresh.
    void externalFinished(const prom::Error &error, const QString &errorText, bool hasData);

    dashboard::Panel m_panel;
    panel::DashboardDataService *m_service;
    std::unique_ptr<PanelRenderer> m_renderer;
    PanelFrame *m_frame = nullptr;
    DriftPanel *m_drift = nullptr;
    ModelQualityPanel *m_quality = nullptr;
    RefreshContext m_context;
    QString m_externalError; // the drift or model-quality view's own error text
    bool m_busy = false;
    std::shared_ptr<const panel::PanelData> m_data;
};

} // namespace vitals

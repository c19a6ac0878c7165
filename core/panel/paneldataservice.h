#pragma once

#include "core/dashboard/dashboard.h"
#include "core/panel/paneldata.h"
#include "core/panel/refreshcontext.h"
#include "core/prom/requesthandle.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>
#include <unordered_map>
#include <vector>

namespace vitals::prom {
class PromClient;
}

namespace vitals::panel {

// The data service of a dashboard: it owns every request its panels send (one owner per reply,
// STYLE.md rule 4), plans range queries with the one prom::RangePlan, expands the panels'
// variables ($__interval is the planned step), and turns the answers into one immutable
// PanelData per panel, explaining an empty panel (asking the server for its metric names
// first) before it announces it. Views only see PanelData.
//
// A refresh of a panel cancels that panel's previous one: its late answers never arrive, so a
// slow panel never piles up requests and never holds up the others.
//
// GUI thread only. The client is not owned and may be null (panels then answer at once with
// nothing to show); the service belongs to its QObject parent.
class DashboardDataService : public QObject
{
    Q_OBJECT
public:
    explicit DashboardDataService(prom::PromClient *client, QObject *parent = nullptr);
    ~DashboardDataService() override;

    // The client used by the next refresh (after a connection change).
    void setClient(prom::PromClient *client) { m_client = client; }
    prom::PromClient *client() const { return m_client; }

    // Sends `panel`'s queries for `context` (canceling what its previous refresh still has in
    // flight) and announces panelDataChanged() once every query has answered. A text panel, a
    // panel without queries or without a client is announced before refresh() returns.
    void refresh(const dashboard::Panel &panel, const RefreshContext &context);
    // For panels that send their own queries (drift, model quality): records how their refresh
    // ended and announces it like refresh() does — with the empty explanation for
    // `sentExpressions` when `hasData` is false and nothing failed. `errorText` is the view's
    // own account of a failure (it may have one without a failed request: an answer it could
    // not use); the snapshot's error then carries it. `answers`, what the view computed from,
    // travel in the PanelData (PanelData::external), so a snapshot keeps them.
    void finishExternal(const dashboard::Panel &panel, const RefreshContext &context,
                        const prom::Error &error, const QString &errorText, bool hasData,
                        const QStringList &sentExpressions,
                        std::shared_ptr<const ExternalAnswers> answers = {});
    // Cancels the panel's requests; its data stays as it was.
    void cancel(const QString &panelId);
    // Forgets every panel (a new dashboard), canceling their requests.
    void clear();

    // Serves every refresh from saved data (a snapshot) instead of a server: refresh() then
    // announces the panel's saved PanelData cut to the refresh's span (cropToRange), before
    // it returns, and sends nothing. A panel without saved data shows "Not in the snapshot".
    // Null panels are skipped; clear() keeps the saved data.
    void setSavedData(const std::vector<std::shared_ptr<const PanelData>> &saved);
    bool hasSavedData() const { return m_savedMode; }

    // The panel's last data; null before its first refresh ended.
    std::shared_ptr<const PanelData> data(const QString &panelId) const;
    // True while the panel's last refresh has not been announced yet.
    bool isBusy(const QString &panelId) const;
    // The expressions the panel's current refresh sent, expanded.
    QStringList sentExpressions(const QString &panelId) const;

Q_SIGNALS:
    // The panel's refresh has ended (answered, failed or empty): `data` is its new snapshot.
    void panelDataChanged(const QString &panelId,
                          std::shared_ptr<const vitals::panel::PanelData> data);

private:
    struct PanelState;
    PanelState &state(const QString &panelId);
    void answered(const QString &panelId, quint64 generation, std::size_t index,
                  QueryAnswer answer);
    void finish(PanelState &s, PanelData data);
    void explainEmpty(PanelState &s, PanelData data);
    void announce(PanelState &s, PanelData data);

    void refreshFromSaved(PanelState &s, const dashboard::Panel &panel,
                          const RefreshContext &context);

    prom::PromClient *m_client = nullptr;
    std::unordered_map<QString, std::unique_ptr<PanelState>> m_panels;
    bool m_savedMode = false;
    QHash<QString, std::shared_ptr<const PanelData>> m_saved;
};

} // namespace vitals::panel

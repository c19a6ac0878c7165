#include "ui/panelrenderer.h"

#include "core/panel/paneltablemodel.h"
#include "widgets/panelframe.h"

#include <QHeaderView>
#include <QTableView>

namespace vitals {

namespace {

// A table panel: a read-only view over panel::PanelTableModel (a row per value, a column per
// label, then the value).
class TableRenderer : public PanelRenderer
{
public:
    TableRenderer()
        : m_view(new QTableView)
        , m_model(new panel::PanelTableModel(m_view))
    {
        m_view->setModel(m_model);
        m_view->verticalHeader()->hide();
        m_view->horizontalHeader()->setStretchLastSection(true);
        m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    }

    QWidget *widget() const override { return m_view; }

    void render(const panel::PanelData &data, PanelFrame &frame) override
    {
        m_model->setTable(panel::panelTable(data));
        showState(data, frame);
    }

private:
    QTableView *m_view;
    panel::PanelTableModel *m_model; // child of the view
};

} // namespace

std::unique_ptr<PanelRenderer> makeTableRenderer(const dashboard::Panel &)
{
    return std::make_unique<TableRenderer>();
}

} // namespace vitals

#pragma once

#include "core/dashboard/dashboard.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace vitals {

// Edits one dashboard panel: title, type, unit, stacking, thresholds (amber and red, or higher
// is better), its queries (PromQL, legend format such as {{class}}, name, instant) and its place
// and size on the 24-column grid. accept() is refused, with the reason shown, while the panel
// would not pass the dashboard file's validation. GUI thread only.
class PanelEditor : public QDialog
{
    Q_OBJECT
public:
    // `others` are the dashboard's other panels, for the id check.
    PanelEditor(const dashboard::Panel &panel, const dashboard::Dashboard &context,
                QWidget *parent = nullptr);

    // The panel as edited.
    dashboard::Panel panel() const;
    // Why the panel cannot be saved as it is, or empty.
    QString problem() const;

    void accept() override;

private:
    void addQueryRow(const dashboard::Query &query);

    dashboard::Panel m_original;
    dashboard::Dashboard m_context;
    QLineEdit *m_title = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_unit = nullptr;
    QCheckBox *m_stacked = nullptr;
    QDoubleSpinBox *m_amber = nullptr;
    QDoubleSpinBox *m_red = nullptr;
    QCheckBox *m_useThresholds = nullptr;
    QCheckBox *m_higherIsBetter = nullptr;
    QTableWidget *m_queries = nullptr;
    QSpinBox *m_x = nullptr;
    QSpinBox *m_y = nullptr;
    QSpinBox *m_w = nullptr;
    QSpinBox *m_h = nullptr;
    QLineEdit *m_problem = nullptr;
};

} // namespace vitals

#include "ui/panelrenderer.h"

#include "widgets/panelframe.h"
#include "widgets/stattile.h"

#include <QCoreApplication>

#include <cmath>

namespace vitals {

namespace {

StatTile::Level tileLevel(std::optional<dashboard::ThresholdLevel> level)
{
    if (!level)
        return StatTile::Level::Unknown;
    switch (*level) {
    case dashboard::ThresholdLevel::Ok:
        return StatTile::Level::Ok;
    case dashboard::ThresholdLevel::Warning:
        return StatTile::Level::Warning;
    case dashboard::ThresholdLevel::Critical:
        return StatTile::Level::Critical;
    }
    return StatTile::Level::Unknown;
}

// A stat panel: one big number coloured by the thresholds; "no data" with the explanation as
// its tooltip, "error" with the frame's error.
class StatRenderer : public PanelRenderer
{
    Q_DECLARE_TR_FUNCTIONS(StatRenderer)
public:
    explicit StatRenderer(const dashboard::Panel &panel)
        : m_tile(new StatTile(panel.title))
    {
        m_tile->setUnit(units::unitFromName(panel.unit));
    }

    QWidget *widget() const override { return m_tile; }
    bool drawsOwnTitle() const override { return true; }

    void render(const panel::PanelData &data, PanelFrame &frame) override
    {
        if (data.failed()) {
            frame.setError(data.errorText(), data.errorExpr);
            m_tile->setText(tr("error"));
            return;
        }
        const double value = data.statValue();
        // Value mappings (valuemapping.h) give a text and may give the colour, for NaN too.
        const auto mapped = dashboard::mapValue(data.mappings, value);
        if (mapped && !mapped->text.isEmpty()) {
            m_tile->setToolTip(QString());
            const auto level = mapped->level ? mapped->level : data.statLevel();
            m_tile->setMappedValue(value, tileLevel(level), mapped->text);
        } else if (std::isnan(value)) {
            m_tile->setText(tr("no data"));
            m_tile->setToolTip(data.empty.query.isEmpty()
                                   ? data.empty.text
                                   : data.empty.text + QStringLiteral("\n\n") + data.empty.query);
        } else {
            m_tile->setToolTip(QString());
            const auto level = mapped && mapped->level ? mapped->level : data.statLevel();
            m_tile->setValue(value, tileLevel(level));
        }
        frame.setReady();
    }

private:
    StatTile *m_tile;
};

} // namespace

std::unique_ptr<PanelRenderer> makeStatRenderer(const dashboard::Panel &panel)
{
    return std::make_unique<StatRenderer>(panel);
}

} // namespace vitals

#pragma once

#include "core/dashboard/dashboard.h"
#include "core/panel/paneldata.h"

#include <QWidget>

#include <memory>

namespace vitals {

class PanelFrame;

// Turns a panel's PanelData into what it looks like: one renderer per panel type (a chart,
// a stat tile, bars, a table, text). The renderer makes its content widget once; render()
// shows a snapshot in it and sets the frame's state (ready, empty with its explanation, or the
// error). Renderers never send requests and never keep the snapshot beyond render(); the
// window's panels and the report's pages both draw through them.
//
// To add a panel type: write one renderer file with a make…Renderer() factory and register it
// with one line in ui/panelrenderers.cpp. GUI thread only.
class PanelRenderer
{
public:
    virtual ~PanelRenderer() = default;

    // The content widget: parentless until a PanelFrame takes it, which then owns it.
    virtual QWidget *widget() const = 0;
    // Shows `data` in the widget and the frame's state.
    virtual void render(const panel::PanelData &data, PanelFrame &frame) = 0;
    // The frame shows no title above this content (a stat tile carries its own).
    virtual bool drawsOwnTitle() const { return false; }

protected:
    // The common frame state: the error with its query, the empty explanation, or ready.
    static void showState(const panel::PanelData &data, PanelFrame &frame);
};

// The renderer registered for `panel.type` (ui/panelrenderers.cpp); never null: a type
// without a renderer of its own gets a plain one that only shows the frame's state.
std::unique_ptr<PanelRenderer> makeRenderer(const dashboard::Panel &panel);

// A PanelFrame for `panel` around a new renderer's widget, with the panel's title,
// description and object name ("panel-<id>"). The frame belongs to `parent`.
PanelFrame *makePanelFrame(const dashboard::Panel &panel, PanelRenderer &renderer, QWidget *parent);

} // namespace vitals

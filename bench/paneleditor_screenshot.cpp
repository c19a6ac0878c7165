// paneleditor-screenshot: saves the panel editor on Model health's Latency panel, with its live
// preview, as a PNG, for the README's docs/panel-editor.png. Not a benchmark and not a test; it
// lives here with the other tools that produce the README's figures.
//
//   build/bin/vitals --local-stack --scenario cycle &   # note its Prometheus URL (Stack page)
//   QT_QPA_PLATFORM=offscreen build/bin/paneleditor-screenshot http://127.0.0.1:PORT OUT.png dark
#include "core/dashboard/dashboardfile.h"
#include "core/prom/promclient.h"
#include "core/timerange.h"
#include "ui/paneleditor.h"
#include "ui/theme.h"
#include "widgets/promqleditor.h"

#include <QApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstdio>

using namespace vitals;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 3 || args.size() > 4) {
        std::fprintf(stderr, "usage: paneleditor-screenshot PROMETHEUS_URL OUT.png [light|dark]\n");
        return 2;
    }
    theme::apply(args.value(3) == QLatin1String("dark") ? theme::Theme::Dark : theme::Theme::Light);
    QFile file(QStringLiteral(VITALS_MODEL_HEALTH));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "paneleditor-screenshot: cannot read %s\n", VITALS_MODEL_HEALTH);
        return 1;
    }
    const auto loaded = dashboard::parseDashboard(file.readAll());
    const dashboard::Panel *panel =
        loaded.ok() ? loaded.dashboard->panel(QStringLiteral("latency")) : nullptr;
    if (!panel) {
        std::fprintf(stderr, "paneleditor-screenshot: no latency panel in %s\n",
                     VITALS_MODEL_HEALTH);
        return 1;
    }
    prom::ConnectionProfile profile;
    profile.baseUrl = QUrl::fromUserInput(args[1]);
    prom::PromClient client(profile);
    PanelEditor editor(*panel, *loaded.dashboard);
    editor.resize(1180, 760);
    editor.show();
    QEventLoop loop;
    bool previewed = false;
    QObject::connect(&editor, &PanelEditor::previewRefreshed, &loop, [&] {
        previewed = true;
        loop.quit();
    });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    editor.setPreview(&client, TimeRange::last(5 * 60'000), 1000);
    if (!previewed)
        loop.exec();
    if (!previewed) {
        std::fprintf(stderr, "paneleditor-screenshot: no preview from %s\n", qPrintable(args[1]));
        return 1;
    }
    editor.queryEditor(1)->setFocus();
    QEventLoop settle;
    QTimer::singleShot(700, &settle, &QEventLoop::quit);
    settle.exec();
    if (!editor.grab().save(args[2])) {
        std::fprintf(stderr, "paneleditor-screenshot: could not write %s\n", qPrintable(args[2]));
        return 1;
    }
    std::printf("saved %s\n", qPrintable(args[2]));
    return 0;
}

#pragma once

// `vitals report [--server URL | --connection NAME] [--dashboard FILE] [--from -1h] [--to now]
// [--width 1600]
//                [--height H] [--timeout 2m] --out FILE.pdf|FILE.png`
//
// Headless: renders a dashboard to a PDF report or a PNG image with no display. It creates its
// own QApplication on the offscreen platform (QT_QPA_PLATFORM=offscreen is set when no platform
// is given). The dashboard file may be a Vitals dashboard or a Grafana dashboard JSON (what the
// import skipped is printed on stderr); without --dashboard the built-in Model health
// dashboard is used. The command waits for every panel, then writes the file.
//
// Exit codes:
//   0  written, every panel answered;
//   1  written, but some panels failed (server unreachable, bad query, no answer in time): the
//      file shows each panel's error and stderr lists them — a scheduled report still leaves a
//      document saying what went wrong;
//   2  wrong command line, or a dashboard file that does not load (nothing written);
//   3  the output file could not be written.
// Alerts that cannot be read (a server without /api/v1/alerts) are a warning on stderr only.
namespace vitals {

// True when argv asks for the report command (argv[1] == "report").
bool isReportCommand(int argc, char **argv);

// Runs the command and returns the process exit code. Creates its own QApplication.
int runReportCommand(int argc, char **argv);

} // namespace vitals

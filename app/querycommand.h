#pragma once

// `vitals query [--server URL | --connection NAME] [--path-prefix P] [--range 15m] [--step 5s]
//               [--format table|csv|json] [--timeout 30s] 'EXPR'`
//
// Headless: runs one instant query (or a range query ending now with --range) through the
// Prometheus API client and prints the result on stdout. No display is needed and no
// QApplication is created. On failure the plain-language message goes to stderr and the exit
// code is 1 (2 for a wrong command line). With --connection the saved connection is used,
// credentials from the keychain included (see connectioncommand.h).
//
// CSV: a header with one column per label name (sorted, "__name__" included when present),
// then "timestamp" (Unix seconds, millisecond precision) and "value"; one row per sample.
// JSON: the result in the API's own shape ({"resultType":…, "result":…}).
namespace vitals {

// True when argv asks for the query command (argv[1] == "query").
bool isQueryCommand(int argc, char **argv);

// Runs the command and returns the process exit code. Creates its own QCoreApplication.
int runQueryCommand(int argc, char **argv);

} // namespace vitals

#pragma once

// The benchmarks' replay server: answers every /api/v1 request in the shape Prometheus 2.42
// gives for it (a matrix for query_range at the request's start/end/step, a vector for query),
// with the label sets the built-in Model health dashboard's queries produce (status, class,
// feature/le buckets, reference proportions, priors). So the figures measure the console —
// request, decode, drift statistics, decimation, layout and painting — not a server.
//
// Values: cumulative buckets grow with le; other series swing with a 6 h period plus ±5 %
// noise from a hash of the time, the same for every run. Handlers run in the server's thread.

#include "support/testsupport_fakehttp.h"

#include <QElapsedTimer>

namespace vitals::bench {

// The answer to one request; a FakeHttpServer handler.
testsupport::FakeHttpServer::Action replayAnswer(const testsupport::FakeHttpServer::Request &r);

// With VITALS_BENCH_TRACE set, every request is printed with its time on this clock (ms).
QElapsedTimer &replayTraceClock();

} // namespace vitals::bench

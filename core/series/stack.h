#pragma once

#include "core/series/series.h"

#include <QtGlobal>

#include <vector>

namespace vitals::series {

// One unbroken stretch of a stacked chart: at each time t[i], series k fills the band from
// tops[k - 1][i] (0 for the first series) up to tops[k][i]. A chart draws one area per series
// and band, and nothing between two bands.
struct StackBand {
    std::vector<qint64> t;                 // Unix ms, increasing
    std::vector<std::vector<double>> tops; // per input series, cumulative, one value per t
};

// Stacks `series` (bottom first) over [t0Ms, t1Ms] as a chart of `columns` pixel columns draws
// it, the way Grafana's "normal" stacking does:
// - the stack is evaluated at the union of the series' sample times in range where at least
//   one series has a finite value; a series without a finite sample at such a time adds 0
//   there (its band is zero-thick), so the others do not jump;
// - those times are cut into bands wherever two are more than maxJoinedIntervalMs(stepMs)
//   apart (stepMs <= 0: the smallest interval between them), so a stretch without data in any
//   series is a gap, not an area across it;
// - within a band, at most one time per column is kept (the last one of the column): filled
//   areas need no more detail, and fewer vertices keep the fill cheap.
// A null entry of `series` (a series the user hid) adds nothing: its tops equal the ones below.
// Empty when columns <= 0, t1Ms < t0Ms or nothing finite lies in range.
// O(samples in range × series); pure function, thread-safe.
std::vector<StackBand> stack(const std::vector<const Series *> &series, qint64 t0Ms, qint64 t1Ms,
                             int columns, qint64 stepMs = 0);

} // namespace vitals::series

#!/usr/bin/python3
"""Expected values for tests/core/drift_test.cpp, computed with Debian's numpy and scipy.

Run with /usr/bin/python3 (python3-numpy, python3-scipy); the C++ test does not run Python,
it holds the numbers this script prints. Fixtures are made-up counts shaped like the Iris
sepal length (10 bins from 4.3 cm to 7.9 cm) and like a prediction mix over three classes.
"""
import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

EPS = 1e-4  # PSI floor for empty bins, as core/drift/statistics.h kPsiEpsilon


def psi(expected, actual, eps=EPS):
    """PSI as Evidently computes it: proportions, exact zeros replaced by eps, no renormalising."""
    e = np.asarray(expected, float) / np.sum(expected)
    a = np.asarray(actual, float) / np.sum(actual)
    e = np.where(e == 0, eps, e)
    a = np.where(a == 0, eps, a)
    return float(np.sum((a - e) * np.log(a / e)))


def ks_binned(p, q):
    """KS statistic of samples placed at bin midpoints, by scipy.stats.ks_2samp."""
    mids = np.arange(len(p)) + 0.5
    return float(stats.ks_2samp(np.repeat(mids, p), np.repeat(mids, q)).statistic)


def binned_moments(edges, counts):
    edges = np.asarray(edges, float)
    mids = (edges[:-1] + edges[1:]) / 2
    mean = np.average(mids, weights=counts)
    sd = np.sqrt(np.average((mids - mean) ** 2, weights=counts))
    return float(mean), float(sd)


def show(name, value):
    print(f"{name} = {value!r}")


print(f"# numpy {np.__version__}, scipy {scipy.__version__}")

EDGES = np.linspace(4.3, 7.9, 11)
REFERENCE = [4, 9, 15, 22, 27, 25, 18, 12, 6, 2]  # 140 training rows
SHIFTED = [0, 2, 5, 10, 18, 24, 26, 20, 11, 4]    # 120 requests, moved right, first bin empty
DRIFTED = [0, 0, 0, 0, 1, 3, 9, 21, 40, 46]       # 120 requests, far right
print("# edges", EDGES.tolist())

show("psi(REFERENCE, SHIFTED)", psi(REFERENCE, SHIFTED))
show("psi(REFERENCE, DRIFTED)", psi(REFERENCE, DRIFTED))
show("psi(REFERENCE, REFERENCE*3)", psi(REFERENCE, np.array(REFERENCE) * 3))
show("js(REFERENCE, SHIFTED)", float(distance.jensenshannon(REFERENCE, SHIFTED, base=2)))
show("js(REFERENCE, DRIFTED)", float(distance.jensenshannon(REFERENCE, DRIFTED, base=2)))
show("js([1,0],[0,1])", float(distance.jensenshannon([1, 0], [0, 1], base=2)))
show("ks(REFERENCE, SHIFTED)", ks_binned(REFERENCE, SHIFTED))
show("ks(REFERENCE, DRIFTED)", ks_binned(REFERENCE, DRIFTED))
show("moments(REFERENCE)", binned_moments(EDGES, REFERENCE))
show("moments(SHIFTED)", binned_moments(EDGES, SHIFTED))

# PSI with the empty bins on the reference side: values where training had none.
REF_GAP = [0, 10, 20, 30, 20, 10, 0]
ACT_GAP = [5, 10, 15, 25, 20, 10, 15]
show("psi(REF_GAP, ACT_GAP)", psi(REF_GAP, ACT_GAP))
show("js(REF_GAP, ACT_GAP)", float(distance.jensenshannon(REF_GAP, ACT_GAP, base=2)))

# Prediction mix against the training prior (40/40/40 after a stratified 80/20 split).
PRIOR = [1 / 3, 1 / 3, 1 / 3]
for observed in ([48, 52, 50], [30, 45, 75], [2, 10, 108]):
    n = sum(observed)
    r = stats.chisquare(observed, np.asarray(PRIOR) * n)
    show(f"chisquare({observed}, uniform)", (float(r.statistic), float(r.pvalue)))
    show(f"js({observed}, uniform)", float(distance.jensenshannon(observed, PRIOR, base=2)))
UNEVEN = [0.5, 0.3, 0.2]
r = stats.chisquare([60, 25, 15], np.asarray(UNEVEN) * 100)
show("chisquare([60,25,15], [0.5,0.3,0.2])", (float(r.statistic), float(r.pvalue)))
r = stats.chisquare([3, 1, 2, 0, 9], np.asarray([0.2] * 5) * 15)
show("chisquare([3,1,2,0,9], uniform5)", (float(r.statistic), float(r.pvalue)))

# Prometheus cumulative buckets -> per-bin counts.
LE = [5.0, 6.0, 7.0, np.inf]
CUMULATIVE = [3, 10, 18, 20]
show("diff(cumulative)", np.diff([0] + CUMULATIVE).tolist())

# JS distances that size the PredictionSkew threshold (0.2): noise of a fair mix in a window of
# n requests (95th percentile of 20000 multinomial draws), and typical skews.
rng = np.random.default_rng(7)
for n in (30, 60, 120, 300):
    draws = rng.multinomial(n, PRIOR, size=20000)
    d = [distance.jensenshannon(x, PRIOR, base=2) for x in draws]
    show(f"js noise p95 n={n}", float(np.percentile(d, 95)))
for mix in ([0.5, 0.3, 0.2], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7], [0.05, 0.15, 0.8]):
    show(f"js({mix}, uniform)", float(distance.jensenshannon(mix, PRIOR, base=2)))

#!/usr/bin/python3
"""SciPy's values at the edges of the canary statistics (issue 9, items 11 and 12).

Run with Debian 12's python3 (python3-scipy 1.10.1, python3-numpy 1.24); generate.py calls it:
    /usr/bin/python3 tests/data/canary/generate_edges.py
Writes (deterministic, committed with this script):

  ks-large.json   scipy.stats.ks_2samp(canary, baseline, method='auto') on samples of up to
                  1,000,000 values per side. The samples are too large to store, so each is
                  described by an integer recipe that the C++ test rebuilds exactly:
                      value_i = (a*i + c) mod m                        for i in 0..n-1
                      value_i = value_i * value_i // m   when every > 0 and i % every == 0
                      value_i += offset
                  (integers below 2^53, so exact doubles on both sides). Offsets are chosen so
                  that n*D^2 (n = round(n1 n2/(n1+n2))) lands in each branch SciPy's kstwo.sf
                  takes: Durbin's matrix, Pomeranz, Pelz-Good, 2 x smirnov, 0. Also the exact
                  path up to 10,000 per side and the boundary 10,000 / 10,001.
                  Plus a grid of scipy.stats.kstwo.sf(d, n) and scipy.special.smirnov(n, d).
  psi-ties.json   PSI with the tie-respecting bins of docs/canary.md on scores with heavy ties on
                  the baseline's deciles, and what the two old conventions ([a,b) and (a,b]
                  with edges at numpy.quantile) gave on the same data.
"""
import json
import os

import numpy as np
import scipy
from scipy import special, stats

HERE = os.path.dirname(os.path.abspath(__file__))


def write_json(path, obj):
    with open(os.path.join(HERE, path), "w", encoding="utf-8") as f:
        f.write(json.dumps(obj, indent=1, sort_keys=True) + "\n")


def recipe_values(r):
    i = np.arange(r["n"], dtype=np.int64)
    v = (r["a"] * i + r["c"]) % r["m"]
    if r["every"] > 0:
        sel = i % r["every"] == 0
        v[sel] = v[sel] * v[sel] // r["m"]
    return (v + r["offset"]).astype(np.float64)


M = 1 << 20


def recipe(n, a, c, offset=0, every=0):
    return {"n": n, "a": a, "c": c, "m": M, "every": every, "offset": offset}


def ks_case(name, base, canary):
    x, y = recipe_values(canary), recipe_values(base)
    r = stats.ks_2samp(x, y, alternative="two-sided", method="auto")
    n1, n2 = len(x), len(y)
    m, n = sorted([float(n1), float(n2)], reverse=True)
    en = float(np.round(m * n / (m + n)))
    return {"name": name, "canary": canary, "baseline": base, "statistic": float(r.statistic),
            "pvalue": float(r.pvalue), "exact": bool(max(n1, n2) <= 10000),
            "en": en, "n_d_squared": en * float(r.statistic) ** 2}


def ks_cases():
    cases = []
    # The case: 12,000 vs 150 scores (SciPy's p just below 0.01 while Kolmogorov's
    # limit said 0.0108). Offsets pick D; the canary's multiplier differs so ties are rare.
    for n1, n2, targets in [
        (12000, 150, [0.3, 1.0, 1.9, 3.0, 8.0, 60.0]),
        (20000, 100, [0.5, 0.9, 2.0, 5.0, 30.0]),       # en = 100 <= 140: Durbin, Pomeranz, smirnov
        (10001, 9000, [1.0, 4.0]),                      # just above MAX_AUTO_N: asymptotic
        (10000, 9000, [1.0, 4.0]),                      # at MAX_AUTO_N: exact
        (10000, 10000, [1.0, 4.0]),                     # exact, equal sizes
        (100000, 100000, [0.4, 1.5, 3.0, 20.0]),
        (250000, 40000, [0.5, 2.5, 100.0]),
        (1000000, 1000000, [0.3, 1.0, 2.0, 2.4, 10.0, 200.0, 400.0]),
        (1000000, 3000, [1.0, 5.0]),
    ]:
        en = round(n1 * n2 / (n1 + n2))
        for t in targets:
            offset = int(round(np.sqrt(t / en) * M))
            base = recipe(n2, 40503, 17)
            canary = recipe(n1, 2654435761 % M | 1, 91, offset)
            cases.append(ks_case(f"{n1}_vs_{n2}_nd2_{t}", base, canary))
    # A distortion rather than a shift: every 7th canary value squared (scaled).
    cases.append(ks_case("1000000_vs_1000000_squared_every_97",
                         recipe(1000000, 40503, 17), recipe(1000000, 2654435761 % M | 1, 91, 0, 97)))
    return cases


def kstwo_grid():
    out = []
    for n in [5, 50, 140, 141, 148, 1000, 5000, 100000, 100001, 500000]:
        for nd2 in [0.2, 0.5, 0.75, 1.0, 1.5, 2.1, 2.3, 3.9, 4.1, 10.0, 50.0, 150.0, 300.0, 360.0]:
            d = float(np.sqrt(nd2 / n))
            if d < 1:
                out.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
        for d in [0.6 / n, 1.0 / n, 0.5, 0.7, 1 - 1.5 / n]:
            if 0 < d < 1:
                out.append({"n": n, "d": float(d), "sf": float(stats.kstwo.sf(d, n))})
    return out


def smirnov_grid():
    out = []
    for n in [2, 10, 141, 1000, 12345, 500000]:
        for d in [0.5 / n, 1.5 / n, 0.01, 0.05, 0.2, 0.5, 0.9]:
            if 0 < d < 1:
                out.append({"n": n, "d": float(d), "sf": float(special.smirnov(n, d))})
    return out


# ---------------------------------------------------------------------------------------------
def psi_old(baseline, canary, side, bins=10, floor=1e-4):
    edges = np.quantile(baseline, [k / bins for k in range(1, bins)])
    b = np.bincount(np.searchsorted(edges, baseline, side=side), minlength=bins) / len(baseline)
    c = np.bincount(np.searchsorted(edges, canary, side=side), minlength=bins) / len(canary)
    b, c = np.maximum(b, floor), np.maximum(c, floor)
    return float(np.sum((c - b) * np.log(c / b)))


def tie_respecting_edges(baseline, bins):
    """docs/canary.md: edges halfway between the distinct baseline scores nearest each quantile."""
    s = np.sort(np.asarray(baseline, dtype=float))
    n = len(s)
    changes = np.flatnonzero(s[1:] > s[:-1]) + 1
    if len(changes) == 0:
        return np.array([s[0], np.nextafter(s[0], np.inf)])
    cuts = []
    for k in range(1, bins):
        best = int(changes[np.argmin(np.abs(changes * bins - k * n))])  # first = lower on a tie
        if not cuts or cuts[-1] != best:
            cuts.append(best)
    return np.array([s[i - 1] + (s[i] - s[i - 1]) / 2 for i in cuts])


def psi(baseline, canary, bins=10, floor=1e-4):
    edges = tie_respecting_edges(baseline, bins)
    shares = {}
    for side in ("left", "right"):  # no baseline score is an edge: both conventions agree
        b = np.bincount(np.searchsorted(edges, baseline, side=side), minlength=len(edges) + 1)
        shares[side] = b
    # ... except for a single-valued baseline, whose middle bin [v, next double) holds v itself.
    assert (shares["left"] == shares["right"]).all() or len(np.unique(baseline)) == 1
    b = shares["right"] / len(baseline)
    c = np.bincount(np.searchsorted(edges, canary, side="right"), minlength=len(edges) + 1) / len(canary)
    b, c = np.maximum(b, floor), np.maximum(c, floor)
    return float(np.sum((c - b) * np.log(c / b)))


def psi_cases():
    rs = np.random.RandomState(912)
    cases = []
    # Scores rounded to 0.1: several deciles of the baseline fall on the same tied values.
    base = np.round(rs.beta(2, 3, 2000), 1)
    canary = np.round(rs.beta(2, 3, 800), 1)
    cases.append(("rounded_0.1_same_distribution", base, canary))
    # A model that answers 0.5 for 40 % of the traffic: the baseline's deciles 4-7 all sit on that
    # tie. The canary answers 0.500001 (or 0.499999) instead, a negligible move. Each old
    # convention grouped the canary's tie with a different bin than the baseline's in one of the
    # two directions ([a,b) when it moves down, (a,b] when it moves up) and reported a large PSI.
    base = np.concatenate([np.full(800, 0.5), np.round(rs.uniform(0, 1, 1200), 4)])
    for name, moved in (("tie_moved_up", 0.500001), ("tie_moved_down", 0.499999)):
        canary = np.concatenate([np.full(320, moved), np.round(rs.uniform(0, 1, 480), 4)])
        cases.append((name, base, canary))
    vals = np.array([0.1, 0.2, 0.3, 0.5, 0.7, 0.9])
    base = vals[rs.choice(6, 3000, p=[0.1, 0.2, 0.3, 0.2, 0.1, 0.1])]
    canary = vals[rs.choice(6, 1000, p=[0.05, 0.15, 0.25, 0.25, 0.15, 0.15])]
    cases.append(("six_values_shifted", base, canary))
    cases.append(("single_value_baseline", np.full(500, 0.4), np.round(rs.beta(2, 3, 500), 1)))
    cases.append(("no_ties", rs.beta(2, 5, 1000), rs.beta(2.3, 5, 700)))
    out = []
    for name, b, c in cases:
        out.append({"name": name, "baseline": [float(v) for v in b], "canary": [float(v) for v in c],
                    "psi": psi(b, c), "edges": [float(e) for e in tie_respecting_edges(b, 10)],
                    "old_psi_left_closed": psi_old(b, c, "right"),   # [a,b): v == edge goes up
                    "old_psi_right_closed": psi_old(b, c, "left")})  # (a,b]: v == edge stays down
    return out


def alpha_flip():
    """Issue 9 item 11: 12,000 vs 150 scores, D = 1594/12000. ks_2samp's asymptotic path gives
    kstwo.sf(D, 148) < 0.01 (ROLLBACK at alpha 0.01); Kolmogorov's limit gave > 0.01."""
    n1, n2, d = 12000, 150, 1594 / 12000
    en = float(np.round(n1 * n2 / (n1 + n2)))
    return {"n1": n1, "n2": n2, "d": d, "scipy_p": float(stats.kstwo.sf(d, en)),
            "kolmogorov_limit_p": float(stats.kstwobign.sf(d * np.sqrt(en)))}


def main():
    write_json("psi-ties.json", {
        "generator": "tests/data/canary/generate_edges.py", "numpy": np.__version__,
        "note": "psi: tie-respecting bins (docs/canary.md), 10 requested, shares floored at 1e-4",
        "cases": psi_cases()})
    write_json("ks-large.json", {
        "generator": "tests/data/canary/generate_edges.py", "scipy": scipy.__version__,
        "numpy": np.__version__,
        "note": "ks_2samp(canary, baseline, alternative='two-sided', method='auto'); samples from recipes",
        "cases": ks_cases(), "kstwo_sf": kstwo_grid(), "alpha_flip": alpha_flip(), "smirnov": smirnov_grid()})


if __name__ == "__main__":
    main()

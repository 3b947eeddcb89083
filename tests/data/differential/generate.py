#!/usr/bin/python3
"""Writes the seeded randomised differential cases for tests/core/test_differential.cpp and the
reference value of every number the gate report holds for them.

Run with Debian 12's python3 (scikit-learn 1.2.1, SciPy 1.10.1, statsmodels 0.13.5):
    /usr/bin/python3 tests/data/differential/generate.py
It rewrites tests/data/differential/cases.json; the same seed gives the same file.

Cases: 1-12 rows (a few of 16), single-class sets, heavy score ties, thresholds equal to
scores, fractional / zero / negative / 1e9 cell values, the candidate's rows shuffled.
References:
  confusion, precision, recall, f1, accuracy (zero_division=0), mcc, roc_auc, average
  precision, brier: scikit-learn; None where scikit-learn cannot compute it (one class).
  net benefit, best net benefit (highest threshold on an exact tie), ΔNB and per-cell ΔNB:
  exact rational arithmetic (fractions.Fraction), written as decimal strings.
  McNemar: statsmodels.stats.contingency_tables.mcnemar(exact=True).
  sign-flip: scipy.stats.permutation_test(ΔNB in integer micro-units, sum,
  permutation_type='samples', alternative='greater', n_resamples=inf) - exact enumeration
  (for a 1-row set, which SciPy refuses, the two-point null distribution {d, -d} by hand).
"""
import json
import os
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
from scipy import stats
from sklearn import metrics
from statsmodels.stats.contingency_tables import mcnemar

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(20261202)

CELL_VALUES = ["0", "1.5", "-0.3", "-0.9", "500", "-100", "-300", "0.01", "-0.000001",
               "1e9", "-1e9", "32.10", "0.25", "7"]
SCORES = [0.0, 0.1, 0.25, 0.3, 0.5, 0.5, 0.7, 0.75, 0.9, 1.0]


def dec(f):
    """Exact decimal text of a Fraction with at most 6 decimal places."""
    d = Decimal(f.numerator) / Decimal(f.denominator)
    return format(d.quantize(Decimal("0.000001")).normalize(), "f")


def cells(y, s, t):
    tp = sum(1 for a, b in zip(y, s) if a and b >= t)
    fp = sum(1 for a, b in zip(y, s) if not a and b >= t)
    return tp, fp, sum(y) - tp, len(y) - sum(y) - fp


def cell_of(label, positive):
    return (0 if positive else 2) if label else (1 if positive else 3)


def model_reference(y, s, t, v):
    tp, fp, fn, tn = cells(y, s, t)
    pred = [1 if b >= t else 0 for b in s]
    out = {"confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn}}
    out["net_benefit"] = dec(v[0] * tp + v[1] * fp + v[2] * fn + v[3] * tn)
    out["precision"] = metrics.precision_score(y, pred, zero_division=0, labels=[0, 1])
    out["recall"] = metrics.recall_score(y, pred, zero_division=0, labels=[0, 1])
    out["f1"] = metrics.f1_score(y, pred, zero_division=0, labels=[0, 1])
    out["accuracy"] = metrics.accuracy_score(y, pred)
    out["mcc"] = metrics.matthews_corrcoef(y, pred)
    out["brier"] = metrics.brier_score_loss(y, s, pos_label=1)
    out["roc_auc"] = metrics.roc_auc_score(y, s) if 0 < sum(y) < len(y) else None
    out["average_precision"] = metrics.average_precision_score(y, s) if sum(y) > 0 else None
    best = None
    for th in sorted(set(s), reverse=True):  # descending: strict > keeps the highest on a tie
        c = cells(y, s, th)
        nb = v[0] * c[0] + v[1] * c[1] + v[2] * c[2] + v[3] * c[3]
        if best is None or nb > best[1]:
            best = (th, nb)
    out["best_net_benefit"] = {"threshold": best[0], "net_benefit": dec(best[1])}
    out["distinct_thresholds"] = len(set(s))
    return out


def case(i):
    n = int(rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16], p=[.08, .08, .08, .08, .1, .1, .1, .1, .08, .08, .08, .04]))
    kind = rng.randint(6)
    if kind == 0:
        y = [0] * n
    elif kind == 1:
        y = [1] * n
    else:
        y = [int(b) for b in rng.randint(0, 2, size=n)]
    s1 = [float(rng.choice(SCORES)) for _ in range(n)]
    s2 = [float(rng.choice(SCORES)) if rng.rand() < 0.8 else float(rng.rand()) for _ in range(n)]
    if rng.rand() < 0.3:  # the candidate disagrees on a few rows only
        s2 = [a if rng.rand() < 0.6 else b for a, b in zip(s1, s2)]
    # Thresholds equal to a score half of the time.
    t1 = float(rng.choice(s1)) if rng.rand() < 0.5 else float(rng.choice([0.5, 0.3, 0.75, 0.0, 1.0]))
    t2 = float(rng.choice(s2)) if rng.rand() < 0.5 else float(rng.choice([0.5, 0.3, 0.75, 0.0, 1.0]))
    texts = [str(rng.choice(CELL_VALUES)) for _ in range(4)]
    if rng.rand() < 0.2:  # FP and TN worth the same: exact ties in the optimum search
        texts[3] = texts[1]
    v = [Fraction(Decimal(x)) for x in texts]
    ids = list(range(1, n + 1))
    if rng.rand() < 0.3:
        ids = sorted(set(int(x) for x in rng.randint(-10**9, 10**9, size=n)))
        ids = ids + [10**9 + k for k in range(n - len(ids))]  # large and negative ids

    champion = [[ids[k], y[k], s1[k]] for k in range(n)]
    candidate = [[ids[k], y[k], s2[k]] for k in range(n)]
    order = rng.permutation(n)
    candidate = [candidate[k] for k in order]  # shuffled rows

    ref = {"champion": model_reference(y, s1, t1, v), "candidate": model_reference(y, s2, t2, v)}
    trans = [[0] * 4 for _ in range(4)]
    for k in range(n):
        trans[cell_of(y[k], s1[k] >= t1)][cell_of(y[k], s2[k] >= t2)] += 1
    count1 = [sum(trans[a][b] for b in range(4)) for a in range(4)]
    count2 = [sum(trans[a][b] for a in range(4)) for b in range(4)]
    by_cell = {name: {"count_delta": count2[k] - count1[k], "net_benefit_delta": dec(v[k] * (count2[k] - count1[k]))}
               for k, name in enumerate(["tp", "fp", "fn", "tn"])}
    right = lambda c: c in (0, 3)
    table = [[0, 0], [0, 0]]
    for a in range(4):
        for b in range(4):
            table[0 if right(a) else 1][0 if right(b) else 1] += trans[a][b]
    b_, c_ = table[0][1], table[1][0]
    p_mcnemar = float(mcnemar(table, exact=True).pvalue) if b_ + c_ > 0 else 1.0
    micro = [int((v[cell_of(y[k], s2[k] >= t2)] - v[cell_of(y[k], s1[k] >= t1)]) * 10**6) for k in range(n)]
    d = np.array(micro, dtype=np.int64)
    if n >= 2:
        p_flip = float(stats.permutation_test((d,), lambda x, axis: np.sum(x, axis=axis),
                                              permutation_type="samples", vectorized=True,
                                              n_resamples=np.inf, alternative="greater").pvalue)
    else:  # SciPy needs two observations; the null distribution of one row is {d, -d}
        p_flip = 0.5 if d[0] > 0 else 1.0
    ref["comparison"] = {
        "net_benefit_delta": dec(sum(Fraction(m, 10**6) for m in micro)),
        "by_cell": by_cell,
        "transitions": trans,
        "mcnemar": {"b": b_, "c": c_, "p_value": p_mcnemar},
        "sign_flip": {"p_value": p_flip, "rows_that_differ": int(np.count_nonzero(d))},
    }
    policy = ("value: {tp: %s, fp: %s, fn: %s, tn: %s}\nregistration: []\n"
              "challenge: {min_test_rows: 1}\nbootstrap: {resamples: 100, seed: %d}\n"
              % (texts[0], texts[1], texts[2], texts[3], i))
    return {"name": "case-%03d" % i, "policy": policy, "thresholds": [t1, t2],
            "champion": champion, "candidate": candidate, "expected": ref}


def large_sign_flip(i):
    """The sign-flip p-value at N beyond enumeration: the null distribution is the weighted sum
    of two binomials (TP<->FN rows, FP<->TN rows), summed here over the full range with SciPy."""
    texts = [str(rng.choice(["500", "-100", "-300", "0", "1.5", "-0.3", "-0.9", "7"])) for _ in range(4)]
    v = [Fraction(Decimal(x)) for x in texts]
    n1, n2 = int(rng.randint(0, 4000)), int(rng.randint(1, 60000))
    up1 = int(rng.binomial(n1, rng.uniform(0.45, 0.56)))
    up2 = int(rng.binomial(n2, rng.uniform(0.49, 0.51)))
    trans = [[0] * 4 for _ in range(4)]
    trans[2][0], trans[0][2] = up1, n1 - up1  # FN -> TP and back
    trans[3][1], trans[1][3] = up2, n2 - up2  # TN -> FP and back
    m1 = abs(int((v[0] - v[2]) * 10**6))
    m2 = abs(int((v[1] - v[3]) * 10**6))
    obs = int((v[0] - v[2]) * 10**6) * (2 * up1 - n1) + int((v[1] - v[3]) * 10**6) * (2 * up2 - n2)
    groups = [(m, n) for m, n in ((m1, n1), (m2, n2)) if m > 0 and n > 0]
    if not groups:
        p = 1.0
    elif len(groups) == 1:
        m, n = groups[0]
        # 2 m X - m n >= obs  <=>  X >= ceil((obs + m n) / (2 m))
        p = float(stats.binom.sf(-((-(obs + m * n)) // (2 * m)) - 1, n, 0.5))
    else:
        (ma, na), (mb, nb) = groups
        x = np.arange(na + 1)
        need = obs + ma * na + mb * nb - 2 * ma * x  # 2 mb Y >= need
        kmin = -((-need) // (2 * mb))
        p = float(np.sum(stats.binom.pmf(x, na, 0.5) * stats.binom.sf(kmin - 1, nb, 0.5)))
    return {"values": texts, "transitions": trans, "p_value": min(1.0, p)}


def main():
    cases = [case(i) for i in range(320)]
    large = [large_sign_flip(i) for i in range(40)]
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump({"generator": "tests/data/differential/generate.py", "seed": 20261202,
                   "cases": cases, "sign_flip_large": large}, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

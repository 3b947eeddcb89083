#!/usr/bin/python3
"""Generates the segment fixture and its reference values (pandas groupby, scipy, statsmodels).

Run from anywhere: writes champion.csv, candidate.csv (rows shuffled, a different set of extra
columns), policy.yaml and reference.json next to this script. test_segments compares the C++
per-segment comparison, bin edges and Benjamini-Hochberg flags with reference.json.

Rules mirrored from docs/segments.md:
  - a row's value is the policy's value of its cell at the model's threshold (score >= t);
  - ΔNB = candidate NB - champion NB per segment; p from scipy.stats.ttest_rel(candidate,
    champion); fewer than 2 rows or all differences equal: p = 1 if ΔNB == 0 else 0;
  - interval ΔNB ± t.ppf(1 - (1 - 0.95)/2, n - 1) * sqrt(n) * sd(d, ddof=1);
  - numeric columns with more than 2 x 5 distinct values: edges np.quantile(present, k/5),
    unique, bin = searchsorted(interior edges, v, side='right'); labels "[lo, hi)" / "[lo, hi]";
  - BH: statsmodels multipletests(p, alpha=0.05, method='fdr_bh') over all segments.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(20261202)
N = 3000
VALUES = {"tp": 480.25, "fp": -95.5, "fn": -310.0, "tn": 0.0}  # dyadic: float sums are exact
T_CHAMPION, T_CANDIDATE = 0.5, 0.5

ids = rng.permutation(np.arange(1, N + 1) * 7)
label = (rng.rand(N) < 0.3).astype(int)
plan = rng.choice(["annual", "monthly", "trial"], N, p=[0.3, 0.6, 0.1])
region = rng.choice(["EU", "US", "APAC", "LATAM"], N)
tenure = np.round(rng.gamma(2.0, 12.0, N), 1)
seats = rng.choice([1, 2, 3, 4], N)
channel = rng.choice(["web", "store", ""], N, p=[0.5, 0.3, 0.2])
base = np.clip(0.25 + 0.4 * label + rng.normal(0, 0.18, N), 0, 1)
champion_score = np.round(np.clip(base + rng.normal(0, 0.05, N), 0, 1), 4)
# The candidate is worse on annual-plan EU rows: scores pushed the wrong way there.
bad = (plan == "annual") & (region == "EU")
cand = base + rng.normal(0, 0.05, N)
cand[bad] = np.where(label[bad] == 1, cand[bad] - 0.35, cand[bad] + 0.35)
candidate_score = np.round(np.clip(cand, 0, 1), 4)

champion = pd.DataFrame({"row_id": ids, "y_true": label, "y_score": champion_score,
                         "plan": plan, "region": region, "tenure_months": tenure,
                         "seats": seats, "channel": channel, "internal_note": "x"})
candidate = pd.DataFrame({"row_id": ids, "y_true": label, "y_score": candidate_score,
                          "region": region, "seats": seats, "device": rng.choice(["ios", "android"], N)})
champion.to_csv(os.path.join(HERE, "champion.csv"), index=False)
candidate.sample(frac=1, random_state=7).to_csv(os.path.join(HERE, "candidate.csv"), index=False)
with open(os.path.join(HERE, "policy.yaml"), "w") as f:
    f.write("version: 1\nvalue: {tp: 480.25, fp: -95.5, fn: -310, tn: 0}\n"
            "registration: []\nsegments: {exclude: [internal_note]}\n")


def cell_value(y, predicted):
    return np.where(y == 1, np.where(predicted, VALUES["tp"], VALUES["fn"]),
                    np.where(predicted, VALUES["fp"], VALUES["tn"]))


df = champion.copy()
df["device"] = candidate.set_index("row_id").loc[df["row_id"], "device"].to_numpy()
df["v_champion"] = cell_value(label, champion_score >= T_CHAMPION)
df["v_candidate"] = cell_value(label, candidate_score >= T_CANDIDATE)
df["d"] = df["v_candidate"] - df["v_champion"]

edges = np.quantile(tenure, np.arange(6) / 5)
edges = np.unique(edges)
interior = edges[1:-1]
bins = np.searchsorted(interior, tenure, side="right")
labels = ["[%s, %s%s" % (format(edges[b], ".6g"), format(edges[b + 1], ".6g"),
                         "]" if b + 1 == len(edges) - 1 else ")") for b in range(len(edges) - 1)]
df["tenure_months"] = [labels[b] for b in bins]
df["seats"] = df["seats"].astype(str)
df["channel"] = df["channel"].replace("", "(missing)").fillna("(missing)")

rows = []
for column in ["plan", "region", "tenure_months", "seats", "channel", "device"]:
    for value, g in df.groupby(column, sort=True):
        n = len(g)
        delta = g["v_candidate"].sum() - g["v_champion"].sum()
        sd = g["d"].std(ddof=1) if n > 1 else 0.0
        if n < 2 or not sd > 0:
            p = 1.0 if delta == 0 else 0.0
            low = high = delta
        else:
            p = float(stats.ttest_rel(g["v_candidate"], g["v_champion"]).pvalue)
            half = stats.t.ppf(1 - (1 - 0.95) / 2, n - 1) * np.sqrt(n) * sd
            low, high = delta - half, delta + half
        moved = {}
        y = g["y_true"].to_numpy()
        p1 = g["y_score"].to_numpy() >= T_CHAMPION
        p2 = candidate.set_index("row_id").loc[g["row_id"], "y_score"].to_numpy() >= T_CANDIDATE
        right1, right2 = p1 == (y == 1), p2 == (y == 1)
        for c, (yy, pp) in {"tp": (1, True), "fp": (0, True), "fn": (1, False), "tn": (0, False)}.items():
            moved[c] = int(((y == yy) & (p2 == pp)).sum() - ((y == yy) & (p1 == pp)).sum())
        rows.append({"column": column, "value": str(value), "rows": n,
                     "positives": int(g["y_true"].sum()),
                     "champion_net_benefit": float(g["v_champion"].sum()),
                     "candidate_net_benefit": float(g["v_candidate"].sum()),
                     "delta": float(delta), "delta_low": float(low), "delta_high": float(high),
                     "p_value": p, "cell_delta": moved,
                     "champion_only_right": int((right1 & ~right2).sum()),
                     "candidate_only_right": int((~right1 & right2).sum()),
                     "both_wrong": int((~right1 & ~right2).sum())})

reject, adjusted, _, _ = multipletests([r["p_value"] for r in rows], alpha=0.05, method="fdr_bh")
for r, f, a in zip(rows, reject, adjusted):
    r["flagged"] = bool(f)
    r["adjusted_p"] = float(a)

# BH on p-values with ties, zeros and ones, independent of the fixture.
p_bh = np.concatenate([rng.uniform(0, 0.02, 15), rng.uniform(0, 1, 40), [0.0, 1.0, 0.01, 0.01, 0.01]])
bh_reject, bh_adjusted, _, _ = multipletests(p_bh, alpha=0.05, method="fdr_bh")

with open(os.path.join(HERE, "reference.json"), "w") as f:
    json.dump({"tenure_edges": [float(e) for e in edges], "tenure_labels": labels,
               "segments": rows,
               "bh": {"p": [float(x) for x in p_bh], "reject": [bool(x) for x in bh_reject],
                      "adjusted": [float(x) for x in bh_adjusted]}},
              f, indent=1)
print("wrote", len(rows), "segments")

#!/usr/bin/python3
"""Generate the bundled demo: a churn model's champion (v7) and candidate (v8) on one fixed test set.

Usage: /usr/bin/python3 generate_demo.py [OUT_DIR]   (default: this script's folder)

The story the demo tells (a typical gate-failure postmortem): the candidate ranks customers better
(higher ROC AUC, DeLong significant) but was trained on a re-sampled extract whose churn rate fell
from 20 % to 12 %, so its scores run low: the champion is calibrated (its scores are the true
posterior of what it sees), the candidate's log-odds are shifted by log(0.12/0.88) - log(0.2/0.8)
(calibration in the large about +0.6 on the Ranking & calibration page). At the shared operating
threshold 0.2 it misses churners the champion catches and the gate says NOT_PROMOTED; at its own
best threshold, or recalibrated, it would win. Diagnosis: the training data changed (dvc.lock,
class balance) and the candidate needs recalibrating or its threshold re-tuning.

Segment columns ("Where it lost", docs/segments.md): plan, region (in both files), tenure_months
and channel (champion only). Planted story: the rows the candidate loses money on are mostly
annual-plan customers in the EU, so SliceLine finds "plan = annual AND region = EU" and the
per-segment table flags both. The segments come from their own generator (seed 2027), drawn after
the scores, so the scores, the gate's numbers and the test-set fingerprint do not change.

Deterministic: numpy PCG64 seeded with 2026. Scores have 6 decimals, like the benchmark files.
"""
import gzip, os, sys
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
n = 20000
rng = np.random.default_rng(2026)
y = (rng.random(n) < 0.2).astype(int)
latent = 1.9 * y + rng.standard_normal(n)
sig = lambda x: 1 / (1 + np.exp(-x))
# Each model sees s = latent + noise (variance 1 + v); the posterior log-odds of y given s are
# logit(0.2) + (1.9 s - 1.9^2 / 2) / (1 + v). The champion's are exactly that; the candidate's
# carry its training extract's prior (12 % churn) instead of the test set's 20 %.
posterior = lambda s, v, prior: np.log(prior / (1 - prior)) + (1.9 * s - 1.805) / (1 + v)
champion = sig(posterior(latent + 0.60 * rng.standard_normal(n), 0.36, 0.20))
candidate = sig(posterior(latent + 0.45 * rng.standard_normal(n), 0.2025, 0.12))
ids = rng.permutation(np.arange(100001, 100001 + n))  # customer ids, not in file order
order = np.argsort(ids)
seg = np.random.default_rng(2027)
# A row's dollars at the runs' declared threshold 0.2 (run.yaml) and the policy's values.
value = lambda s: np.where(y == 1, np.where(s >= 0.2, 500, -300), np.where(s >= 0.2, -100, 0))
loss = value(champion) - value(candidate)  # > 0: the candidate earned less on the row
plan = seg.choice(["monthly", "annual", "two-year"], n, p=[0.55, 0.30, 0.15])
region = seg.choice(["AMER", "EU", "APAC"], n, p=[0.45, 0.35, 0.20])
planted = (loss > 0) & (seg.random(n) < 0.22)
plan[planted], region[planted] = "annual", "EU"
tenure = np.round(seg.gamma(2.0, 14.0, n), 0).astype(int)
channel = seg.choice(["web", "app", "store", ""], n, p=[0.5, 0.3, 0.15, 0.05])
columns = {"champion": ["plan", "region", "tenure_months", "channel"], "candidate": ["plan", "region"]}
segments = {"plan": plan, "region": region, "tenure_months": tenure, "channel": channel}
for role, s in (("champion", champion), ("candidate", candidate)):
    os.makedirs(os.path.join(out, role), exist_ok=True)
    # The candidate's pipeline wrote its rows in another order: pairing is by id, not position.
    idx = order if role == "champion" else np.arange(n)
    names = columns[role]
    lines = ["customer_id,churned,churn_probability," + ",".join(names) + "\n"]
    lines += [f"{ids[i]},{y[i]},{s[i]:.6f}," + ",".join(str(segments[c][i]) for c in names) + "\n"
              for i in idx]
    with gzip.GzipFile(os.path.join(out, role, "predictions.csv.gz"), "wb", mtime=0) as f:
        f.write("".join(lines).encode())

#!/usr/bin/python3
"""Generate the bundled demo: a churn model's champion (v7) and candidate (v8) on one fixed test set.

Usage: /usr/bin/python3 generate_demo.py [OUT_DIR]   (default: this script's folder)

The story the demo tells (a typical gate-failure postmortem): the candidate ranks customers better
(higher ROC AUC) but was trained on a down-sampled extract whose churn rate fell from 20 % to 12 %,
so its scores run low. At the shared operating threshold 0.5 it misses churners the champion
catches and the gate says NOT_PROMOTED; at its own best threshold it would win. Diagnosis:
the training data changed (dvc.lock, class balance) and the threshold needs re-tuning.

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
champion = sig(-2.2 + 1.6 * (latent + 0.60 * rng.standard_normal(n)))
candidate = sig(-3.0 + 1.8 * (latent + 0.45 * rng.standard_normal(n)))
ids = rng.permutation(np.arange(100001, 100001 + n))  # customer ids, not in file order
order = np.argsort(ids)
for role, s in (("champion", champion), ("candidate", candidate)):
    os.makedirs(os.path.join(out, role), exist_ok=True)
    # The candidate's pipeline wrote its rows in another order: pairing is by id, not position.
    idx = order if role == "champion" else np.arange(n)
    lines = ["customer_id,churned,churn_probability\n"]
    lines += [f"{ids[i]},{y[i]},{s[i]:.6f}\n" for i in idx]
    with gzip.GzipFile(os.path.join(out, role, "predictions.csv.gz"), "wb", mtime=0) as f:
        f.write("".join(lines).encode())

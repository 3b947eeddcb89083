#!/usr/bin/python3
"""Reference values for tests/analysis (run with Debian's python3: scikit-learn 1.2.1,
statsmodels 0.13.5; DeLong through make_delong_reference.R with R's pROC 1.18).

Cases: small ones are checked in as predictions.csv (row_id,y_true,champion,candidate);
large ones are described by generator.json and rebuilt by the C++ test with the same 64-bit
LCG and the same IEEE-exact arithmetic (only +, *, floor on dyadic values), so both sides see
bit-identical scores. Usage: python3 make_reference.py   (rewrites every reference.json)
"""
import json, os, subprocess, sys, tempfile, warnings
import numpy as np
import statsmodels.api as sm
from sklearn.metrics import (average_precision_score, precision_recall_curve, roc_auc_score,
                             roc_curve)
from sklearn.calibration import calibration_curve
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
CLIP = 1e-15
BINS = 10
MASK = (1 << 64) - 1


def lcg_rows(seed, rows, tie_step):
    """Mirrors generateRows() in tests/analysis/test_analysis.cpp."""
    x = seed & MASK

    def uniform():
        nonlocal x
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
        return (x >> 11) * (1.0 / 9007199254740992.0)

    y = np.empty(rows, dtype=np.uint8)
    a = np.empty(rows)
    b = np.empty(rows)
    for i in range(rows):
        label = 1 if uniform() < 0.3 else 0
        u1, u2, u3 = uniform(), uniform(), uniform()
        s1 = 0.625 * u1 + 0.25 * label * u2 + 0.0625 * u3
        s2 = 0.5 * u1 + 0.375 * label * u3 + 0.125 * u2
        if tie_step:
            s1 = np.floor(s1 * tie_step) / tie_step
            s2 = np.floor(s2 * tie_step) / tie_step
        y[i], a[i], b[i] = label, s1, s2
    return y, a, b


def read_csv(path):
    data = np.genfromtxt(path, delimiter=",", names=True)
    return data["y_true"].astype(np.uint8), data["champion"], data["candidate"]


def logit_fit(y, s):
    p = np.clip(s, CLIP, 1 - CLIP)
    x = np.log(p / (1 - p))
    res = sm.Logit(y, sm.add_constant(x)).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    eta = res.params[0] + res.params[1] * x
    large = sm.GLM(y, np.ones_like(x), family=sm.families.Binomial(), offset=x).fit(tol=1e-14)
    return {"intercept": res.params[0], "slope": res.params[1],
            "intercept_se": res.bse[0], "slope_se": res.bse[1],
            # statsmodels' own llf underflows to -inf at logits of +-34.5: evaluate it stably
            "log_likelihood": float(-np.sum(y * np.logaddexp(0, -eta) +
                                            (1 - y) * np.logaddexp(0, eta))),
            "in_the_large": large.params[0]}


def brier_direct(y, s):
    """Murphy's decomposition by grouping rows on their exact score."""
    n = len(y)
    rate = y.mean()
    values, group = np.unique(s, return_inverse=True)
    rows = np.bincount(group)
    observed = np.bincount(group, weights=y) / rows
    rel = float(np.sum(rows * (values - observed) ** 2))
    res = float(np.sum(rows * (observed - rate) ** 2))
    return {"brier": float(np.mean((s - y) ** 2)), "reliability": rel / n,
            "resolution": res / n, "uncertainty": rate * (1 - rate)}


def model_reference(y, s, full_curves):
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fpr, tpr, thr = roc_curve(y, s)
        fpr_all, tpr_all, thr_all = roc_curve(y, s, drop_intermediate=False)
        prec, rec, pthr = precision_recall_curve(y, s)
    out["roc_auc"] = roc_auc_score(y, s)
    out["average_precision"] = average_precision_score(y, s)
    out["roc_points"] = len(fpr)
    out["roc_points_all"] = len(fpr_all)
    out["pr_points"] = len(prec)
    if full_curves:
        out["roc"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist()}
        out["roc_all"] = {"fpr": fpr_all.tolist(), "tpr": tpr_all.tolist()}
        out["pr"] = {"precision": prec.tolist(), "recall": rec.tolist(),
                     "thresholds": pthr.tolist()}
    else:
        out["roc_sums"] = [float(np.sum(fpr)), float(np.sum(tpr))]
        out["pr_sums"] = [float(np.sum(prec)), float(np.sum(rec))]
    prob_true, prob_pred = calibration_curve(y, s, n_bins=BINS, strategy="quantile")
    edges = np.percentile(s, np.linspace(0, 1, BINS + 1) * 100)
    ids = np.searchsorted(edges[1:-1], s)
    counts = np.bincount(ids, minlength=BINS)
    pos = np.bincount(ids, weights=y, minlength=BINS)
    keep = counts > 0
    low, high = proportion_confint(pos[keep], counts[keep], alpha=0.05, method="wilson")
    out["calibration"] = {"prob_true": prob_true.tolist(), "prob_pred": prob_pred.tolist(),
                          "rows": counts[keep].tolist(), "wilson_low": low.tolist(),
                          "wilson_high": high.tolist(),
                          "ece": float(np.sum(counts[keep] / len(y) *
                                              np.abs(prob_pred - prob_true)))}
    out["brier"] = brier_direct(y.astype(float), s)
    out["logit"] = logit_fit(y, s)
    return out


def recalibration_reference(y, s, folds=5, values=(500, -100, -300, 0)):
    """Cross-fitted Platt scaling: fold = row position (ids ascending) mod 5, each fold scored by
    a statsmodels Logit fit on the other folds, flagged at the cost-optimal threshold."""
    tp, fp, fn, tn = values
    cut = (tn - fp) / ((tp - fn) + (tn - fp))
    p = np.clip(s, CLIP, 1 - CLIP)
    x = np.log(p / (1 - p))
    fold = np.arange(len(y)) % folds
    flagged = np.zeros(len(y), dtype=bool)
    fits = []
    for f in range(folds):
        train = fold != f
        res = sm.Logit(y[train], sm.add_constant(x[train])).fit(method="newton", tol=1e-14,
                                                                  maxiter=100, disp=0)
        fits.append([res.params[0], res.params[1]])
        flagged[fold == f] = res.params[0] + res.params[1] * x[fold == f] >= np.log(cut / (1 - cut))
    c = {"tp": int(np.sum(flagged & (y == 1))), "fp": int(np.sum(flagged & (y == 0))),
         "fn": int(np.sum(~flagged & (y == 1))), "tn": int(np.sum(~flagged & (y == 0)))}
    c["net_benefit"] = tp * c["tp"] + fp * c["fp"] + fn * c["fn"] + tn * c["tn"]
    return {"threshold": cut, "fits": fits, "confusion": c}


def delong_reference(y, a, b):
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "rows.csv")
        np.savetxt(csv, np.column_stack([y, a, b]), delimiter=",", fmt=["%d", "%.17g", "%.17g"],
                   header="y_true,champion,candidate", comments="")
        out = os.path.join(tmp, "delong.json")
        subprocess.run(["Rscript", os.path.join(HERE, "make_delong_reference.R"), csv, out],
                       check=True)
        with open(out) as f:
            return json.load(f)


def write_small_cases():
    """The checked-in CSV cases (numpy's PCG64, fixed seeds); rewritten only when missing."""
    rng = np.random.default_rng(20261202)
    specs = {"untied-250": (250, None), "tied-400": (400, 20)}
    for case, (rows, step) in specs.items():
        path = os.path.join(HERE, case, "predictions.csv")
        if os.path.exists(path):
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        y = (rng.random(rows) < 0.35).astype(int)
        z = rng.normal(size=rows)
        a = 1 / (1 + np.exp(-(1.2 * y - 0.8 + rng.normal(size=rows))))
        b = 1 / (1 + np.exp(-(1.6 * y - 1.1 + 0.6 * z + 0.8 * rng.normal(size=rows))))
        if step:  # coarse scores: ties within and across classes, exact 0 and 1 included
            a = np.floor(a * step) / step
            b = np.round(b * step) / step
            a[:3], b[3:6] = 0.0, 1.0
        with open(path, "w") as f:
            f.write("row_id,y_true,champion,candidate\n")
            for i in range(rows):
                f.write(f"{i},{y[i]},{a[i]!r},{b[i]!r}\n")


def main():
    write_small_cases()
    for case in sorted(os.listdir(HERE)):
        folder = os.path.join(HERE, case)
        if not os.path.isdir(folder):
            continue
        gen = os.path.join(folder, "generator.json")
        if os.path.exists(gen):
            with open(gen) as f:
                spec = json.load(f)
            y, a, b = lcg_rows(spec["seed"], spec["rows"], spec["tie_step"])
            full = False
        else:
            y, a, b = read_csv(os.path.join(folder, "predictions.csv"))
            full = True
        ref = {"rows": int(len(y)), "positives": int(y.sum()),
               "champion": model_reference(y, a, full),
               "candidate": model_reference(y, b, full),
               "delong": delong_reference(y, a, b)}
        if full:
            ref["champion"]["recalibration"] = recalibration_reference(y, a)
            ref["candidate"]["recalibration"] = recalibration_reference(y, b)
        with open(os.path.join(folder, "reference.json"), "w") as f:
            json.dump(ref, f, indent=1)
        print(case, len(y), "rows")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes the canary test scenarios and SciPy's reference values for them.

Run with Debian 12's python3 (python3-scipy 1.10, python3-numpy 1.24):
    /usr/bin/python3 tests/data/canary/generate.py
Every random draw comes from numpy.random.RandomState with a fixed seed, so running it again
rewrites identical files. What it writes (all committed together with this script):

  statistics.json            two-sample cases with scipy.stats.mannwhitneyu (two-sided,
                             method='auto', use_continuity=True) and scipy.stats.ks_2samp
                             (two-sided, method='auto') results, plus PSI computed with numpy.
  <scenario>/policy.yaml     a gate policy whose canary: section the scenario uses
  <scenario>/*.csv|*.json    canary data: CSV (timestamp,variant,metric,value) or Prometheus
                             query_range responses (resultType matrix)
  <scenario>/expected.json   what the scenario is built to show (verdict, counts, reason text)
                             and SciPy's values for the judge's per-metric Mann-Whitney tests
                             and for the pooled prediction scores (KS, PSI)
  malformed/                 broken files and the message each must produce (cases.json)

Traffic: 80 % baseline (champion) / 20 % canary (candidate), 5-minute intervals.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

import generate_edges

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1793613600  # 2026-11-02T10:00:00Z
STEP = 300


def write(path, text):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def write_json(path, obj):
    write(path, json.dumps(obj, indent=1, sort_keys=True) + "\n")


def mwu(x, y):
    r = stats.mannwhitneyu(x, y, alternative="two-sided", method="auto", use_continuity=True)
    exact = (len(x) <= 8 or len(y) <= 8) and len(np.unique(np.concatenate([x, y]))) == len(x) + len(y)
    return {"statistic": float(r.statistic), "pvalue": float(r.pvalue), "method": "exact" if exact else "asymptotic"}


def ks(x, y):
    r = stats.ks_2samp(x, y, alternative="two-sided", method="auto")
    return {"statistic": float(r.statistic), "pvalue": float(r.pvalue)}


# PSI on bins that never split tied scores (docs/canary.md); the KS values above 10,000 scores per
# side and the PSI tie cases are written by generate_edges.py, run from main() below.
psi = generate_edges.psi


# ---------------------------------------------------------------------------------------------
# statistics.json: the C++ statistics against SciPy on the same numbers
def statistics_cases():
    rs = np.random.RandomState(20261102)
    cases = [
        ("exact_5_vs_7", rs.normal(0, 1, 5), rs.normal(0.8, 1, 7)),
        ("exact_8_vs_8", rs.normal(0, 1, 8), rs.normal(1.5, 1, 8)),
        ("exact_3_vs_40", rs.normal(0, 1, 3), rs.normal(0.5, 1, 40)),
        ("ties_small_6_vs_8", rs.randint(0, 5, 6).astype(float), rs.randint(1, 6, 8).astype(float)),
        ("ties_heavy_40_vs_30", rs.randint(0, 4, 40).astype(float), rs.randint(0, 4, 30).astype(float)),
        ("normal_50_vs_60", rs.normal(0, 1, 50), rs.normal(0.3, 1, 60)),
        ("equal_100_vs_100", rs.normal(0, 1, 100), rs.normal(0.25, 1, 100)),
        ("unequal_300_vs_170", rs.beta(2, 5, 300), rs.beta(2.4, 5, 170)),
        ("large_shift_200_vs_150", rs.normal(0, 1, 200), rs.normal(1.2, 1, 150)),
        ("scores_3000_vs_800", rs.beta(2, 5, 3000), rs.beta(2, 5, 800)),
        ("identical_values_10_vs_10", np.full(10, 0.25), np.full(10, 0.25)),
        ("rounded_scores_500_vs_400", np.round(rs.beta(2, 5, 500), 2), np.round(rs.beta(2.2, 5, 400), 2)),
    ]
    out = []
    for name, x, y in cases:
        out.append({
            "name": name,
            "x": [float(v) for v in x],
            "y": [float(v) for v in y],
            "mannwhitneyu": mwu(x, y),
            "ks_2samp": ks(x, y),
            "psi": psi(x, y),
        })
    write_json("statistics.json", {
        "generator": "tests/data/canary/generate.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "note": "mannwhitneyu(x, y, alternative='two-sided', method='auto', use_continuity=True); "
                "ks_2samp(x, y, alternative='two-sided', method='auto'): exact for these sizes (<= 10000); "
                "psi: baseline=x, canary=y, 10 tie-respecting bins (docs/canary.md), proportions floored at 1e-4",
        "cases": out,
    })


# ---------------------------------------------------------------------------------------------
# Scenarios
POLICY = """\
# Layers 1-3 use the built-in defaults; this file exists for its canary: section (docs/canary.md).
version: 1
canary:
  interval: 5m
  min_requests: 100          # per interval and variant
  failure_limit: 2           # roll back when more than 2 intervals fail
  inconclusive_limit: 2      # inconclusive when more than 2 intervals lack traffic
{source}  metrics:
    - name: error_rate
      direction: increase
      absolute: 0.02         # tolerated whatever the baseline does ...
      relative: 1.0          # ... or up to twice the baseline's rate
      critical: false
      tolerance: 0.5         # error rates are noisy at 200 requests: judge only a 50 % shift
    - name: latency_p50
      direction: increase
      relative: 0.5
    - name: latency_p95
      direction: increase
      relative: 0.5
    - name: latency_p99
      direction: increase
      relative: 0.5
  judge:
    confidence: 0.95
    tolerance: 0.10
    pass_score: 95
    marginal_score: 75
    min_intervals: 5
  predictions:
    min_scores: 100
    psi: {{max: 0.2, bins: 10}}
    ks: {{alpha: 0.01, min_statistic: 0.1}}
    positive_rate: {{threshold: 0.5, max_diff: 0.05}}
"""

KSERVE_SOURCE = """\
  source:                    # KServe: the two revisions of the InferenceService's predictor
    variant_label: revision_name
    baseline: fraud-predictor-00001
    canary: fraud-predictor-00002
"""


class Traffic:
    """One scenario's traffic: per interval and variant the requests, errors, latency and scores."""

    def __init__(self, seed, intervals, requests=(800, 200), error_rate=(0.005, 0.005),
                 latency_scale=(1.0, 1.0), score_beta=((2, 5), (2, 5)), scores=(80, 20)):
        rs = np.random.RandomState(seed)
        self.rows = []  # (interval, variant, metric, value)
        self.series = {}  # (variant, metric) -> per-interval values, for the reference tests
        self.scores = {"baseline": [], "canary": []}
        for k in range(intervals):
            for v, variant in enumerate(("baseline", "canary")):
                rate = error_rate[v](k) if callable(error_rate[v]) else error_rate[v]
                scale = latency_scale[v](k) if callable(latency_scale[v]) else latency_scale[v]
                n = int(rs.poisson(requests[v]))
                errors = int(rs.binomial(n, rate))
                p50 = float(0.050 * scale * rs.uniform(0.95, 1.05))
                p95 = float(0.120 * scale * rs.uniform(0.93, 1.07))
                p99 = float(0.200 * scale * rs.uniform(0.90, 1.10))
                s = [float(x) for x in rs.beta(*score_beta[v], scores[v])]
                for metric, value in (("requests", n), ("errors", errors), ("latency_p50", p50),
                                      ("latency_p95", p95), ("latency_p99", p99)):
                    self.rows.append((k, variant, metric, value))
                self.rows.extend((k, variant, "score", x) for x in s)
                self.series.setdefault((variant, "error_rate"), []).append(errors / n if n else float("nan"))
                for metric, value in (("latency_p50", p50), ("latency_p95", p95), ("latency_p99", p99)):
                    self.series.setdefault((variant, metric), []).append(value)
                self.series.setdefault((variant, "requests"), []).append(n)
                self.scores[variant].append(s)

    def csv(self):
        lines = ["timestamp,variant,metric,value"]
        for k, variant, metric, value in self.rows:
            stamp = np.datetime_as_string(np.datetime64(T0 + k * STEP + 30, "s")) + "Z"
            lines.append(f"{stamp},{variant},{metric},{value!r}")
        return "\n".join(lines) + "\n"

    def reference(self, valid):
        """SciPy's judge tests (canary first, as the C++ judge calls them) and score tests."""
        judge = {}
        for metric in ("error_rate", "latency_p50", "latency_p95", "latency_p99") if valid else ():
            b = [self.series[("baseline", metric)][k] for k in valid]
            c = [self.series[("canary", metric)][k] for k in valid]
            judge[metric] = mwu(np.array(c), np.array(b))
        b = np.concatenate([self.scores["baseline"][k] for k in valid]) if valid else np.array([])
        c = np.concatenate([self.scores["canary"][k] for k in valid]) if valid else np.array([])
        ref = {"judge": judge}
        if len(b) and len(c):
            ref["ks"] = ks(c, b)
            ref["psi"] = psi(b, c)
            ref["positive_rate"] = {"baseline": float(np.mean(b >= 0.5)), "canary": float(np.mean(c >= 0.5))}
        return ref


def csv_scenario(name, traffic, intervals, expected, valid=None):
    valid = list(range(intervals)) if valid is None else valid
    write(f"{name}/policy.yaml", POLICY.format(source=""))
    write(f"{name}/canary.csv", traffic.csv())
    expected["reference"] = traffic.reference(valid)
    expected["data"] = ["canary.csv"]
    write_json(f"{name}/expected.json", expected)


def prometheus_matrix(series):
    return json.dumps({"status": "success", "data": {"resultType": "matrix", "result": series}}, indent=1) + "\n"


def prometheus_scenario(name, traffic, intervals, expected):
    """The same traffic as Prometheus would return it for the queries in docs/canary.md."""
    revision = {"baseline": "fraud-predictor-00001", "canary": "fraud-predictor-00002"}
    by_metric = {}
    for k, variant, metric, value in traffic.rows:
        if metric != "score":
            by_metric.setdefault(metric, {}).setdefault(variant, []).append([T0 + (k + 1) * STEP, repr(float(value))])
    labels = lambda v: {"namespace": "fraud", "revision_name": revision[v]}
    for metric in ("requests", "errors"):
        write(f"{name}/{metric}.json", prometheus_matrix(
            [{"metric": labels(v), "values": by_metric[metric][v]} for v in ("baseline", "canary")]))
    write(f"{name}/latency.json", prometheus_matrix(
        [{"metric": dict(labels(v), metric=m), "values": by_metric[m][v]}
         for m in ("latency_p50", "latency_p95", "latency_p99") for v in ("baseline", "canary")]))
    bounds = [0.1 * i for i in range(1, 10)]
    buckets = []
    for v in ("baseline", "canary"):
        for le in bounds + [float("inf")]:
            le_text = "+Inf" if le == float("inf") else repr(round(le, 1))
            values = [[T0 + (k + 1) * STEP, repr(float(np.sum(np.array(traffic.scores[v][k]) <= round(le, 1))))]
                      for k in range(intervals)]
            buckets.append({"metric": dict(labels(v), le=le_text), "values": values})
    write(f"{name}/score_bucket.json", prometheus_matrix(buckets))
    write(f"{name}/policy.yaml", POLICY.format(source=KSERVE_SOURCE))
    expected["reference"] = traffic.reference(list(range(intervals)))
    expected["data"] = ["requests.json", "errors.json", "latency.json", "score_bucket.json"]
    write_json(f"{name}/expected.json", expected)


def scenarios():
    n = 10
    csv_scenario("healthy", Traffic(101, n), n, {
        "why": "canary and baseline drawn from the same distributions",
        "canary_result": "PROMOTE", "failed_intervals": 0, "inconclusive_intervals": 0,
        "judge_verdict": "PASS", "predictions_passed": True, "reasons_contain": ["intervals passed"]})

    spike = lambda k: 0.08 if k in (3, 4, 5) else 0.005
    csv_scenario("error-spike", Traffic(202, n, error_rate=(0.005, spike)), n, {
        "why": "the canary's error rate jumps to 8 % in intervals 4-6; failure_limit 2 allows two",
        "canary_result": "ROLLBACK", "failed_intervals": 3, "inconclusive_intervals": 0,
        "failed_interval_numbers": [4, 5, 6],
        "reasons_contain": ["3 of 10 intervals failed, more than failure_limit 2"]})

    two = lambda k: 0.08 if k in (3, 4) else 0.005
    csv_scenario("error-spike-within-limit", Traffic(202, n, error_rate=(0.005, two)), n, {
        "why": "the same spike in two intervals stays within failure_limit 2",
        "canary_result": "PROMOTE", "failed_intervals": 2, "inconclusive_intervals": 0,
        "failed_interval_numbers": [4, 5], "reasons_contain": ["2 failed, limit 2"]})

    m = 8  # eight intervals: the judge's Mann-Whitney tests take SciPy's exact path
    prometheus_scenario("latency-regression", Traffic(303, m, latency_scale=(1.0, 1.3)), m, {
        "why": "the canary is 30 % slower in every interval: under the 50 % per-interval limit, "
               "but the Mann-Whitney judge sees a significant shift beyond its 10 % tolerance",
        "canary_result": "ROLLBACK", "failed_intervals": 0, "inconclusive_intervals": 0,
        "judge_verdict": "FAIL", "judge_high": ["latency_p50", "latency_p95", "latency_p99"],
        "predictions_passed": True, "reasons_contain": ["judge score 25"]})

    csv_scenario("prediction-shift", Traffic(404, n, score_beta=((2, 5), (3.2, 4))), n, {
        "why": "errors and latency are healthy but the canary scores a different population",
        "canary_result": "ROLLBACK", "failed_intervals": 0, "inconclusive_intervals": 0,
        "judge_verdict": "PASS", "predictions_passed": False,
        "reasons_contain": ["PSI", "KS D", "positive rate"]})

    csv_scenario("low-traffic", Traffic(505, n, requests=(40, 10), scores=(8, 2)), n, {
        "why": "40 baseline and 10 canary requests per interval, min_requests 100",
        "canary_result": "INCONCLUSIVE", "failed_intervals": 0, "inconclusive_intervals": 10,
        "judge_verdict": "NOT_RUN", "reasons_contain": ["10 of 10 intervals had too little traffic"]}, valid=[])


def malformed():
    good_header = "timestamp,variant,metric,value\n"
    files = {
        "truncated.json": '{"status": "success",\n "data": {"resultType": "matrix",\n  "result": [\n   {"metric": {"variant": "canary"},\n    "values": [[1793613900, "12"]\n',
        "instant-vector.json": '{"status": "success",\n "data": {\n  "resultType": "vector",\n  "result": []}}\n',
        "error-status.json": '{"status": "error", "errorType": "bad_data", "error": "parse error at char 5"}\n',
        "missing-variant.json": '{"status": "success", "data": {"resultType": "matrix", "result": [\n'
                                '  {"metric": {"variant": "baseline"}, "values": [[1793613900, "800"]]},\n'
                                '  {"metric": {"pod": "x"},\n'
                                '   "values": [[1793613900, "200"]]}]}}\n',
        "bad-point.json": '{"status": "success", "data": {"resultType": "matrix", "result": [\n'
                          '  {"metric": {"variant": "canary", "metric": "requests"},\n'
                          '   "values": [[1793613900, "200"], [1793614200, "lots"]]}]}}\n',
        "missing-column.csv": "timestamp,variant,metric\n2026-11-02T10:00:30Z,baseline,requests\n",
        "bad-value.csv": good_header + "2026-11-02T10:00:30Z,baseline,requests,800\n"
                         "2026-11-02T10:00:30Z,canary,requests,200\n2026-11-02T10:00:30Z,canary,errors,1x\n",
        "bad-variant.csv": good_header + "2026-11-02T10:00:30Z,baseline,requests,800\n2026-11-02T10:00:30Z,blue,requests,200\n",
        "bad-timestamp.csv": good_header + "yesterday,baseline,requests,800\n",
        "short-row.csv": good_header + "2026-11-02T10:00:30Z,baseline,requests,800\n\n2026-11-02T10:00:30Z,canary,200\n",
        "negative-count.csv": good_header + "2026-11-02T10:00:30Z,canary,errors,-3\n",
    }
    cases = [
        {"file": "truncated.json", "line": 6, "contains": "malformed JSON"},
        {"file": "instant-vector.json", "line": 3, "contains": "expected 'matrix'"},
        {"file": "error-status.json", "line": 0, "contains": "parse error at char 5"},
        {"file": "missing-variant.json", "line": 4, "contains": "has no 'variant' label"},
        {"file": "bad-point.json", "line": 3, "contains": "point 2: expected [unix_seconds, \"number\"]"},
        {"file": "missing-column.csv", "line": 1, "contains": "'value' is missing"},
        {"file": "bad-value.csv", "line": 4, "contains": "value '1x' of errors is not a finite number"},
        {"file": "bad-variant.csv", "line": 3, "contains": "variant 'blue' is neither the baseline"},
        {"file": "bad-timestamp.csv", "line": 2, "contains": "timestamp 'yesterday'"},
        {"file": "short-row.csv", "line": 4, "contains": "expected 4 fields"},
        {"file": "negative-count.csv", "line": 2, "contains": "cannot be negative"},
    ]
    for name, text in files.items():
        write(f"malformed/{name}", text)
    write_json("malformed/cases.json", {"cases": cases})


if __name__ == "__main__":
    statistics_cases()
    scenarios()
    malformed()
    generate_edges.main()

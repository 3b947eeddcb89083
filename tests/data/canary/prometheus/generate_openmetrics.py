#!/usr/bin/python3
"""Writes knative.om (or the file named by the first argument): Knative queue-proxy metrics of KServe InferenceServices with a canary split,
as Prometheus would have scraped them every 15 s, for record.sh to backfill with
`promtool tsdb create-blocks-from openmetrics`. Deterministic (no randomness).

Each scenario is its own namespace with an InferenceService "fraud" (Knative configuration
"fraud-predictor"); the baseline revision is fraud-predictor-00001 (80 % of traffic, two pods), the
canary fraud-predictor-00002 (20 %). The canary window is 10:00-10:50Z on 2026-11-02.

  healthy        no request ever answered 5xx: no 5xx series exists at all (Knative creates a
                 series only when a code class first occurs), so the errors query returns [].
  old-revision   healthy, plus fraud-predictor-00000 still serving a little traffic until 10:20.
  error-spike    the canary answers 5xx only between 10:20:00 and 10:25:00 (25 % of its requests).
  inf-latency    the canary's latency _sum grows while its _count stalls between 10:30 and 10:35
                 (an exporter bug): the mean-latency query returns +Inf there.

Metric names and units as Knative exports them: revision_request_count (counter, labels
response_code, response_code_class), revision_request_latencies (histogram, milliseconds);
prediction_score (histogram of the model's scores, added to the predictor as docs/canary.md says).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1793613600          # 2026-11-02T10:00:00Z
START, END = T0 - 600, T0 + 3300   # samples from 09:50 to 10:55
SCRAPE = 15
LATENCY_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000]
SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
SCENARIOS = ["healthy", "old-revision", "error-spike", "inf-latency"]


def revisions(scenario):
    revs = [("fraud-predictor-00001", ["fraud-predictor-00001-deployment-7d9f-a", "fraud-predictor-00001-deployment-7d9f-b"], 20),
            ("fraud-predictor-00002", ["fraud-predictor-00002-deployment-5c4b-a"], 10)]
    if scenario == "old-revision":
        revs.append(("fraud-predictor-00000", ["fraud-predictor-00000-deployment-19ae-a"], 2))
    return revs


def labels(ns, rev, pod, extra=""):
    return (f'namespace="{ns}",configuration_name="fraud-predictor",revision_name="{rev}",'
            f'service_name="fraud-predictor",pod_name="{pod}"{extra}')


def main():
    counters = {}   # (name, labels) -> (type, [(t, value)])
    order = []

    def add(family, name, lab, t, value):
        key = (family, name, lab)
        if key not in counters:
            counters[key] = []
            order.append(key)
        counters[key].append((t, value))

    for ns in SCENARIOS:
        for rev, pods, per_scrape in revisions(ns):
            canary = rev.endswith("00002")
            for p, pod in enumerate(pods):
                ok = errors = lat_count = 0
                lat_sum = 0.0
                lat_buckets = [0] * (len(LATENCY_BUCKETS) + 1)
                score_buckets = [0] * (len(SCORE_BUCKETS) + 1)
                for step, t in enumerate(range(START, END + 1, SCRAPE)):
                    if rev.endswith("00000") and t > T0 + 1200:
                        break  # the old revision scaled to zero at 10:20: its series end
                    n = per_scrape + (step * 7 + p * 3) % 5      # deterministic jitter
                    spike = ns == "error-spike" and canary and T0 + 1200 < t <= T0 + 1500
                    e = n // 4 if spike else 0
                    ok += n - e
                    errors += e
                    for i in range(n):
                        ms = 8 + ((step * 31 + i * 17 + p * 5) % 60) * (1.25 if canary else 1.0)
                        lat_sum += ms
                        for b, bound in enumerate(LATENCY_BUCKETS):
                            if ms <= bound:
                                lat_buckets[b] += 1
                        lat_buckets[-1] += 1
                        score = ((step * 13 + i * 29 + p * 7) % 100) / 100 + 0.005
                        for b, bound in enumerate(SCORE_BUCKETS):
                            if score <= bound:
                                score_buckets[b] += 1
                        score_buckets[-1] += 1
                    stalled = ns == "inf-latency" and canary and T0 + 1800 < t <= T0 + 2100
                    if not stalled:
                        lat_count += n
                    common = labels(ns, rev, pod)
                    add("revision_request_count", "revision_request_count",
                        common + ',response_code="200",response_code_class="2xx"', t, ok)
                    if errors > 0 or (ns == "error-spike" and canary):
                        # the spike scenario's 5xx series exists from the first scrape (value 0)
                        add("revision_request_count", "revision_request_count",
                            common + ',response_code="503",response_code_class="5xx"', t, errors)
                    for b, bound in enumerate(LATENCY_BUCKETS + ["+Inf"]):
                        add("revision_request_latencies", "revision_request_latencies_bucket",
                            common + f',le="{bound}"', t, lat_buckets[b])
                    add("revision_request_latencies", "revision_request_latencies_sum", common, t, round(lat_sum, 3))
                    add("revision_request_latencies", "revision_request_latencies_count", common, t, lat_count)
                    for b, bound in enumerate(SCORE_BUCKETS + ["+Inf"]):
                        add("prediction_score", "prediction_score_bucket",
                            f'namespace="{ns}",revision_name="{rev}",pod_name="{pod}",le="{bound}"', t, score_buckets[b])
                    add("prediction_score", "prediction_score_sum",
                        f'namespace="{ns}",revision_name="{rev}",pod_name="{pod}"', t, 0)
                    add("prediction_score", "prediction_score_count",
                        f'namespace="{ns}",revision_name="{rev}",pod_name="{pod}"', t, score_buckets[-1])

    families = {"revision_request_count": "unknown", "revision_request_latencies": "histogram",
                "prediction_score": "histogram"}
    with open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "knative.om"), "w",
              encoding="utf-8") as f:
        for family, kind in families.items():
            f.write(f"# TYPE {family} {kind}\n")
            for key in order:
                if key[0] != family:
                    continue
                for t, v in counters[key]:
                    f.write(f"{key[1]}{{{key[2]}}} {v} {t}\n")
        f.write("# EOF\n")


if __name__ == "__main__":
    main()

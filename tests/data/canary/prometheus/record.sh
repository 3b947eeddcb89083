#!/bin/bash
# Records the responses test_canaryimport reads: Knative/KServe metrics (generate_openmetrics.py)
# backfilled into a TSDB with `promtool tsdb create-blocks-from openmetrics`, served by a real
# Prometheus (Debian 12's prometheus 2.42) on a free loopback port, queried with the PromQL of
# docs/canary.md through scripts/kserve-canary.sh --fetch-only. Rewrites <scenario>/*.json and
# <scenario>/queries.txt here. Needs python3, promtool, prometheus and curl (the step is given,
# so no gatereview binary is needed). Run from anywhere:
#     tests/data/canary/prometheus/record.sh
# test_canaryprometheus runs the same steps live and checks they reproduce these recordings.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
work=$(mktemp -d)
pid=''
cleanup() {
    [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/generate_openmetrics.py" "$work/knative.om"
promtool tsdb create-blocks-from openmetrics -q "$work/knative.om" "$work/tsdb" >/dev/null
printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' > "$work/prometheus.yml"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
set -m # its own process group, so the whole group is stopped
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$port" \
    --log.level=warn > "$work/prometheus.log" 2>&1 &
pid=$!
set +m
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null || { cat "$work/prometheus.log" >&2; exit 1; }

record() {
    local scenario=$1; shift
    rm -rf "${here:?}/$scenario"
    "$root/scripts/kserve-canary.sh" --fetch-only --step 300 \
        --prometheus "http://127.0.0.1:$port" --namespace "$scenario" --inference-service fraud \
        --baseline-revision fraud-predictor-00001 --canary-revision fraud-predictor-00002 \
        --policy "$here/policy.yaml" --start 2026-11-02T10:00:00Z --end 2026-11-02T10:50:00Z \
        --out-dir "$here/$scenario" "$@"
    # The server's address is not part of the recording.
    sed -i "s/127.0.0.1:$port/PROMETHEUS/g" "$here/$scenario/queries.txt"
}
record healthy
record old-revision --all-revisions
record error-spike
record inf-latency --mean-latency

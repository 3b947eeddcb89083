#!/bin/bash
# Layer 4 of the gate for a KServe InferenceService with a canary split, as one pipeline step:
# runs the PromQL of docs/canary.md against Prometheus over the canary window with the policy's
# interval as step, saves each query_range response, then runs `gatereview canary` on them.
# Exit status is gatereview canary's: 0 decided (PROMOTE/ROLLBACK), 3 INCONCLUSIVE, 2 input or
# usage error (including an unreachable Prometheus or a query it rejects). Needs bash, curl, GNU
# date and gatereview (set GATEREVIEW to use another binary). Documented in docs/pipelines.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: kserve-canary.sh --prometheus URL --namespace NS --inference-service NAME
                        --baseline-revision REV --canary-revision REV --policy FILE
                        --start TIME --end TIME [options] [-- gatereview canary options]
  --prometheus URL         Prometheus base URL, e.g. http://prometheus.monitoring:9090
  --namespace NS           the InferenceService's namespace
  --inference-service NAME its name; the Knative configuration is NAME-predictor
  --configuration NAME     the Knative configuration if it is named otherwise
  --baseline-revision REV  e.g. fraud-predictor-00001 (the champion, most traffic)
  --canary-revision REV    e.g. fraud-predictor-00002 (the candidate, canaryTrafficPercent)
  --policy FILE            gate policy with a canary: section (its interval is the step)
  --start TIME --end TIME  the canary window (RFC 3339 or Unix seconds)
  --out-dir DIR            where to save the responses (default: a new temporary folder)
  --all-revisions          do not filter by revision: other revisions are ignored with a note
  --mean-latency           also fetch latency_mean = latency _sum / _count (milliseconds -> s)
  --no-scores              skip the prediction_score histogram query
  --step SECONDS           use this step instead of the policy's interval
  --fetch-only             save the responses, do not run gatereview canary
Everything after -- goes to gatereview canary (e.g. --json report.json --github-output FILE).
EOF
}

die() { echo "kserve-canary.sh: $*" >&2; exit 2; }

prometheus='' namespace='' service='' configuration='' baseline='' canary='' policy=''
start='' end='' out_dir='' step='' all_revisions=0 mean_latency=0 scores=1 fetch_only=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prometheus) prometheus=${2:?}; shift 2 ;;
        --namespace) namespace=${2:?}; shift 2 ;;
        --inference-service) service=${2:?}; shift 2 ;;
        --configuration) configuration=${2:?}; shift 2 ;;
        --baseline-revision) baseline=${2:?}; shift 2 ;;
        --canary-revision) canary=${2:?}; shift 2 ;;
        --policy) policy=${2:?}; shift 2 ;;
        --start) start=${2:?}; shift 2 ;;
        --end) end=${2:?}; shift 2 ;;
        --out-dir) out_dir=${2:?}; shift 2 ;;
        --step) step=${2:?}; shift 2 ;;
        --all-revisions) all_revisions=1; shift ;;
        --mean-latency) mean_latency=1; shift ;;
        --no-scores) scores=0; shift ;;
        --fetch-only) fetch_only=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
done
for required in prometheus namespace service baseline canary policy start end; do
    [ -n "${!required}" ] || { usage >&2; die "--${required//_/-} is required"; }
done
gatereview=${GATEREVIEW:-gatereview}
configuration=${configuration:-$service-predictor}

# Label values go into PromQL strings: refuse anything that could break out of them.
for value in "$namespace" "$configuration" "$baseline" "$canary"; do
    [[ "$value" =~ ^[A-Za-z0-9._-]+$ ]] || die "'$value' is not a Kubernetes name"
done
to_seconds() {
    if [[ "$1" =~ ^[0-9]+$ ]]; then echo "$1"; else date -u -d "$1" +%s 2>/dev/null || die "bad time '$1'"; fi
}
start_s=$(to_seconds "$start")
end_s=$(to_seconds "$end")
if [ -z "$step" ]; then
    step=$("$gatereview" canary --policy "$policy" --print-interval-seconds) || exit 2
fi
[[ "$step" =~ ^[0-9]+$ ]] && [ "$step" -gt 0 ] || die "the step must be whole seconds, got '$step'"
[ "$end_s" -gt "$start_s" ] || die "--end must be after --start"
# A query_range point at t summarises (t - step, t]: the first point of the window ends one step
# after its start, the last one at its end.
first=$((start_s + step))
[ -n "$out_dir" ] || out_dir=$(mktemp -d "${TMPDIR:-/tmp}/kserve-canary.XXXXXX")
mkdir -p "$out_dir"

selector="namespace=\"$namespace\", configuration_name=\"$configuration\""
score_selector="namespace=\"$namespace\""
if [ "$all_revisions" -eq 0 ]; then
    selector="$selector, revision_name=~\"$baseline|$canary\""
    score_selector="$score_selector, revision_name=~\"$baseline|$canary\""
fi
w="${step}s"
quantile() {
    echo "label_replace(histogram_quantile($1, sum by (le, revision_name) (rate(revision_request_latencies_bucket{$selector}[$w]))) / 1000, \"metric\", \"latency_p$2\", \"\", \"\")"
}
names=(requests errors latency)
queries=(
    "label_replace(sum by (revision_name) (increase(revision_request_count{$selector}[$w])), \"metric\", \"requests\", \"\", \"\")"
    "label_replace(sum by (revision_name) (increase(revision_request_count{$selector, response_code_class=\"5xx\"}[$w])), \"metric\", \"errors\", \"\", \"\")"
    "$(quantile 0.50 50) or $(quantile 0.95 95) or $(quantile 0.99 99)"
)
if [ "$mean_latency" -eq 1 ]; then
    names+=(latency_mean)
    queries+=("label_replace(sum by (revision_name) (rate(revision_request_latencies_sum{$selector}[$w])) / sum by (revision_name) (rate(revision_request_latencies_count{$selector}[$w])) / 1000, \"metric\", \"latency_mean\", \"\", \"\")")
fi
if [ "$scores" -eq 1 ]; then
    names+=(score_bucket)
    queries+=("label_replace(sum by (le, revision_name) (increase(prediction_score_bucket{$score_selector}[$w])), \"metric\", \"score_bucket\", \"\", \"\")")
fi

: > "$out_dir/queries.txt"
data_args=()
for i in "${!names[@]}"; do
    file="$out_dir/${names[$i]}.json"
    printf '%s.json start=%s end=%s step=%s\n%s\n\n' "${names[$i]}" "$first" "$end_s" "$step" \
        "${queries[$i]}" >> "$out_dir/queries.txt"
    if ! curl -sS --fail-with-body --max-time 60 -G "${prometheus%/}/api/v1/query_range" \
        --data-urlencode "query=${queries[$i]}" --data-urlencode "start=$first" \
        --data-urlencode "end=$end_s" --data-urlencode "step=$step" -o "$file"; then
        echo "kserve-canary.sh: query ${names[$i]} failed at ${prometheus%/}:" >&2
        [ -s "$file" ] && head -c 2000 "$file" >&2 && echo >&2
        exit 2
    fi
    data_args+=(--data "$file")
done
echo "kserve-canary.sh: saved ${#names[@]} responses in $out_dir" >&2
[ "$fetch_only" -eq 1 ] && exit 0
exec "$gatereview" canary --policy "$policy" --variant-label revision_name \
    --baseline "$baseline" --canary "$canary" "${data_args[@]}" "$@"

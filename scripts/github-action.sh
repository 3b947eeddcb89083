#!/bin/bash
# The step behind action.yml: runs `gatereview gate` or `gatereview canary` from the INPUT_*
# variables the action sets, appends its outputs to $GITHUB_OUTPUT (gate_result or
# canary_result, report, net_benefit_delta, exit_code) and the job summary to
# $GITHUB_STEP_SUMMARY, and exits with gatereview's exit code, so INVALID (3) and input errors (2)
# fail the step while NOT_PROMOTED / ROLLBACK (0) leave the decision to the workflow.
set -uo pipefail
: "${GITHUB_OUTPUT:?not set: run inside GitHub Actions (or set it to a file)}"
: "${GITHUB_STEP_SUMMARY:=/dev/null}"
mode=${INPUT_MODE:-gate}
gatereview=${INPUT_GATEREVIEW:-gatereview}
report=${INPUT_JSON:-gatereview-report.json}
read -r -a extra <<< "${INPUT_ARGS:-}"
args=()
case "$mode" in
    gate)
        [ -n "${INPUT_CHAMPION:-}" ] && [ -n "${INPUT_CANDIDATE:-}" ] ||
            { echo "::error::gatereview action: mode gate needs the champion and candidate inputs"; exit 2; }
        args=(gate --champion "$INPUT_CHAMPION" --candidate "$INPUT_CANDIDATE"
              --github-output "$GITHUB_OUTPUT" --step-summary "$GITHUB_STEP_SUMMARY")
        [ -n "${INPUT_POLICY:-}" ] && args+=(--policy "$INPUT_POLICY")
        [ -n "${INPUT_TRACKING_URI:-}" ] && args+=(--tracking-uri "$INPUT_TRACKING_URI")
        [ -n "${INPUT_MARKDOWN:-}" ] && args+=(--markdown "$INPUT_MARKDOWN")
        ;;
    canary)
        [ -n "${INPUT_POLICY:-}" ] && [ -n "${INPUT_CANARY_DATA:-}" ] ||
            { echo "::error::gatereview action: mode canary needs the policy and canary-data inputs"; exit 2; }
        args=(canary --policy "$INPUT_POLICY" --github-output "$GITHUB_OUTPUT")
        for file in $INPUT_CANARY_DATA; do args+=(--data "$file"); done
        ;;
    *)
        echo "::error::gatereview action: mode must be gate or canary, not '$mode'"; exit 2 ;;
esac
mkdir -p "$(dirname "$report")"
"$gatereview" "${args[@]}" --json "$report" "${extra[@]}"
code=$?
{
    echo "exit_code=$code"
    [ -f "$report" ] && echo "report=$report"
    if [ "$mode" = gate ] && [ -f "$report" ] && command -v python3 >/dev/null; then
        # As the report writes it (a number, or a decimal string); empty when not compared.
        delta=$(python3 -c 'import json, sys
d = (json.load(open(sys.argv[1])).get("comparison") or {}).get("net_benefit_delta")
print("" if d is None else d)' "$report")
        echo "net_benefit_delta=$delta"
    fi
} >> "$GITHUB_OUTPUT"
if [ "$mode" = canary ] && [ -f "$report" ]; then
    {
        echo "### Canary: $(sed -n 's/^canary_result=//p' "$GITHUB_OUTPUT" | tail -1)"
        echo
        echo "Report: \`$report\` (gatereview canary, exit $code)"
    } >> "$GITHUB_STEP_SUMMARY"
fi
case "$code" in
    0) ;;
    3) echo "::error::gatereview $mode: $( [ "$mode" = gate ] && echo INVALID || echo INCONCLUSIVE ) (exit 3); see $report" ;;
    *) echo "::error::gatereview $mode failed (exit $code)" ;;
esac
exit "$code"

#!/bin/bash
# Issue 16.1: action.yml and the example workflow validate with @action-validator/cli (npm),
# installed by .ci/install-deps.sh into the git-ignored .tools/ folder. Exits 77 (CTest: skipped,
# with the reason) when the validator is not installed; a deliberately broken action must fail,
# so the validator is known to be checking.
set -uo pipefail
source_dir=$1
validator="$source_dir/.tools/node_modules/.bin/action-validator"
if [ ! -x "$validator" ] || ! command -v node >/dev/null; then
    echo "SKIP: $validator (npm install --prefix .tools @action-validator/cli) or node is missing"
    exit 77
fi
status=0
for file in action.yml packaging/github-actions-gate.yml; do
    if "$validator" "$source_dir/$file"; then
        echo "valid: $file"
    else
        echo "INVALID: $file"; status=1
    fi
done
# Broken copies must be rejected, so a validator that accepts anything cannot pass this test:
# the action with an unknown runs.using, the workflow with a deploy job that needs a job that
# does not exist (the gate's outputs would never reach it).
broken_dir=$(mktemp -d)
trap 'rm -rf "$broken_dir"' EXIT
sed 's/^  using: composite$/  using: compost/' "$source_dir/action.yml" > "$broken_dir/action.yml"
sed 's/^    needs: train-and-gate$/    needs: train-and-gates/' \
    "$source_dir/packaging/github-actions-gate.yml" > "$broken_dir/workflow.yml"
for pair in action.yml:action.yml workflow.yml:packaging/github-actions-gate.yml; do
    file=${pair%%:*} original=$source_dir/${pair#*:}
    if cmp -s "$broken_dir/$file" "$original"; then
        echo "could not break $original: the line this test edits is gone"; status=1
    elif "$validator" "$broken_dir/$file" >/dev/null 2>&1; then
        echo "the validator accepted a broken copy of $original"; status=1
    else
        echo "rejected: a broken copy of ${pair#*:}"
    fi
done
exit $status

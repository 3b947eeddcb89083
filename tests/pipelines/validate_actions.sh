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
broken=$(mktemp --suffix=.yml)
sed 's/^  using: composite$/  using: compost/' "$source_dir/action.yml" > "$broken"
if "$validator" "$broken" >/dev/null 2>&1; then
    echo "the validator accepted a broken action (runs.using: compost)"; status=1
else
    echo "rejected: a broken copy of action.yml"
fi
rm -f "$broken"
exit $status

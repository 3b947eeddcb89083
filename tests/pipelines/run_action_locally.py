#!/usr/bin/python3
"""Runs a composite GitHub Action's steps on this machine the way the Actions runner does.

For each step of runs.steps: evaluates its `if:` (the forms `inputs.NAME != ''` /
`== 'value'`, `success()`, `always()`), expands the ${{ inputs.* }}, ${{ github.* }} and
${{ steps.ID.outputs.* }} expressions in `env:` and `run:`, writes `run:` to a script file and
executes it as the runner's `shell: bash` does (`bash --noprofile --norc -eo pipefail FILE`),
with a fresh GITHUB_OUTPUT file per step and a shared GITHUB_STEP_SUMMARY. After a failing step
the remaining `success()` steps are skipped and the action fails with that exit code. Finally it
evaluates the action's `outputs.*.value` expressions. Prints a JSON object:
    {"exit_code": N, "outputs": {...}, "summary": "...", "steps": [...]}

usage: run_action_locally.py ACTION_DIR WORKSPACE [--input NAME=VALUE ...]
Only what action.yml uses is supported; anything else stops with an error, never a guess.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Context:
    def __init__(self, action_dir, workspace, inputs):
        self.action_dir, self.workspace, self.inputs = action_dir, workspace, inputs
        self.steps = {}

    def value(self, ref):
        parts = ref.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs.get(parts[1], "")
        if parts[:2] == ["github", "action_path"]:
            return self.action_dir
        if parts[:2] == ["github", "workspace"]:
            return self.workspace
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get(parts[3], "")
        raise SystemExit(f"unsupported expression context: {ref}")

    def expand(self, text):
        return EXPR.sub(lambda m: str(self.evaluate(m.group(1))), str(text))

    def evaluate(self, expr):
        expr = expr.strip()
        m = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", expr)
        if m:
            left = str(self.value(m.group(1)))
            return (left == m.group(3)) if m.group(2) == "==" else (left != m.group(3))
        if re.fullmatch(r"[\w.-]+", expr):
            return self.value(expr)
        raise SystemExit(f"unsupported expression: {expr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("action_dir")
    ap.add_argument("workspace")
    ap.add_argument("--input", action="append", default=[])
    args = ap.parse_args()
    action_dir = os.path.abspath(args.action_dir)
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if action["runs"]["using"] != "composite":
        raise SystemExit("not a composite action")
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    for item in args.input:
        name, _, value = item.partition("=")
        if name not in inputs:
            raise SystemExit(f"the action has no input '{name}'")
        inputs[name] = value
    for name, spec in action.get("inputs", {}).items():
        if spec.get("required") and not inputs[name]:
            raise SystemExit(f"input '{name}' is required")
    ctx = Context(action_dir, os.path.abspath(args.workspace), inputs)
    tmp = tempfile.mkdtemp(prefix="action-run-")
    summary = os.path.join(tmp, "step_summary.md")
    open(summary, "w").close()
    failed_code, ran = 0, []
    for index, step in enumerate(action["runs"]["steps"]):
        condition = str(step.get("if", "success()")).strip()
        if condition.startswith("${{"):
            condition = EXPR.fullmatch(condition).group(1)
        if condition == "always()":
            run_it = True
        elif condition == "success()":
            run_it = failed_code == 0
        else:
            run_it = failed_code == 0 and bool(ctx.evaluate(condition))
        if not run_it:
            ran.append({"name": step.get("name", ""), "skipped": True})
            continue
        if step.get("shell") != "bash" or "run" not in step:
            raise SystemExit(f"step {index}: only `run:` steps with `shell: bash` are supported")
        output = os.path.join(tmp, f"output_{index}")
        open(output, "w").close()
        script = os.path.join(tmp, f"step_{index}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(ctx.expand(step["run"]))
        env = dict(os.environ)
        env.update({k: ctx.expand(v) for k, v in (step.get("env") or {}).items()})
        env.update({"GITHUB_OUTPUT": output, "GITHUB_STEP_SUMMARY": summary,
                    "GITHUB_ACTION_PATH": action_dir, "GITHUB_WORKSPACE": ctx.workspace,
                    "GITHUB_ACTIONS": "true", "CI": "true"})
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                              cwd=ctx.workspace, env=env, capture_output=True, text=True)
        sys.stderr.write(proc.stdout + proc.stderr)
        outputs = {}
        with open(output, encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):  # name=value, or name<<DELIMITER ... DELIMITER
            line = lines[i]
            if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
                name, delim = line.split("<<", 1)
                j = lines.index(delim, i + 1)
                outputs[name] = "\n".join(lines[i + 1:j])
                i = j + 1
                continue
            if "=" in line:
                name, value = line.split("=", 1)
                outputs[name] = value
            i += 1
        if "id" in step:
            ctx.steps[step["id"]] = outputs
        ran.append({"name": step.get("name", ""), "exit_code": proc.returncode, "outputs": outputs})
        if proc.returncode != 0:
            failed_code = proc.returncode
    result_outputs = {name: ctx.expand(spec["value"]) for name, spec in action.get("outputs", {}).items()}
    with open(summary, encoding="utf-8") as f:
        summary_text = f.read()
    print(json.dumps({"exit_code": failed_code, "outputs": result_outputs, "summary": summary_text,
                      "steps": ran}, indent=1))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Issue 16.2: packaging/kfp/component.yaml run as Kubeflow Pipelines would run it.

Parses the component, checks that every placeholder names a declared input or output, resolves
the placeholders as KFP's v1 container-component resolver does ({inputValue: n} -> the value or
its default, {inputPath: n} -> the local path the artifact was downloaded to,
{outputPath: n} -> a fresh path whose parent may not exist, {if: {cond: {isPresent: n}, then,
else}} -> the branch for whether the input was given) and executes the resulting command line
with GATEREVIEW_BINARY's folder first on PATH (the command calls `gatereview` as the image's
/usr/bin/gatereview), then checks the output files.

usage: test_kfp_component.py SOURCE_DIR GATEREVIEW_BINARY
CTest runs it with the build tree's gatereview (before any package exists); .ci/run runs it again
with /usr/bin/gatereview once the .deb is installed, as the image of packaging/kfp/Dockerfile has it.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

SOURCE, GATEREVIEW = (os.path.abspath(p) for p in sys.argv[1:3])
COMPONENT = os.path.join(SOURCE, "packaging/kfp/component.yaml")


def load_component():
    with open(COMPONENT, encoding="utf-8") as f:
        return yaml.safe_load(f)


def resolve(component, arguments, root):
    """The command line KFP builds for `arguments` (input name -> value or local file)."""
    inputs = {i["name"]: i for i in component.get("inputs", [])}
    outputs = {o["name"]: o for o in component.get("outputs", [])}
    artifact_paths, output_paths = {}, {}

    def expand(item):
        if isinstance(item, (str, int, float)):
            return [str(item)]
        if not isinstance(item, dict) or len(item) != 1:
            raise AssertionError(f"not a placeholder: {item!r}")
        (kind, arg), = item.items()
        if kind == "inputValue":
            assert arg in inputs, f"undeclared input {arg}"
            if arg in arguments:
                return [str(arguments[arg])]
            assert "default" in inputs[arg] or inputs[arg].get("optional"), f"missing input {arg}"
            return [str(inputs[arg].get("default", ""))]
        if kind == "inputPath":
            assert arg in inputs, f"undeclared input {arg}"
            assert arg in arguments, f"inputPath of an absent input {arg} (needs an isPresent guard)"
            path = os.path.join(root, "inputs", arg, "data")  # where KFP v1 puts artifacts
            os.makedirs(os.path.dirname(path), exist_ok=True)
            (shutil.copytree if os.path.isdir(arguments[arg]) else shutil.copyfile)(arguments[arg], path)
            artifact_paths[arg] = path
            return [path]
        if kind == "outputPath":
            assert arg in outputs, f"undeclared output {arg}"
            path = os.path.join(root, "outputs", arg, "data")   # parent not created
            output_paths[arg] = path
            return [path]
        if kind == "if":
            cond = arg["cond"]
            assert set(cond) == {"isPresent"} and cond["isPresent"] in inputs, cond
            branch = arg.get("then", []) if cond["isPresent"] in arguments else arg.get("else", [])
            return [s for b in branch for s in expand(b)]
        raise AssertionError(f"unsupported placeholder {kind}")

    container = component["implementation"]["container"]
    line = [s for item in container.get("command", []) + container.get("args", []) for s in expand(item)]
    return line, output_paths


def run_component(arguments):
    component = load_component()
    root = tempfile.mkdtemp(prefix="kfp-")
    line, outputs = resolve(component, arguments, root)
    env = dict(os.environ, PATH=os.path.dirname(GATEREVIEW) + os.pathsep + os.environ["PATH"])
    # The command must reach the binary under test, not another gatereview on PATH.
    resolved = shutil.which("gatereview", path=env["PATH"])
    assert resolved and os.path.samefile(resolved, GATEREVIEW), f"gatereview on PATH is {resolved}"
    proc = subprocess.run(line, env=env, capture_output=True, text=True, timeout=300, cwd=root)
    values = {}
    for name, path in outputs.items():
        with open(path, encoding="utf-8") as f:
            values[name] = f.read()
    shutil.rmtree(root)
    return proc, values


class KfpComponentTest(unittest.TestCase):
    def test_declares_the_pipeline_contract(self):
        c = load_component()
        self.assertEqual({o["name"] for o in c["outputs"]}, {"gate_result", "net_benefit_delta", "report"})
        self.assertEqual({i["name"] for i in c["inputs"]},
                         {"champion", "candidate", "champion_uri", "candidate_uri", "policy", "tracking_uri"})
        self.assertEqual(os.path.basename(shutil.which("bash") or ""), "bash")

    def test_artifacts_on_the_demo(self):
        demo = os.path.join(SOURCE, "resources/demo")
        proc, out = run_component({"champion": f"{demo}/champion", "candidate": f"{demo}/candidate",
                                   "policy": f"{demo}/policy.yaml"})
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(out["gate_result"], "NOT_PROMOTED")
        report = json.loads(out["report"])
        self.assertEqual(report["gate_result"], "NOT_PROMOTED")
        self.assertEqual(float(out["net_benefit_delta"]), float(report["comparison"]["net_benefit_delta"]))

    def test_addresses_instead_of_artifacts(self):
        # The else-branch: champion_uri / candidate_uri parameters (any source the CLI takes).
        case = os.path.join(SOURCE, "tests/data/gate-cases/churn-classifier")
        proc, out = run_component({"champion_uri": f"{case}/champion.csv",
                                   "candidate_uri": f"{case}/candidate.csv"})
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        report = json.loads(out["report"])
        self.assertIn(out["gate_result"], ("PROMOTED", "NOT_PROMOTED"))
        self.assertEqual(out["gate_result"], report["gate_result"])

    def test_invalid_fails_the_task_with_its_outputs(self):
        case = os.path.join(SOURCE, "tests/data/gate-cases/churn-classifier-split-mismatch")
        proc, out = run_component({"champion": f"{case}/champion.csv", "candidate": f"{case}/candidate.csv"})
        self.assertEqual(proc.returncode, 3)
        self.assertEqual(out["gate_result"], "INVALID")
        self.assertEqual(json.loads(out["report"])["gate_result"], "INVALID")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)

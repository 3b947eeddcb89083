#!/usr/bin/python3
"""Issue 16.1: runs action.yml's composite steps locally as the runner does
(run_action_locally.py: bash, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY temp files, INPUT_* from
expanded expressions) against the built gatereview, on the bundled demo and the canary scenarios,
and checks the outputs, the job summary and the exit codes (the CLI's).

usage: test_github_action.py SOURCE_DIR GATEREVIEW_BINARY   (registered with CTest)
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

SOURCE, GATEREVIEW = (os.path.abspath(p) for p in sys.argv[1:3])


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def run_action(workspace, **inputs):
    cmd = [sys.executable, os.path.join(SOURCE, "tests/pipelines/run_action_locally.py"), SOURCE,
           workspace, "--input", f"gatereview={GATEREVIEW}"]
    for name, value in inputs.items():
        cmd += ["--input", f"{name.replace('_', '-')}={value}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise AssertionError(f"runner failed: {proc.stdout}{proc.stderr}")
    result = json.loads(proc.stdout)
    result["log"] = proc.stderr
    return result


class GithubActionTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.ws = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_gate_on_the_demo(self):
        demo = os.path.join(SOURCE, "resources/demo")
        r = run_action(self.ws, champion=f"{demo}/champion", candidate=f"{demo}/candidate",
                       policy=f"{demo}/policy.yaml", json="out/gate-report.json")
        self.assertEqual(r["exit_code"], 0, r["log"])
        out = r["outputs"]
        self.assertEqual(out["gate_result"], "NOT_PROMOTED")
        self.assertEqual(out["exit_code"], "0")
        self.assertEqual(out["report"], "out/gate-report.json")
        report = load_json(os.path.join(self.ws, out["report"]))
        self.assertEqual(report["gate_result"], "NOT_PROMOTED")
        delta = report["comparison"]["net_benefit_delta"]
        self.assertNotEqual(out["net_benefit_delta"], "")
        self.assertEqual(float(out["net_benefit_delta"]), float(delta))
        self.assertIn("NOT_PROMOTED", r["summary"])
        self.assertEqual(out["canary_result"], "")
        self.assertEqual([s.get("skipped", False) for s in r["steps"]], [True, False])  # no deb

    def test_gate_invalid_fails_the_step(self):
        case = os.path.join(SOURCE, "tests/data/gate-cases/churn-classifier-split-mismatch")
        r = run_action(self.ws, champion=f"{case}/champion.csv", candidate=f"{case}/candidate.csv")
        self.assertEqual(r["exit_code"], 3, r["log"])
        self.assertEqual(r["outputs"]["gate_result"], "INVALID")
        self.assertEqual(r["outputs"]["exit_code"], "3")
        self.assertIn("::error::gatereview gate: INVALID", r["log"])

    def test_missing_input_is_a_usage_error(self):
        r = run_action(self.ws, champion="x.csv")
        self.assertEqual(r["exit_code"], 2)
        self.assertIn("needs the champion and candidate inputs", r["log"])

    def canary(self, scenario):
        d = os.path.join(SOURCE, "tests/data/canary", scenario)
        expected = load_json(os.path.join(d, "expected.json"))
        files = "\n".join(os.path.join(d, f) for f in expected["data"])
        return run_action(self.ws, mode="canary", policy=f"{d}/policy.yaml", canary_data=files,
                          json="canary.json"), expected

    def test_canary_mode(self):
        for scenario, code in (("healthy", 0), ("error-spike", 0), ("latency-regression", 0),
                               ("low-traffic", 3)):
            with self.subTest(scenario=scenario):
                r, expected = self.canary(scenario)
                self.assertEqual(r["exit_code"], code, r["log"])
                self.assertEqual(r["outputs"]["canary_result"], expected["canary_result"])
                self.assertEqual(r["outputs"]["gate_result"], "")
                self.assertEqual(r["outputs"]["net_benefit_delta"], "")
                report = load_json(os.path.join(self.ws, r["outputs"]["report"]))
                self.assertEqual(report["canary_result"], expected["canary_result"])
                self.assertIn("### Canary: " + expected["canary_result"], r["summary"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)

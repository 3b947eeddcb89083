#!/usr/bin/python3
"""Issue 16.1: runs action.yml's composite steps locally as the runner does
(run_action_locally.py: bash, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY temp files, INPUT_* from
expanded expressions) against the built gatereview, on the bundled demo and the canary scenarios,
and checks the outputs, the job summary and the exit codes (the CLI's).

usage: test_github_action.py SOURCE_DIR GATEREVIEW_BINARY   (registered with CTest)
"""
import json
import os
from decimal import Decimal
import subprocess
import sys
import tempfile
import unittest

import yaml

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
        # ΔNB: the output is the report's, which is candidate minus champion net benefit and
        # the sum of the per-cell dollars (exact decimals, as the report writes them).
        delta = Decimal(str(report["comparison"]["net_benefit_delta"]))
        self.assertEqual(Decimal(out["net_benefit_delta"]), delta)
        self.assertEqual(delta, Decimal(str(report["candidate"]["net_benefit"]))
                         - Decimal(str(report["champion"]["net_benefit"])))
        self.assertEqual(delta, sum(Decimal(str(c["net_benefit_delta"]))
                                    for c in report["comparison"]["by_cell"].values()))
        self.assertLess(delta, 0)
        self.assertIn("Gate review: **NOT_PROMOTED**", r["summary"])
        self.assertIn("**ΔNB**", r["summary"])
        self.assertEqual(out["canary_result"], "")
        self.assertEqual([s.get("skipped", False) for s in r["steps"]], [True, False])  # no deb

    def test_gate_promoted_when_the_demo_is_swapped(self):
        # The demo's champion as the candidate strictly beats it: PROMOTED, ΔNB the negation.
        demo = os.path.join(SOURCE, "resources/demo")
        r = run_action(self.ws, champion=f"{demo}/champion", candidate=f"{demo}/candidate",
                       policy=f"{demo}/policy.yaml", json="kept.json")
        s = run_action(self.ws, champion=f"{demo}/candidate", candidate=f"{demo}/champion",
                       policy=f"{demo}/policy.yaml", json="swapped.json")
        self.assertEqual(s["exit_code"], 0, s["log"])
        self.assertEqual(s["outputs"]["gate_result"], "PROMOTED")
        self.assertEqual(Decimal(s["outputs"]["net_benefit_delta"]),
                         -Decimal(r["outputs"]["net_benefit_delta"]))
        self.assertIn("Gate review: **PROMOTED**", s["summary"])

    @unittest.skipUnless(os.environ.get("GATEREVIEW_TEST_DEB"),
                         "GATEREVIEW_TEST_DEB is not set: .ci/run sets it to the built .deb and runs "
                         "this as root, so that the action's install step runs apt-get on it")
    def test_deb_input_installs_the_package(self):
        deb = os.environ["GATEREVIEW_TEST_DEB"]
        demo = os.path.join(SOURCE, "resources/demo")
        r = run_action(self.ws, champion=f"{demo}/champion", candidate=f"{demo}/candidate",
                       policy=f"{demo}/policy.yaml", deb=deb, gatereview="gatereview")
        self.assertEqual(r["exit_code"], 0, r["log"])
        self.assertEqual([s.get("exit_code") for s in r["steps"]], [0, 0])  # install, then run
        self.assertEqual(r["outputs"]["gate_result"], "NOT_PROMOTED")
        installed = subprocess.run(["dpkg-query", "-W", "-f", "${Status}", "gatereview"],
                                   capture_output=True, text=True)
        self.assertEqual(installed.stdout, "install ok installed")

    def test_gate_invalid_fails_the_step(self):
        case = os.path.join(SOURCE, "tests/data/gate-cases/churn-classifier-split-mismatch")
        r = run_action(self.ws, champion=f"{case}/champion.csv", candidate=f"{case}/candidate.csv")
        self.assertEqual(r["exit_code"], 3, r["log"])
        self.assertEqual(r["outputs"]["gate_result"], "INVALID")
        self.assertEqual(r["outputs"]["exit_code"], "3")
        self.assertIn("::error::gatereview gate: INVALID", r["log"])
        self.assertIn("Gate review: **INVALID**", r["summary"])
        self.assertEqual(r["outputs"]["net_benefit_delta"], "")  # not compared

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


class ExampleWorkflowTest(unittest.TestCase):
    """packaging/github-actions-gate.yml wires the action's outputs as docs/pipelines.md says."""

    def setUp(self):
        with open(os.path.join(SOURCE, "packaging/github-actions-gate.yml"), encoding="utf-8") as f:
            self.jobs = yaml.safe_load(f)["jobs"]

    def action_steps(self, job):
        return [s for s in self.jobs[job]["steps"] if "/gatereview@" in s.get("uses", "")]

    def test_deploy_jobs_run_only_on_promoted(self):
        gate, = self.action_steps("train-and-gate")
        self.assertEqual(self.jobs["train-and-gate"]["outputs"]["gate_result"],
                         "${{ steps.%s.outputs.gate_result }}" % gate["id"])
        for job in ("build", "deploy-canary"):
            self.assertEqual(self.jobs[job]["if"],
                             "needs.train-and-gate.outputs.gate_result == 'PROMOTED'", job)
        self.assertEqual(gate["with"].get("mode", "gate"), "gate")

    def test_canary_job_uses_the_action_in_canary_mode(self):
        judge, = self.action_steps("canary")
        self.assertEqual(judge["with"]["mode"], "canary")
        self.assertTrue(judge["with"]["canary-data"].split())
        self.assertIn("deploy-canary", str(self.jobs["canary"]["needs"]))
        self.assertEqual(self.jobs["canary"]["outputs"]["canary_result"],
                         "${{ steps.%s.outputs.canary_result }}" % judge["id"])
        self.assertEqual(self.jobs["promote"]["if"], "needs.canary.outputs.canary_result == 'PROMOTE'")
        self.assertEqual(self.jobs["rollback"]["if"], "needs.canary.outputs.canary_result == 'ROLLBACK'")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)

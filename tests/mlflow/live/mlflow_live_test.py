#!/usr/bin/env python3
"""End-to-end test of `gatereview` against a real MLflow 2.10.2 tracking server (issue 11 items 1-9).

Starts two real servers on free loopback ports, each in its own process group (stopped as a whole,
even on failure): A with `--app-name basic-auth`, B plain. Builds a registry on them with the real
MLflow Python client (runs with prediction artifacts through the mlflow-artifacts proxy, versions,
aliases), then drives the `gatereview` CLI through: the guarded promotion (champion moved, another
server, champion unset, execute-once, rollback, dry run), credentials in the URI never printed or
stored, 401/403 hints, opt-in write-back, threshold from a metric, .csv.gz lookup, an evaluate-style
run without predictions, `report` with MLflow sources, models:/NAME/latest, an upper-case scheme and
https:// against the plain-HTTP port.

Exit 0: all passed. Exit 1: a check failed. Exit 77 (CTest SKIP_RETURN_CODE): the shared MLflow
server package or its Python dependencies are missing; the reason is printed.
Usage: mlflow_live_test.py --gatereview PATH --shared DIR
"""
import argparse, gzip, hashlib, json, os, shutil, signal, socket, subprocess, sys, tempfile, time
import urllib.request

SKIP = 77
failures = []
outputs = []  # every stdout/stderr of the CLI, grepped for the password at the end


def check(condition, what, detail=""):
    print(("PASS " if condition else "FAIL ") + what + ("" if condition else "\n     " + detail[:2000]))
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real `mlflow server` in its own process group (gunicorn workers outlive their parent)."""

    def __init__(self, root, python, pythonpath, basic_auth):
        self.root = root
        os.makedirs(root, exist_ok=True)
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        cmd = [python, "-m", "mlflow", "server", "--backend-store-uri",
               "sqlite:///" + os.path.join(root, "mlflow.db"), "--artifacts-destination",
               os.path.join(root, "artifacts"), "--host", "127.0.0.1", "--port", str(self.port),
               "--workers", "1"]
        if basic_auth:
            cmd += ["--app-name", "basic-auth"]
        env = dict(os.environ, PYTHONPATH=pythonpath)
        self.log = open(os.path.join(root, "server.log"), "wb")
        self.proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # setsid: its own process group

    def wait_ready(self, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("mlflow server exited: see " + self.log.name)
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("mlflow server not ready after %d s" % seconds)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def write_predictions(path, scores, labels, compress=False):
    text = "row_id,y_true,y_score\n" + "".join(
        "%d,%d,%.6f\n" % (i, y, s) for i, (y, s) in enumerate(zip(labels, scores)))
    if compress:
        with gzip.open(path, "wt") as f:
            f.write(text)
    else:
        with open(path, "w") as f:
            f.write(text)


def build_registry(mlflow, client, work, tag, labels, rng, np):
    """churn v1 (weak), v2 (strong), v3 (other); @champion=v1, @candidate=v2. Returns run ids."""
    mlflow.set_experiment("gate-live-" + tag)
    runs = {}
    for version, quality in (("1", 0.8), ("2", 1.6), ("3", 1.0)):
        scores = 1 / (1 + np.exp(-(quality * (2 * labels - 1) + rng.normal(0, 1, labels.size))))
        folder = os.path.join(work, tag + "-v" + version)
        os.makedirs(folder)
        write_predictions(os.path.join(folder, "predictions.csv"), scores, labels)
        with mlflow.start_run(run_name="churn-v" + version) as run:
            mlflow.log_param("threshold", "0.5")
            mlflow.log_artifact(os.path.join(folder, "predictions.csv"))
            runs[version] = run.info.run_id
    client.create_registered_model("churn")
    for version in ("1", "2", "3"):
        client.create_model_version("churn", "runs:/%s/model" % runs[version], run_id=runs[version])
    client.set_registered_model_alias("churn", "champion", "1")
    client.set_registered_model_alias("churn", "candidate", "2")
    return runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gatereview", required=True)
    parser.add_argument("--shared", default="")
    args = parser.parse_args()
    shared = args.shared if args.shared and os.path.isdir(args.shared) else os.environ.get(
        "GATEREVIEW_SHARED_DIR", "")
    env_script = os.path.join(shared, "mlflow-2.10.2-server", "mlflow-env") if shared else ""
    if not env_script or not os.path.isfile(env_script):
        print("SKIPPED: the real MLflow 2.10.2 server package is not here (looked for "
              "../shared/mlflow-2.10.2-server/mlflow-env and $GATEREVIEW_SHARED_DIR)")
        return SKIP
    # Debian's python3 carries the server's dependencies (install-deps.sh); a pyenv python3 on
    # PATH would not.
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else shutil.which("python3")
    pythonpath = subprocess.check_output(["sh", env_script], text=True).strip()
    probe = subprocess.run([python, "-c", "import mlflow, flask, sqlalchemy, google.protobuf, gunicorn"],
                           env=dict(os.environ, PYTHONPATH=pythonpath), capture_output=True, text=True)
    if probe.returncode != 0:
        print("SKIPPED: MLflow's Python dependencies are missing (run "
              "../shared/mlflow-2.10.2-server/install-deps.sh as root): " + probe.stderr.strip()[-300:])
        return SKIP
    # Re-run under Debian's python with MLflow on the path (the tests use its client).
    sys.stdout.flush()
    os.execve(python, [python] + sys.argv, dict(os.environ, PYTHONPATH=pythonpath,
                                                GATEREVIEW_LIVE_CHILD="1", GATEREVIEW_SHARED_DIR=shared))


def run_tests(gatereview, python, pythonpath):
    import numpy as np
    import mlflow
    from mlflow import MlflowClient

    work = tempfile.mkdtemp(prefix="gatereview-live-")
    servers = []
    password = "Gr-S3cret-7391"  # set below; basic-auth starts with admin/password
    try:
        a = Server(os.path.join(work, "server-a"), python, pythonpath, basic_auth=True)
        b = Server(os.path.join(work, "server-b"), python, pythonpath, basic_auth=False)
        servers = [a, b]
        started = time.time()
        a.wait_ready()
        b.wait_ready()
        print("servers ready in %.1f s" % (time.time() - started))

        import base64

        def admin_call(path, body, method, pw):
            req = urllib.request.Request(a.url + path, data=json.dumps(body).encode(), method=method,
                                         headers={"Content-Type": "application/json"})
            req.add_header("Authorization", "Basic " + base64.b64encode(("admin:" + pw).encode()).decode())
            return urllib.request.urlopen(req, timeout=20).read()

        # A distinctive password, so finding it in an output can only be a leak.
        admin_call("/api/2.0/mlflow/users/update-password", {"username": "admin", "password": password},
                   "PATCH", "password")
        rng = np.random.default_rng(7)
        labels = (rng.random(3000) < 0.3).astype(int)
        os.environ["MLFLOW_TRACKING_USERNAME"] = "admin"
        os.environ["MLFLOW_TRACKING_PASSWORD"] = password
        mlflow.set_tracking_uri(a.url)
        client_a = MlflowClient(a.url)
        runs_a = build_registry(mlflow, client_a, work, "a", labels, rng, np)
        mlflow.set_tracking_uri(b.url)
        client_b = MlflowClient(b.url)
        build_registry(mlflow, client_b, work, "b", labels, rng, np)
        mlflow.set_tracking_uri(a.url)

        uri_a = a.url.replace("http://", "http://admin:%s@" % password)
        uri_b = b.url
        log = os.path.join(work, "decisions.sqlite")
        policy = os.path.join(work, "policy.yaml")
        with open(policy, "w") as f:
            f.write("version: 1\nmetric: net_benefit\nvalue: {tp: 500, fp: -100, fn: -300, tn: 0}\n"
                    "registration:\n  - {metric: f1, op: \">\", value: 0.10}\n"
                    "challenge: {strictly_better: true, min_delta: 0, require_significance: false}\n")
        clean_env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        clean_env.update(QT_QPA_PLATFORM="offscreen", USER="live-tester")

        def cli(*argv, env=None):
            r = subprocess.run([gatereview, *argv], capture_output=True, text=True,
                               env=env or clean_env, timeout=180)
            outputs.append((" ".join(argv), r.stdout + r.stderr))
            return r

        def champion(client):
            try:
                return client.get_model_version_by_alias("churn", "champion").version
            except Exception:
                return None

        # Reading: every address form, upper-case scheme, models:/NAME/latest.
        r = cli("mlflow", "versions", "churn", "--tracking-uri", uri_a.replace("http://", "HTTP://"))
        check(r.returncode == 0 and "v3" in r.stdout, "item 9: upper-case scheme HTTP:// is accepted",
              r.stdout + r.stderr)
        r = cli("mlflow", "show", "models:/churn/latest", "--tracking-uri", uri_a)
        check(r.returncode == 0 and "churn v3" in r.stdout, "item 9: models:/NAME/latest is the highest version",
              r.stdout + r.stderr)

        # Gate v1 vs v2 with write-back, then record the promotion.
        report_json = os.path.join(work, "gate.json")
        report_md = os.path.join(work, "gate.md")
        r = cli("gate", "--tracking-uri", uri_a, "--champion", "models:/churn@champion", "--candidate",
                "models:/churn@candidate", "--policy", policy, "--json", report_json, "--markdown", report_md,
                "--write-back")
        check(r.returncode == 0 and json.load(open(report_json))["gate_result"] == "PROMOTED",
              "gate v1 vs v2 through the real server is PROMOTED", r.stdout + r.stderr)
        sha = hashlib.sha256(open(report_json, "rb").read()).hexdigest()
        tags = client_a.get_model_version("churn", "2").tags
        check(tags.get("gate_result") == "PROMOTED" and tags.get("gate_report_sha256") == sha
              and "gate_net_benefit_delta" in tags, "write-back: candidate version tagged", str(tags))
        listed = [f.path for f in client_a.list_artifacts(runs_a["2"], "gatereview")]
        check("gatereview/gate-report.json" in listed, "write-back: report logged as a run artifact", str(listed))
        r = cli("log", "record", "--log", log, "--report", report_json, "--decision", "promote_candidate",
                "--rationale", "wins on net benefit", "--author", "alice")
        check(r.returncode == 0, "decision recorded", r.stdout + r.stderr)

        # Item 1: someone moves @champion to v3 -> refused, naming what changed.
        client_a.set_registered_model_alias("churn", "champion", "3")
        r = cli("mlflow", "promote", "--decision", "1", "--yes", "--log", log, "--tracking-uri", uri_a)
        check(r.returncode == 1 and "now points at v3" in r.stderr and champion(client_a) == "3",
              "item 1: champion moved to v3 after the review -> promote refuses", r.stdout + r.stderr)
        # Item 2: another server with the same model name -> refused.
        r = cli("mlflow", "promote", "--decision", "1", "--yes", "--log", log, "--tracking-uri", uri_b)
        check(r.returncode == 1 and "not reviewed" in r.stderr and champion(client_b) == "1",
              "item 2: server B -> promote refuses, B untouched", r.stdout + r.stderr)
        # Item 3: @champion unset -> named.
        client_a.delete_registered_model_alias("churn", "champion")
        r = cli("mlflow", "promote", "--decision", "1", "--yes", "--log", log, "--tracking-uri", uri_a)
        check(r.returncode == 1 and "is unset now" in r.stderr and champion(client_a) is None,
              "item 3: champion unset -> reported, nothing moved", r.stdout + r.stderr)
        # Item 4: dry run exits 0; promotes once; the action cannot run again; guarded rollback.
        client_a.set_registered_model_alias("churn", "champion", "1")
        r = cli("mlflow", "promote", "--decision", "1", "--log", log, "--tracking-uri", uri_a)
        check(r.returncode == 0 and "Would move churn@champion: v1" in r.stdout and champion(client_a) == "1",
              "item 4: dry run exits 0 and moves nothing", r.stdout + r.stderr)
        r = cli("mlflow", "promote", "--decision", "1", "--yes", "--author", "carol", "--log", log,
                "--tracking-uri", uri_a)
        check(r.returncode == 0 and "(confirmed)" in r.stdout and champion(client_a) == "2",
              "item 4: promote moves @champion v1 -> v2 and reads it back", r.stdout + r.stderr)
        r = cli("mlflow", "promote", "--decision", "1", "--yes", "--log", log, "--tracking-uri", uri_a)
        check(r.returncode == 1 and "already executed" in r.stderr, "item 4: a promotion executes once",
              r.stdout + r.stderr)
        r = cli("mlflow", "promote", "--decision", "2", "--yes", "--log", log, "--tracking-uri", uri_a)
        check(r.returncode == 1 and "registry action" in r.stderr, "item 4: the action record is not promotable",
              r.stdout + r.stderr)
        r = cli("mlflow", "rollback", "--action", "2", "--yes", "--log", log, "--tracking-uri", uri_a)
        check(r.returncode == 0 and champion(client_a) == "1", "item 4: rollback is its own guarded command",
              r.stdout + r.stderr)
        r = cli("mlflow", "promote", "--decision", "1", "--yes", "--log", log, "--tracking-uri", uri_a)
        check(r.returncode == 1 and champion(client_a) == "1", "item 4: no replay after the rollback",
              r.stdout + r.stderr)
        r = cli("log", "show", "2", "--log", log)
        check("Author:      carol" in r.stdout and "Registry action" in r.stdout,
              "item 4: --author recorded on the action record", r.stdout)

        # 401 / 403 hints.
        r = cli("mlflow", "models", "--tracking-uri", a.url)
        check(r.returncode == 2 and "401" in r.stderr and "wants credentials" in r.stderr,
              "item 9: 401 without credentials asks for them", r.stderr)
        admin_call("/api/2.0/mlflow/users/create", {"username": "viewer", "password": "viewerpw-9876"},
                   "POST", password)
        viewer_env = dict(clean_env, MLFLOW_TRACKING_USERNAME="viewer", MLFLOW_TRACKING_PASSWORD="viewerpw-9876")
        r = cli("gate", "--tracking-uri", a.url, "--champion", "models:/churn@champion", "--candidate",
                "models:/churn/2", "--policy", policy, "--write-back", env=viewer_env)
        check(r.returncode == 2 and "403" in r.stderr and "you are authenticated" in r.stderr
              and "viewerpw" not in r.stderr, "item 9: 403 for an authenticated reader says so", r.stderr)

        # Item 7: threshold logged as a metric only.
        folder = os.path.join(work, "metric-threshold")
        os.makedirs(folder)
        write_predictions(os.path.join(folder, "predictions.csv"), rng.random(labels.size), labels)
        with mlflow.start_run(run_name="metric-threshold") as run:
            mlflow.log_metric("threshold", 0.35)
            mlflow.log_artifact(os.path.join(folder, "predictions.csv"))
        r = cli("mlflow", "show", "runs:/" + run.info.run_id, "--tracking-uri", uri_a)
        check(r.returncode == 0 and "threshold  0.35" in r.stdout and "'threshold' metric" in r.stdout,
              "item 7: threshold from a metric", r.stdout + r.stderr)
        # Item 8: .csv.gz in the default lookup; an evaluate-classifier-style run; no server paths.
        folder = os.path.join(work, "gz")
        os.makedirs(folder)
        write_predictions(os.path.join(folder, "predictions.csv.gz"), rng.random(labels.size), labels, True)
        with mlflow.start_run(run_name="gz") as run:
            mlflow.log_artifact(os.path.join(folder, "predictions.csv.gz"))
        r = cli("mlflow", "show", "runs:/" + run.info.run_id, "--tracking-uri", uri_a)
        check(r.returncode == 0 and "predictions.csv.gz" in r.stdout and "3000 rows" in r.stdout,
              "item 8: predictions.csv.gz found by the default lookup", r.stdout + r.stderr)
        folder = os.path.join(work, "evaluate")
        os.makedirs(folder)
        for name in ("confusion_matrix.png", "roc_curve_plot.png", "eval_summary.json"):
            open(os.path.join(folder, name), "w").write("x")
        with mlflow.start_run(run_name="evaluate-classifier") as run:
            mlflow.log_metric("accuracy_score", 0.9)
            mlflow.log_artifacts(folder)
        r = cli("mlflow", "show", "runs:/" + run.info.run_id, "--tracking-uri", uri_a)
        check(r.returncode == 2 and "confusion_matrix.png" in r.stderr and "mlflow.evaluate" in r.stderr
              and a.root not in r.stderr, "item 8: evaluate-classifier run: clear message, artifacts listed, "
              "no server path", r.stderr)

        # Item 9: report takes MLflow sources; https:// against plain HTTP fails fast.
        report_out = os.path.join(work, "report.md")
        r = cli("report", "--tracking-uri", uri_a, "--champion", "models:/churn/1", "--candidate",
                "models:/churn/latest", "--policy", policy, "--output", report_out)
        check(r.returncode == 0 and os.path.exists(report_out), "item 9: report --tracking-uri", r.stdout + r.stderr)
        started = time.time()
        r = cli("mlflow", "models", "--tracking-uri", uri_a.replace("http://", "https://"))
        check(r.returncode == 2 and time.time() - started < 12 and "TLS" in r.stderr,
              "item 9: https:// against the plain-HTTP port fails fast (%.1f s)" % (time.time() - started), r.stderr)

        # Item 5: the password never appears in any output, report or the log's bytes.
        leaked = [cmd for cmd, text in outputs if password in text]
        for path in (report_json, report_md, report_out, log, log + "-wal"):
            if os.path.exists(path) and password.encode() in open(path, "rb").read():
                leaked.append(path)
        check(not leaked, "item 5: no trace of the password in %d outputs, the reports and the log" % len(outputs),
              str(leaked))
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    if os.environ.get("GATEREVIEW_LIVE_CHILD") == "1":
        p = argparse.ArgumentParser()
        p.add_argument("--gatereview", required=True)
        p.add_argument("--shared", default="")
        a = p.parse_args()
        py = sys.executable
        sys.exit(run_tests(a.gatereview, py, os.environ["PYTHONPATH"]))
    sys.exit(main())

#!/usr/bin/env python3
"""Bench (not a test): a 1M-row champion/candidate pair gated through a real MLflow 2.10.2 server.

Starts `mlflow server` (default artifact proxy, sqlite backend) on a free loopback port in its own
process group, logs ../shared/bench/gen_predictions.py's two files as run artifacts with the real
client, then times, median of --repeat runs each:
  curl-proxy       curl downloading both files through /api/2.0/mlflow-artifacts/artifacts/...
  curl-get         curl downloading both through /get-artifact?path=...&run_uuid=...
  gate             `gatereview gate --champion runs:/A --candidate runs:/B` (its default route)
  gate-via-proxy   the same with GATEREVIEW_MLFLOW_ARTIFACT_ROUTE=proxy
The issue's target: gate-via-proxy <= 3 x curl-proxy + 2 s.
Usage: mlflow_proxy_bench.py --gatereview PATH --shared DIR [--rows N] [--repeat K]
"""
import argparse, os, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(cmd, env=None):
    start = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode not in (0,):
        sys.exit("%s failed (%d): %s" % (cmd[0], r.returncode, r.stderr[-500:]))
    return elapsed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--gatereview", required=True)
    p.add_argument("--shared", required=True)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    pythonpath = subprocess.check_output(["sh", os.path.join(args.shared, "mlflow-2.10.2-server", "mlflow-env")],
                                         text=True).strip()
    if os.environ.get("GATEREVIEW_BENCH_CHILD") != "1":
        os.execve("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv,
                  dict(os.environ, PYTHONPATH=pythonpath, GATEREVIEW_BENCH_CHILD="1"))
    import mlflow
    work = tempfile.mkdtemp(prefix="gatereview-bench-")
    subprocess.check_call(["/usr/bin/python3", os.path.join(args.shared, "bench", "gen_predictions.py"),
                           str(args.rows), work, "42"], stdout=subprocess.DEVNULL)
    port = free_port()
    url = "http://127.0.0.1:%d" % port
    server = subprocess.Popen(["/usr/bin/python3", "-m", "mlflow", "server", "--backend-store-uri",
                               "sqlite:///" + os.path.join(work, "mlflow.db"), "--artifacts-destination",
                               os.path.join(work, "artifacts"), "--host", "127.0.0.1", "--port", str(port),
                               "--workers", "1"], cwd=work, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        mlflow.set_tracking_uri(url)
        runs = {}
        for side in ("champion", "candidate"):
            folder = os.path.join(work, side)
            os.makedirs(folder)
            os.rename(os.path.join(work, side + ".csv"), os.path.join(folder, "predictions.csv"))
            with mlflow.start_run(run_name=side) as run:
                mlflow.log_artifact(os.path.join(folder, "predictions.csv"))
                runs[side] = run
        size = os.path.getsize(os.path.join(work, "champion", "predictions.csv"))
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        routes = {
            "curl-proxy": lambda: sum(timed(["curl", "-sf", "-o", "/dev/null", url + "/api/2.0/mlflow-artifacts/artifacts/"
                                             + r.info.artifact_uri.split("mlflow-artifacts:/", 1)[1].lstrip("/")
                                             + "/predictions.csv"]) for r in runs.values()),
            "curl-get": lambda: sum(timed(["curl", "-sf", "-o", "/dev/null", url + "/get-artifact?path=predictions.csv"
                                           "&run_uuid=" + r.info.run_id]) for r in runs.values()),
            "gate": lambda: timed([args.gatereview, "gate", "--tracking-uri", url, "--champion",
                                   "runs:/" + runs["champion"].info.run_id, "--candidate",
                                   "runs:/" + runs["candidate"].info.run_id, "--quiet"], env),
            "gate-via-proxy": lambda: timed([args.gatereview, "gate", "--tracking-uri", url, "--champion",
                                             "runs:/" + runs["champion"].info.run_id, "--candidate",
                                             "runs:/" + runs["candidate"].info.run_id, "--quiet"],
                                            dict(env, GATEREVIEW_MLFLOW_ARTIFACT_ROUTE="proxy")),
        }
        print("rows per file: %d, bytes per file: %d" % (args.rows, size))
        results = {}
        for name, run in routes.items():
            samples = [run() for _ in range(args.repeat)]
            results[name] = statistics.median(samples)
            print("%-15s median %.2f s  (%s)" % (name, results[name], ", ".join("%.2f" % s for s in samples)))
        target = 3 * results["curl-proxy"] + 2
        print("target gate-via-proxy <= 3 x curl-proxy + 2 s = %.2f s: %s" %
              (target, "met" if results["gate-via-proxy"] <= target else "NOT met"))
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            time.sleep(2)
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The driver of scripts/bench/compare: starts each server (SwiftBento, BentoML, the bare
Hummingbird route) one at a time on 127.0.0.1, checks its answers, measures its cold start and
RSS, drives it with wrk at 1, 16 and 64 connections, stops it by PID, and prints the tables.

Usage (scripts/bench/compare prepares the arguments):
    compare.py --bin DIR --python VENV_PYTHON --onnxruntime CAPI_DIR [--work .bench]
               [--rounds 2] [--duration 6] [--only iris,ppocr,minilm] [--quick]

--quick checks that every server answers correctly and that one short wrk run gets only 2xx
answers; it measures nothing and never judges a speed. Standard library only.
"""
import argparse
import csv
import http.client
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
LUA = os.path.join(HERE, "wrk-post.lua")
CONNECTIONS = [1, 16, 64]


class CheckFailed(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# What is served and what is sent

class Endpoint:
    def __init__(self, label, path, body, headers, check, kind="json"):
        self.label, self.path, self.body, self.headers, self.check, self.kind = label, path, body, headers, check, kind


class Server:
    def __init__(self, workload, side, configuration, batching, argv, env, endpoints, cwd=ROOT):
        self.workload, self.side, self.configuration, self.batching = workload, side, configuration, batching
        self.argv, self.env, self.endpoints, self.cwd = argv, env, endpoints, cwd

    @property
    def name(self):
        batching = {True: ", batching", False: "", None: ""}[self.batching]
        return f"{self.side} {self.configuration}{batching}"


def near(actual, expected, tolerance, what):
    if len(actual) != len(expected):
        raise CheckFailed(f"{what}: {len(actual)} values, expected {len(expected)}")
    worst = max(abs(float(a) - float(e)) for a, e in zip(actual, expected))
    if worst > tolerance:
        raise CheckFailed(f"{what}: differs from onnxruntime's answer by {worst:.3g} (tolerance {tolerance})")


def checks(expected):
    iris_label = expected["iris"]["label"]
    species = ["setosa", "versicolor", "virginica"][iris_label]
    ppocr = expected["ppocr"]
    embedding = expected["minilm"]["embedding"]

    def iris_list(doc, headers):  # BentoML: [label]
        if doc != [iris_label]:
            raise CheckFailed(f"expected [{iris_label}], got {str(doc)[:200]}")

    def iris_tensors(doc, headers):  # zero-code and bare: {"label": [..], "probabilities": [[..]]}
        if doc.get("label") != [iris_label] or len(doc.get("probabilities", [[]])[0]) != 3:
            raise CheckFailed(f"expected label [{iris_label}] and 3 probabilities, got {str(doc)[:200]}")

    def iris_v2(doc, headers):
        outputs = {o["name"]: o for o in doc.get("outputs", [])}
        if "label" not in outputs or [int(v) for v in outputs["label"]["data"]] != [iris_label]:
            raise CheckFailed(f"expected a v2 'label' output of [{iris_label}], got {str(doc)[:200]}")

    def iris_service(doc, headers):
        if doc.get("species") != [species]:
            raise CheckFailed(f"expected species ['{species}'], got {str(doc)[:200]}")

    def ppocr_list(doc, headers):
        near(doc[0], ppocr["probabilities"], 1e-4, "PP-OCR probabilities")

    def ppocr_tensors(doc, headers):
        if ppocr["output"] not in doc:
            raise CheckFailed(f"expected output '{ppocr['output']}', got keys {list(doc)[:5]}")
        near(doc[ppocr["output"]][0], ppocr["probabilities"], 1e-4, "PP-OCR probabilities")

    def ppocr_v2_binary(body, headers):
        length = int(headers.get("inference-header-content-length", "-1"))
        if length < 0:
            raise CheckFailed("binary v2 answer has no Inference-Header-Content-Length header")
        header = json.loads(body[:length])
        output = header["outputs"][0]
        if output["name"] != ppocr["output"] or output["parameters"]["binary_data_size"] != 8:
            raise CheckFailed(f"unexpected binary v2 header {header}")
        import struct
        near(struct.unpack("<2f", body[length:length + 8]), ppocr["probabilities"], 1e-4, "PP-OCR probabilities")

    def minilm_list(doc, headers):
        if len(doc) != 1:
            raise CheckFailed(f"expected one embedding, got {len(doc)}")
        near(doc[0], embedding, 1e-4, "MiniLM embedding")

    return dict(iris_list=iris_list, iris_tensors=iris_tensors, iris_v2=iris_v2, iris_service=iris_service,
                ppocr_list=ppocr_list, ppocr_tensors=ppocr_tensors, ppocr_v2_binary=ppocr_v2_binary,
                minilm_list=minilm_list)


def servers(args, expected):
    c = checks(expected)
    body = lambda name: os.path.join(args.work, "bodies", name)
    models = os.path.join(args.work, "models")
    json_headers = ["Content-Type: application/json"]
    with open(body("ppocr_v2.header-length")) as f:
        v2_binary_headers = ["Content-Type: application/octet-stream", f"Inference-Header-Content-Length: {f.read().strip()}"]
    swift_env = {"BENTO_HOME": os.path.join(args.work, "home"), "BENTO_ONNXRUNTIME": args.onnxruntime,
                 "BENTO_LOG_LEVEL": "warning"}
    bentoml_env = {"BENTOML_HOME": os.path.join(args.work, "bentoml-home"), "BENTOML_DO_NOT_TRACK": "True",
                   "BENCH_WORKERS": "2"}
    bentoml = os.path.join(os.path.dirname(args.python), "bentoml")
    bento = os.path.join(args.bin, "bento")
    out = []

    def batching_options(on):
        return {} if on else {"BENTO_CONFIG_OPTIONS": "runners.batching.enabled=false"}

    def bentoml_server(workload, configuration, cls, model, endpoint_check, body_name, batching):
        env = {**bentoml_env, "BENCH_MODEL": os.path.join(models, model), "BENCH_BATCHING": "1" if batching else "0"}
        argv = [bentoml, "serve", f"bentoml_services:{cls}", "--host", "127.0.0.1", "--port", "{port}"]
        endpoints = [Endpoint("/predict", "/predict", body(body_name), json_headers, endpoint_check)]
        return Server(workload, "BentoML", configuration, batching, argv, env, endpoints, cwd=HERE)

    for batching in [False, True]:
        if "iris" in args.only:
            out.append(bentoml_server("iris", "scikit-learn", "IrisSklearn", "iris.pkl", c["iris_list"], "iris_zero.json", batching))
            out.append(bentoml_server("iris", "onnxruntime", "IrisOnnx", "iris_logreg.onnx", c["iris_list"], "iris_zero.json", batching))
            out.append(Server("iris", "SwiftBento", "zero-code", batching,
                              [bento, "serve", "iris", "--host", "127.0.0.1", "--port", "{port}"],
                              {**swift_env, **batching_options(batching)},
                              [Endpoint("/iris/predict", "/iris/predict", body("iris_zero.json"), json_headers, c["iris_tensors"]),
                               Endpoint("v2 infer (JSON)", "/v2/models/iris/infer", body("iris_v2.json"), json_headers, c["iris_v2"])]))
        if "ppocr" in args.only:
            out.append(bentoml_server("ppocr", "onnxruntime", "PPOCRCls", "ppocr_cls.onnx", c["ppocr_list"], "ppocr.json", batching))
            out.append(Server("ppocr", "SwiftBento", "zero-code", batching,
                              [bento, "serve", "ppocr", "--host", "127.0.0.1", "--port", "{port}"],
                              {**swift_env, **batching_options(batching)},
                              [Endpoint("/ppocr/predict (JSON)", "/ppocr/predict", body("ppocr.json"), json_headers, c["ppocr_tensors"]),
                               Endpoint("v2 infer (binary)", "/v2/models/ppocr/infer", body("ppocr_v2.bin"), v2_binary_headers,
                                        c["ppocr_v2_binary"], kind="binary")]))
        if "minilm" in args.only:
            out.append(bentoml_server("minilm", "onnxruntime", "MiniLM", "minilm.onnx", c["minilm_list"], "minilm.json", batching))
            out.append(Server("minilm", "SwiftBento", "service", batching,
                              [os.path.join(args.bin, "bench-minilm-service"), "serve", "--host", "127.0.0.1", "--port", "{port}"],
                              {**swift_env, **batching_options(batching), "BENCH_MINILM_MODEL": os.path.join(models, "minilm.onnx")},
                              [Endpoint("/predict", "/predict", body("minilm.json"), json_headers, c["minilm_list"])]))
    if "iris" in args.only:
        # The Swift service batches as its code says (a code service's runner settings come from its code).
        out.append(Server("iris", "SwiftBento", "Swift service (Examples/IrisService)", True,
                          [os.path.join(args.bin, "iris-service"), "serve", "--host", "127.0.0.1", "--port", "{port}"],
                          swift_env,
                          [Endpoint("/classify", "/classify", body("iris_service.json"), json_headers, c["iris_service"])]))
        out.append(Server("iris", "bare", "Hummingbird route", None,
                          [os.path.join(args.bin, "bento-http-bench"), "bare", "{port}"], {},
                          [Endpoint("/iris/predict", "/iris/predict", body("iris_zero.json"), json_headers, c["iris_tensors"]),
                           Endpoint("v2 infer (JSON)", "/v2/models/iris/infer", body("iris_v2.json"), json_headers, c["iris_v2"])]))
    return out


# ---------------------------------------------------------------------------------------------
# Processes

def free_port():
    """A free port outside the kernel's ephemeral range (where other programs' port-0 servers and
    outgoing connections land), so nobody else takes it between this check and the server's bind."""
    import random
    for _ in range(200):
        port = random.randint(20000, 29999)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise CheckFailed("no free port in 20000-29999")


def process_tree(root):
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def rss_mib(root):
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def post(port, endpoint, timeout=10):
    with open(endpoint.body, "rb") as f:
        data = f.read()
    headers = dict(h.split(": ", 1) for h in endpoint.headers)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", endpoint.path, body=data, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def get_status(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def check_answer(server, endpoint, port):
    status, headers, body = post(port, endpoint)
    if status != 200:
        raise CheckFailed(f"{server.name} {endpoint.label}: HTTP {status}: {body[:300]!r}")
    try:
        endpoint.check(body if endpoint.kind == "binary" else json.loads(body), headers)
    except CheckFailed as error:
        raise CheckFailed(f"{server.name} {endpoint.label}: {error}") from None


class Running:
    """One started server: its process (a session of its own), port and log."""

    def __init__(self, server, work, start_timeout):
        self.server = server
        self.port = free_port()
        self.log_path = os.path.join(work, "logs", f"{server.workload}-{server.side}-{len(os.listdir(os.path.join(work, 'logs')))}.log")
        argv = [a.replace("{port}", str(self.port)) for a in server.argv]
        env = {**os.environ, **server.env}
        self.log = open(self.log_path, "wb")
        launched = time.monotonic()
        self.process = subprocess.Popen(argv, cwd=server.cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        # Cold start: launch to the first 200 from the endpoint itself.
        first = server.endpoints[0]
        deadline = launched + start_timeout
        while True:
            if self.process.poll() is not None:
                raise CheckFailed(f"{server.name} exited with {self.process.returncode} before answering; see {self.log_path}")
            if time.monotonic() > deadline:
                raise CheckFailed(f"{server.name} gave no 200 within {start_timeout} s; see {self.log_path}")
            try:
                status, _, _ = post(self.port, first, timeout=5)
                if status == 200:
                    break
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.005)
        self.ready_s = time.monotonic() - launched
        if server.side == "bare":
            return  # the bare route has no probes
        for _ in range(100):
            if get_status(self.port, "/readyz") == 200:
                break
            time.sleep(0.1)
        else:
            raise CheckFailed(f"{server.name} answered but /readyz stayed non-200")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        # Whatever of its session is left (BentoML's worker processes, a hung server) goes too.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.log.close()


def wrk(port, endpoint, connections, seconds):
    env = {**os.environ, "BENCH_BODY_FILE": endpoint.body, "BENCH_HEADERS": "\n".join(endpoint.headers),
           "BENCH_CONNECTIONS": str(connections)}
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", LUA,
            f"http://127.0.0.1:{port}{endpoint.path}"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=seconds + 60)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise CheckFailed(f"wrk printed no result (exit {done.returncode}): {done.stdout[-500:]} {done.stderr[-500:]}")


class RSSSampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stopping = pid, 0.0, threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            self.stopping.wait(0.25)

    def finish(self):
        self.stopping.set()
        self.join()
        return max(self.peak, rss_mib(self.pid))


# ---------------------------------------------------------------------------------------------
# Runs

def groups(plan):
    """Servers measured together: each BentoML server alone; SwiftBento's and the bare route's servers
    of one workload side by side, with their points interleaved (c=1 on each, then c=16 on each, ...),
    so a ratio between them compares figures taken seconds apart on this shared machine."""
    out = []
    for workload in ["iris", "ppocr", "minilm"]:
        out += [[s] for s in plan if s.workload == workload and s.side == "BentoML"]
        ours = [s for s in plan if s.workload == workload and s.side != "BentoML"]
        if ours:
            out.append(ours)
    return out


def run_group(group, args, round_number, rows):
    started = []
    try:
        for server in group:  # one at a time, so each cold start is measured alone
            started.append(Running(server, args.work, args.start_timeout))
            for endpoint in server.endpoints:
                check_answer(server, endpoint, started[-1].port)
        time.sleep(0.5 if args.quick else 1.0)
        idle = {id(r): rss_mib(r.process.pid) for r in started}
        points = [(r, e) for r in started for e in r.server.endpoints]
        if args.quick:
            for running, endpoint in points:
                server = running.server
                result = wrk(running.port, endpoint, 4, 1)
                problems = []
                if result["requests"] == 0:
                    problems.append("no answers")
                if result["non2xx"] or result["socket_errors"]:
                    problems.append(f"{result['non2xx']} non-2xx answers, {result['socket_errors']} socket errors")
                if result.get("recorded", 0) != result["requests"]:
                    problems.append(f"latency histogram holds {result.get('recorded')} of {result['requests']} answers")
                if problems:
                    raise CheckFailed(f"{server.name} {endpoint.label} under wrk: {'; '.join(problems)}")
                check_answer(server, endpoint, running.port)  # still right after the load
                print(f"ok  {server.workload:<7} {server.name:<44} {endpoint.label:<22} ready in {running.ready_s:.2f} s",
                      flush=True)
            return
        for running, endpoint in points:
            wrk(running.port, endpoint, 16, args.warmup)
        for connections in CONNECTIONS:
            for running, endpoint in points:
                server = running.server
                sampler = RSSSampler(running.process.pid)
                sampler.start()
                result = wrk(running.port, endpoint, connections, args.duration)
                peak = sampler.finish()
                seconds = result["duration_us"] / 1e6
                # Throughput counts 2xx answers only; shed (503) and failed requests are errors.
                row = dict(round=round_number, workload=server.workload, side=server.side,
                           configuration=server.configuration,
                           batching={True: "on", False: "off", None: ""}[server.batching],
                           endpoint=endpoint.label, connections=connections,
                           requests_per_s=round((result["requests"] - result["non2xx"]) / seconds, 1),
                           p50_ms=result.get("p50_us", 0) / 1000, p99_ms=result.get("p99_us", 0) / 1000,
                           p999_ms=result.get("p999_us", 0) / 1000, max_ms=result.get("max_us", 0) / 1000,
                           non2xx=result["non2xx"], socket_errors=result["socket_errors"],
                           requests=result["requests"], ready_s=round(running.ready_s, 3),
                           rss_idle_mib=round(idle[id(running)], 1), rss_load_mib=round(peak, 1))
                rows.append(row)
                print(f"  {server.workload:<7} {server.name:<44} {endpoint.label:<22} c={connections:<3} "
                      f"{row['requests_per_s']:>9.1f} req/s  p50 {row['p50_ms']:.2f}  p99 {row['p99_ms']:.2f} ms  "
                      f"errors {row['non2xx'] + row['socket_errors']}", flush=True)
    finally:
        for running in started:
            running.stop()


def ort_limit(args, seconds):
    script = os.path.join(HERE, "ort_limit.py")
    done = subprocess.run([args.python, script, os.path.join(args.work, "models", "minilm.onnx"), str(seconds)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise CheckFailed(f"ort_limit.py failed: {done.stderr[-1000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_models(args):
    home = os.path.join(args.work, "home")
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "BENTO_HOME": home, "BENTO_ONNXRUNTIME": args.onnxruntime}
    for name, file in [("iris", "iris_logreg.onnx"), ("ppocr", "ppocr_cls.onnx")]:
        subprocess.run([os.path.join(args.bin, "bento"), "models", "import", os.path.join(args.work, "models", file),
                        "--name", name], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------
# Tables

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=None):
    if value is None:
        return "—"
    if digits is None:
        digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:,.{digits}f}"


def summarize(rows):
    """Medians over rounds: {(workload, side, configuration, batching, endpoint): {c: {...}}}."""
    table = {}
    for row in rows:
        key = (row["workload"], row["side"], row["configuration"], row["batching"], row["endpoint"])
        table.setdefault(key, {}).setdefault(row["connections"], []).append(row)
    out = {}
    for key, by_c in table.items():
        out[key] = {}
        for c, samples in by_c.items():
            out[key][c] = {field: median([s[field] for s in samples]) for field in
                           ["requests_per_s", "p50_ms", "p99_ms", "p999_ms", "ready_s", "rss_idle_mib", "rss_load_mib"]}
            out[key][c]["errors"] = sum(s["non2xx"] + s["socket_errors"] for s in samples)
            out[key][c]["rounds"] = len(samples)
    return out


def label(key):
    workload, side, configuration, batching, endpoint = key
    text = f"{side} {configuration}" + (", batching" if batching == "on" else "")
    return f"{text}: {endpoint}"


def triple(by_c, field, digits=None):
    return " / ".join(fmt(by_c.get(c, {}).get(field), digits) for c in CONNECTIONS)


def render(summary, limit, args):
    # A row some point of which never ran (its server failed in every round) is left out.
    summary = {k: v for k, v in summary.items() if all(c in v for c in CONNECTIONS)}
    lines = []
    titles = {"iris": "iris (scikit-learn LogisticRegression; ONNX for SwiftBento and \"BentoML onnxruntime\")",
              "ppocr": "PP-OCR text-direction classifier (ch_ppocr_mobile_v2.0_cls, one 3×48×192 image)",
              "minilm": "all-MiniLM-L6-v2 (32 token ids in, mean-pooled [1, 384] out)"}
    for workload in ["iris", "ppocr", "minilm"]:
        keys = [k for k in summary if k[0] == workload]
        if not keys:
            continue
        bentoml = [k for k in keys if k[1] == "BentoML"]
        best = {c: max((summary[k][c]["requests_per_s"] for k in bentoml), default=None) for c in CONNECTIONS}
        lines += [f"### {titles[workload]}", "",
                  "| configuration: endpoint | req/s at c=1 / 16 / 64 | p50 ms | p99 ms | p99.9 ms | errors | ready s "
                  "| RSS MiB idle → load | req/s ÷ BentoML best |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        order = {"BentoML": 0, "SwiftBento": 1, "bare": 2}
        for key in sorted(keys, key=lambda k: (order[k[1]], k[2], k[3], k[4])):
            by_c = summary[key]
            first = by_c[CONNECTIONS[0]]
            ratio = "—"
            if key[1] != "BentoML" and all(best[c] for c in CONNECTIONS):
                ratio = " / ".join(f"{by_c[c]['requests_per_s'] / best[c]:.1f}×" for c in CONNECTIONS)
            errors = sum(by_c[c]["errors"] for c in CONNECTIONS)
            rss = f"{fmt(first['rss_idle_mib'], 0)} → {fmt(max(by_c[c]['rss_load_mib'] for c in CONNECTIONS), 0)}"
            lines.append(f"| {label(key)} | {triple(by_c, 'requests_per_s', 0)} | {triple(by_c, 'p50_ms')} | "
                         f"{triple(by_c, 'p99_ms')} | {triple(by_c, 'p999_ms')} | {errors} | {fmt(first['ready_s'], 2)} | "
                         f"{rss} | {ratio} |")
        lines.append("")
        if workload == "minilm" and limit:
            lines += [f"ONNX Runtime alone (no server), MiniLM S=32, best of batch sizes {limit['batches']} on "
                      f"{limit['threads']} threads × 1 intra-op thread: **{limit['best_per_s']:,.0f} sequences/s** at batch "
                      f"{limit['best_batch']} (median of {limit['rounds']} runs).", ""]
    lines += render_issue5(summary)
    lines += render_targets(summary, limit)
    return "\n".join(lines)


def find(summary, workload, side, configuration, batching, endpoint):
    return summary.get((workload, side, configuration, batching, endpoint))


def render_issue5(summary):
    bare_json = find(summary, "iris", "bare", "Hummingbird route", "", "/iris/predict")
    bare_v2 = find(summary, "iris", "bare", "Hummingbird route", "", "v2 infer (JSON)")
    if not bare_json:
        return []
    lines = ["### Served iris next to a bare Hummingbird route doing the same JSON work (issue 5)", "",
             "| server: endpoint | req/s at c=1 / 16 / 64 | p99 ms | served ÷ bare |", "| --- | --- | --- | --- |"]
    rows = [(("iris", "bare", "Hummingbird route", "", "/iris/predict"), None),
            (("iris", "bare", "Hummingbird route", "", "v2 infer (JSON)"), None)]
    for batching in ["off", "on"]:
        rows.append((("iris", "SwiftBento", "zero-code", batching, "/iris/predict"), bare_json))
        rows.append((("iris", "SwiftBento", "zero-code", batching, "v2 infer (JSON)"), bare_v2))
    rows.append((("iris", "SwiftBento", "Swift service (Examples/IrisService)", "on", "/classify"), bare_json))
    for key, bare in rows:
        by_c = summary.get(key)
        if not by_c:
            continue
        ratio = "—" if bare is None else " / ".join(
            f"{by_c[c]['requests_per_s'] / bare[c]['requests_per_s']:.0%}" for c in CONNECTIONS)
        lines.append(f"| {label(key)} | {triple(by_c, 'requests_per_s', 0)} | {triple(by_c, 'p99_ms')} | {ratio} |")
    return lines + [""]


def render_targets(summary, limit):
    lines = ["### Targets (issue 8), from the medians above", "", "| target | measured | met |", "| --- | --- | --- |"]

    def add(text, value, ok):
        lines.append(f"| {text} | {value} | {'yes' if ok else '**no**'} |")

    def bentoml_keys(workload):
        return [k for k in summary if k[0] == workload and k[1] == "BentoML"]

    def best_rps(workload, c):
        keys = bentoml_keys(workload)
        return max(keys, key=lambda k: summary[k][c]["requests_per_s"]) if keys else None

    iris = find(summary, "iris", "SwiftBento", "zero-code", "on", "/iris/predict")
    iris_off = find(summary, "iris", "SwiftBento", "zero-code", "off", "/iris/predict")
    bare = find(summary, "iris", "bare", "Hummingbird route", "", "/iris/predict")
    top = best_rps("iris", 64)
    if iris and top:
        b = summary[top][64]
        ratio = iris[64]["requests_per_s"] / b["requests_per_s"]
        context = f"; the bare route: {bare[64]['requests_per_s'] / b['requests_per_s']:.1f}×" if bare else ""
        add("iris c=64: ≥ 20× BentoML best's req/s", f"{ratio:.1f}× (vs {label(top)}{context})", ratio >= 20)
        p99 = iris[64]["p99_ms"] / b["p99_ms"]
        add("iris c=64: p99 ≤ 1/20 of BentoML best's", f"{p99:.3f} ({iris[64]['p99_ms']:.2f} vs {b['p99_ms']:.1f} ms)", p99 <= 0.05)
        p50_best = min(summary[k][1]["p50_ms"] for k in bentoml_keys("iris"))
        p50 = iris[1]["p50_ms"] / p50_best
        add("iris c=1: p50 ≤ 1/5 of BentoML's (its lowest)", f"{p50:.2f} ({iris[1]['p50_ms']:.3f} vs {p50_best:.2f} ms)", p50 <= 0.2)
    if iris and iris_off:
        extra = iris[1]["p50_ms"] / iris_off[1]["p50_ms"] - 1
        add("iris c=1: batching adds ≤ 10% to p50", f"{extra:+.0%} ({iris[1]['p50_ms']:.3f} vs {iris_off[1]['p50_ms']:.3f} ms)", extra <= 0.10)
    if iris and bare:
        ratios = [iris[c]["requests_per_s"] / bare[c]["requests_per_s"] for c in CONNECTIONS]
        add("iris zero-code ≥ 70% of the bare route (c=1/16/64)", " / ".join(f"{r:.0%}" for r in ratios), min(ratios) >= 0.7)
    for endpoint in ["/ppocr/predict (JSON)", "v2 infer (binary)"]:
        keys = [k for k in summary if k[0] == "ppocr" and k[1] == "SwiftBento" and k[4] == endpoint]
        if keys and bentoml_keys("ppocr"):
            ratios = [max(summary[k][c]["requests_per_s"] for k in keys) /
                      summary[best_rps("ppocr", c)][c]["requests_per_s"] for c in CONNECTIONS]
            add(f"PP-OCR {endpoint}: ≥ 2× BentoML best (c=1/16/64)", " / ".join(f"{r:.1f}×" for r in ratios), min(ratios) >= 2)
    minilm = find(summary, "minilm", "SwiftBento", "service", "on", "/predict")
    if minilm:
        peak = max(minilm[c]["requests_per_s"] for c in CONNECTIONS)
        if limit:
            share = peak / limit["best_per_s"]
            add("MiniLM batched ≥ 85% of ONNX Runtime alone", f"{share:.0%} ({peak:,.0f} vs {limit['best_per_s']:,.0f}/s)", share >= 0.85)
        if bentoml_keys("minilm"):
            b = max(summary[k][c]["requests_per_s"] for k in bentoml_keys("minilm") for c in CONNECTIONS)
            add("MiniLM batched ≥ 1.25× BentoML best", f"{peak / b:.2f}× ({peak:,.0f} vs {b:,.0f}/s)", peak / b >= 1.25)
    for workload in ["iris", "ppocr", "minilm"]:
        for batching in ["off", "on"]:
            # Same batching setting on both sides; SwiftBento's slowest / largest (peak over the
            # run) against BentoML's fastest / smallest.
            swift = [k for k in summary if k[0] == workload and k[1] == "SwiftBento" and k[3] == batching]
            bento = [k for k in bentoml_keys(workload) if k[3] == batching]
            if not (swift and bento):
                continue
            ours_ready = max(summary[k][1]["ready_s"] for k in swift)
            theirs_ready = min(summary[k][1]["ready_s"] for k in bento)
            ours_rss = max(summary[k][c]["rss_load_mib"] for k in swift for c in CONNECTIONS)
            theirs_rss = min(max(summary[k][c]["rss_load_mib"] for c in CONNECTIONS) for k in bento)
            add(f"{workload}, batching {batching}: cold start ≤ 1/10 of BentoML's",
                f"{ours_ready / theirs_ready:.3f} ({ours_ready:.2f} vs {theirs_ready:.2f} s)", ours_ready / theirs_ready <= 0.1)
            add(f"{workload}, batching {batching}: RSS under load ≤ 1/5 of BentoML's",
                f"{ours_rss / theirs_rss:.2f} ({ours_rss:.0f} vs {theirs_rss:.0f} MiB)", ours_rss / theirs_rss <= 0.2)
    return lines + [""]


# ---------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="folder of the built bento, iris-service, bento-http-bench, bench-minilm-service")
    parser.add_argument("--python", required=True, help="the benchmark venv's python (BentoML, onnxruntime)")
    parser.add_argument("--onnxruntime", required=True, help="ONNX Runtime's library folder for SwiftBento")
    parser.add_argument("--work", default=os.path.join(ROOT, ".bench"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk point")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--only", default="iris,ppocr,minilm", help="workloads, comma-separated")
    parser.add_argument("--quick", action="store_true", help="correctness smoke test only: no figures")
    parser.add_argument("--start-timeout", type=float, default=120)
    args = parser.parse_args()
    args.only = set(args.only.split(","))
    unknown = args.only - {"iris", "ppocr", "minilm"}
    if unknown:
        parser.error(f"unknown workloads {sorted(unknown)}; choose from iris, ppocr, minilm")
    args.work = os.path.abspath(args.work)
    os.makedirs(os.path.join(args.work, "logs"), exist_ok=True)
    with open(os.path.join(args.work, "expected.json")) as f:
        expected = json.load(f)
    import_models(args)
    plan = servers(args, expected)

    if args.quick:
        failures = []
        for group in groups(plan):
            try:
                run_group(group, args, 0, [])
            except CheckFailed as error:
                failures.append(str(error))
                print(f"FAIL {error}", flush=True)
        if "minilm" in args.only:
            limit = ort_limit(args, 0.2)
            print(f"ok  ONNX Runtime alone (MiniLM): {limit['best_per_s']:.0f} sequences/s measured (not judged)")
        if failures:
            print(f"\n{len(failures)} check(s) failed", file=sys.stderr)
            sys.exit(1)
        print(f"\nall {sum(len(s.endpoints) for s in plan)} endpoints on {len(plan)} servers answered correctly")
        return

    rows, limits = [], []
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    results = os.path.join(args.work, "results")
    os.makedirs(results, exist_ok=True)
    csv_path = os.path.join(results, f"compare-{stamp}.csv")
    started = time.monotonic()
    for round_number in range(1, args.rounds + 1):
        print(f"== round {round_number} of {args.rounds}", flush=True)
        for group in groups(plan):
            try:
                run_group(group, args, round_number, rows)
            except (CheckFailed, OSError, http.client.HTTPException, subprocess.TimeoutExpired) as error:
                # One server's trouble costs its rows of this round, not the whole run.
                print(f"  SKIPPED {group[0].workload} {', '.join(s.name for s in group)}: {error}", flush=True)
                continue
            if rows:
                with open(csv_path, "w", newline="") as f:
                    writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                    writer.writeheader()
                    writer.writerows(rows)
            if group[0].workload == "minilm" and group[0].side != "BentoML":
                # The physical limit, measured right after SwiftBento's MiniLM points.
                limits.append(ort_limit(args, 3))
                print(f"  ONNX Runtime alone, MiniLM: {limits[-1]['best_per_s']:.0f} sequences/s at batch "
                      f"{limits[-1]['best_batch']}", flush=True)
    limit = None
    if limits:
        best = median([l["best_per_s"] for l in limits])
        limit = {**min(limits, key=lambda l: abs(l["best_per_s"] - best)), "best_per_s": best, "rounds": len(limits)}
    table = render(summarize(rows), limit, args)
    header = (f"Medians of {args.rounds} round(s), {args.duration} s per point after {args.warmup} s of warm-up per endpoint; "
              f"wrk 4.1 with 1 thread, keep-alive; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
              f"took {(time.monotonic() - started) / 60:.1f} min.\n")
    with open(os.path.join(results, f"compare-{stamp}.md"), "w") as f:
        f.write(header + "\n" + table + "\n")
    print("\n" + header + "\n" + table)
    print(f"raw figures: {csv_path}")


if __name__ == "__main__":
    main()

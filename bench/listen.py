#!/usr/bin/env python3
"""The `callhook listen` benchmark, every figure measured in one run on this machine.

Against a bare hyper "200 OK" server on the same stack (bench/bare_ok.rs), with
1 KB `myoperator=` form bodies:

1. throughput and p99, closed loop: wrk, 50 connections, --durability write and
   fsync, several rounds interleaved; medians and the ratios to the bare server;
2. no request lost under load: hey sends exactly N requests, and the log must
   hold exactly as many records as hey counted 2xx answers, each body's sha256
   that of the body sent;
3. latency at a fixed rate (hey -q), where closed-loop p99 hides queueing;
4. memory over a long steady run (--soak-minutes), RSS sampled from /proc.

Gates (issue 14): listen --durability write serves at least half the bare
server's requests per second (closed loop, wrk), with a p99 no worse than twice
the bare p99 plus 1 ms at the same fixed rate (hey -q: a closed loop at
saturation measures the generator's queue as much as the server; its p99 is
reported beside); exit status 1 when a gate fails.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import hashlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLHOOK = os.path.join(ROOT, "target", "release", "callhook")
BARE = os.path.join(ROOT, "target", "release", "examples", "bare-ok")


def body_1k():
    log = {
        "id": "5f25296c4122c135", "uid": "n2.1596270949.2175190",
        "reference_id": "fd771ed0-d3d1-11ea-935a-9a5b7644c4f0", "company_id": "5cd40f6554442586",
        "clid_raw": "919711636496", "clid": "9711636496", "rdnis": "unknown", "call_state": "1",
        "event": "1", "status": None, "users": ["918586848544"], "created": "2020-08-01 08:35:49",
        "call_time": "2020-08-01 08:35:49", "public_ivr_id": "5ee9a795b318a786",
    }
    text = "myoperator=" + urllib.parse.quote(json.dumps(log, separators=(",", ":")), safe="")
    pad = 1024 - len(text) - len("&pad=")
    return (text + "&pad=" + "x" * max(pad, 0)).encode()


class Server:
    """A server under test, started on a free port; its address read from its output."""

    def __init__(self, argv, stream="stderr"):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE if stream == "stdout" else subprocess.DEVNULL,
                                     stderr=subprocess.PIPE if stream == "stderr" else subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL)
        pipe = self.proc.stdout if stream == "stdout" else self.proc.stderr
        deadline = time.time() + 30
        self.url = None
        while time.time() < deadline:
            line = pipe.readline().decode(errors="replace")
            if not line:
                break
            m = re.search(r"listening on (http://[0-9.:]+)", line)
            if m:
                self.url = m.group(1) + "/hook"
                break
        if not self.url:
            self.proc.kill()
            sys.exit(f"{argv[0]} did not start")
        # Drain the rest, so that a full pipe never blocks the server.
        self.drain = subprocess.Popen(["cat"], stdin=pipe, stdout=subprocess.DEVNULL)

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.drain.wait()


def listen(log, durability):
    return Server([CALLHOOK, "listen", "--bind", "127.0.0.1:0", "--log", log, "--durability", durability,
                   "--color", "never"])


def bare():
    return Server([BARE, "127.0.0.1:0"], stream="stdout")


def wrk(url, seconds, connections, lua):
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", lua, url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    p99 = to_ms(re.search(r"99%\s+([0-9.]+\w+)", out).group(1))
    p50 = to_ms(re.search(r"50%\s+([0-9.]+\w+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(non2xx.group(1)) if non2xx else 0
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "non2xx": non2xx, "ok": total - non2xx}


def to_ms(text):
    m = re.match(r"([0-9.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def hey(url, body_file, args):
    out = subprocess.run(["hey", *args, "-m", "POST", "-T", "application/x-www-form-urlencoded", "-D", body_file, url],
                         capture_output=True, text=True, check=True).stdout
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)}
    p99 = re.search(r"99%+ in ([0-9.]+) secs", out)
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    return {"codes": codes, "p99_ms": float(p99.group(1)) * 1000 if p99 else None,
            "rps": float(rps.group(1)) if rps else None}


def log_requests(log):
    with open(log, "rb") as f:
        for line in f:
            record = json.loads(line)
            if record.get("kind") == "request":
                yield record


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short runs: checks that it works (no gates)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the wrk runs")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20000, help="requests of the no-loss run")
    parser.add_argument("--rate", type=int, default=2000, help="requests per second of the fixed-rate run")
    parser.add_argument("--soak-minutes", type=float, default=10, help="0 skips the memory run")
    parser.add_argument("--soak-rate", type=int, default=500)
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rounds, args.requests, args.soak_minutes = 2, 1, 2000, 0.2

    work = tempfile.mkdtemp(prefix="callhook-bench-listen-")
    body = body_1k()
    body_file = os.path.join(work, "body.form")
    with open(body_file, "wb") as f:
        f.write(body)
    lua = os.path.join(work, "post.lua")
    with open(lua, "w") as f:
        f.write('wrk.method = "POST"\n'
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
                f'local f = io.open("{body_file}", "rb")\nwrk.body = f:read("*a")\nf:close()\n')
    print(f"# callhook listen benchmark: {len(body)}-byte form bodies, {os.cpu_count()} cores, "
          f"wrk -t1 -c{args.connections} -d{args.seconds}s x {args.rounds} rounds", flush=True)

    # 1. Throughput and p99, interleaved, medians.
    runs = {"bare": [], "write": [], "fsync": []}
    for r in range(args.rounds):
        for name in runs:
            log = os.path.join(work, f"wrk-{name}-{r}.ndjson")
            server = bare() if name == "bare" else listen(log, name)
            result = wrk(server.url, args.seconds, args.connections, lua)
            server.stop()
            note = ""
            if name != "bare":
                # wrk stops with requests in flight that it does not count: the log
                # may hold up to one more per connection, never fewer.
                stored = sum(1 for _ in log_requests(log))
                result["stored"] = stored
                in_flight = stored - result["ok"]
                if not 0 <= in_flight <= args.connections:
                    sys.exit(f"wrk counted {result['ok']} 2xx, and the log holds {stored} records")
                note = f"  log {stored} (+{in_flight} in flight at the end)"
                os.remove(log)
            runs[name].append(result)
            print(f"  round {r + 1} {name:6} {result['rps']:9.0f} req/s  p50 {result['p50_ms']:.2f} ms  "
                  f"p99 {result['p99_ms']:.2f} ms  non-2xx {result['non2xx']}{note}", flush=True)
    med = {n: {k: statistics.median(x[k] for x in v) for k in ("rps", "p50_ms", "p99_ms")} for n, v in runs.items()}
    results = {"body_bytes": len(body), "wrk": med}

    # 2. No request lost: exactly N requests, every 2xx a record.
    log = os.path.join(work, "hey.ndjson")
    server = listen(log, "write")
    counted = hey(server.url, body_file, ["-n", str(args.requests), "-c", str(args.connections)])
    server.stop()
    ok = sum(n for c, n in counted["codes"].items() if 200 <= c < 300)
    want = hashlib.sha256(body).hexdigest()
    records = list(log_requests(log))
    exact = len(records) == ok and all(r["sha256"] == want and r["body"].encode() == body for r in records)
    results["no_loss"] = {"sent": args.requests, "2xx": ok, "records": len(records), "exact": exact}
    print(f"  no loss: hey sent {args.requests}, {ok} answered 2xx, {len(records)} records in the log, "
          f"bodies {'all identical' if exact else 'NOT identical'}", flush=True)
    os.remove(log)

    # 3. Fixed rate: hey -q is per worker.
    workers = 20
    per_worker = max(args.rate // workers, 1)
    fixed = {}
    for name in ("bare", "write"):
        log = os.path.join(work, f"rate-{name}.ndjson")
        server = bare() if name == "bare" else listen(log, "write")
        fixed[name] = hey(server.url, body_file, ["-z", f"{args.seconds}s", "-c", str(workers), "-q", str(per_worker)])
        server.stop()
        if os.path.exists(log):
            os.remove(log)
        print(f"  fixed rate {per_worker * workers}/s {name:6} p99 {fixed[name]['p99_ms']:.2f} ms", flush=True)
    results["fixed_rate"] = {"rate": per_worker * workers,
                             **{n: {"p99_ms": v["p99_ms"], "rps": v["rps"]} for n, v in fixed.items()}}

    # 4. Memory over a long steady run.
    if args.soak_minutes > 0:
        log = os.path.join(work, "soak.ndjson")
        server = listen(log, "write")
        seconds = int(args.soak_minutes * 60)
        workers = 10
        load = subprocess.Popen(["hey", "-z", f"{seconds}s", "-c", str(workers), "-q", str(max(args.soak_rate // workers, 1)),
                                 "-m", "POST", "-T", "application/x-www-form-urlencoded", "-D", body_file, server.url],
                                stdout=subprocess.PIPE, text=True)
        samples = []
        step = max(seconds // 20, 1)
        start = time.time()
        while load.poll() is None:
            samples.append((round(time.time() - start), server.rss_kib()))
            time.sleep(step)
        out = load.stdout.read()
        server.stop()
        stored = sum(1 for _ in log_requests(log))
        os.remove(log)
        warm = [kib for t, kib in samples if t >= seconds / 10] or [kib for _, kib in samples]
        results["soak"] = {"seconds": seconds, "rate": args.soak_rate, "stored": stored,
                           "rss_kib": samples, "growth_after_warmup_kib": max(warm) - warm[0]}
        print(f"  soak {seconds} s at {args.soak_rate}/s: {stored} stored; RSS (s, KiB): {samples}", flush=True)
        print(f"  RSS after warm-up: from {warm[0]} to at most {max(warm)} KiB", flush=True)
        rps = re.search(r"Requests/sec:\s+([0-9.]+)", out)
        results["soak"]["rps"] = float(rps.group(1)) if rps else None

    shutil.rmtree(work)
    write, base = med["write"], med["bare"]
    ratio = write["rps"] / base["rps"]
    gate_rps = ratio >= 0.5
    fixed_write, fixed_bare = fixed["write"]["p99_ms"], fixed["bare"]["p99_ms"]
    gate_p99 = fixed_write <= 2 * fixed_bare + 1
    results["gates"] = {"rps_ratio": round(ratio, 3), "rps_ok": gate_rps,
                        "p99_limit_ms": round(2 * fixed_bare + 1, 3), "p99_ok": gate_p99, "no_loss_ok": exact}
    print()
    print("| server | req/s (median) | p50 ms | p99 ms | req/s vs bare |")
    print("|---|---|---|---|---|")
    for name in runs:
        m = med[name]
        print(f"| {'bare hyper 200 OK' if name == 'bare' else 'listen --durability ' + name} | {m['rps']:.0f} | "
              f"{m['p50_ms']:.2f} | {m['p99_ms']:.2f} | {m['rps'] / base['rps']:.2f} |")
    print()
    print(f"gate: write req/s {ratio:.2f} x bare (>= 0.5): {'ok' if gate_rps else 'MISSED'}; "
          f"write p99 at {results['fixed_rate']['rate']}/s {fixed_write:.2f} ms (<= {2 * fixed_bare + 1:.2f}): "
          f"{'ok' if gate_p99 else 'MISSED'}; closed-loop p99 {write['p99_ms']:.2f} ms vs bare {base['p99_ms']:.2f}; "
          f"no loss: {'ok' if exact else 'FAILED'}")
    print(json.dumps(results))
    if not exact or (not args.quick and not (gate_rps and gate_p99)):
        sys.exit(1)


if __name__ == "__main__":
    main()

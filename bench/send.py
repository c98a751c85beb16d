#!/usr/bin/env python3
"""The `callhook send` load generator beside wrk, every figure measured in one run.

Both send the same request (an In-Call POST as `callhook send` simulates it: a
`myoperator=` form of about 600 bytes, a secret header, Basic credentials) to the
same bare hyper "200 OK" server (bench/bare_ok.rs), with 8 connections:

1. closed loop, as fast as possible: wrk -t1 -c8, and `callhook send --calls N
   --concurrency 8` (the exchange time is what wrk measures too);
2. open loop at a fixed rate, half of send's own closed-loop rate in the same
   round (a load both generators can carry): `callhook send --rate R`, latency
   counted from when each request was due, with the per-second series. wrk has no fixed rate (wrk2 has; it is not in Debian), so
   its closed-loop latency at 8 connections is the figure beside it.

Rounds are interleaved and medians reported. The machine is shared: generator
and server split its cores, so compare the two generators with each other, not
with figures from elsewhere.
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from listen import to_ms  # noqa: E402  (wrk's units, read the same way as the listen benchmark)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLHOOK = os.path.join(ROOT, "target", "release", "callhook")
BARE = os.path.join(ROOT, "target", "release", "examples", "bare-ok")

CONFIG = {
    "type": "in_call",
    "target_url": "https://crm.example.com/webhook.php",
    "method": "POST",
    "headers": ["my-super-secret-token: abc123def"],
    "credentials": {"username": "admin", "password": "123456"},
    "log_criteria": "call_logs",
    "query_params": [
        {"name": "caller_number", "field": "Caller number with country code"},
        {"name": "state", "field": "call_state"},
        {"name": "uid", "field": "UID"},
    ],
}


class Bare:
    """The bare server, on a free port."""

    def __init__(self):
        self.proc = subprocess.Popen([BARE, "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode()
        m = re.search(r"listening on (http://[0-9.:]+)", line)
        if not m:
            self.proc.kill()
            sys.exit("bare-ok did not start")
        self.url = m.group(1)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wrk(url, seconds, connections, lua):
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", lua, url],
                         capture_output=True, text=True, check=True).stdout
    pct = {p: to_ms(re.search(rf"\s{p}%\s+([0-9.]+\w+)", out).group(1)) for p in ("50", "90", "99")}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1)),
            "p50_ms": pct["50"], "p90_ms": pct["90"], "p99_ms": pct["99"], "p99.9_ms": None,
            "non2xx": int(non2xx.group(1)) if non2xx else 0}


def send(config, url, calls, extra):
    argv = [CALLHOOK, "send", "--config", config, "--calls", str(calls), "--seed", "1", "--quiet",
            "--format", "ndjson", "--to", url + "/", *extra]
    out = subprocess.run(argv, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"callhook send failed ({out.returncode}): {out.stderr}")
    summary = [json.loads(l) for l in out.stdout.splitlines() if '"send":"summary"' in l][0]
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short runs: checks that it works")
    parser.add_argument("--seconds", type=int, default=10, help="length of each run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rounds = 2, 1

    work = tempfile.mkdtemp(prefix="callhook-bench-send-")
    config = os.path.join(work, "webhook.json")
    with open(config, "w") as f:
        json.dump(CONFIG, f)
    # The request wrk sends: the first one `send` simulates, secrets and all.
    dry = subprocess.run([CALLHOOK, "send", "--config", config, "--seed", "1", "--dry-run", "--show-secrets",
                          "--format", "ndjson"], capture_output=True, text=True, check=True).stdout.splitlines()
    first = json.loads(dry[0])
    body_file = os.path.join(work, "body")
    with open(body_file, "w") as f:
        f.write(first["body"])
    path = "/" + first["url"].split("/", 3)[3]
    lua = os.path.join(work, "post.lua")
    with open(lua, "w") as f:
        f.write('wrk.method = "POST"\n')
        f.write(f'wrk.path = {json.dumps(path)}\n')
        for name, value in first["headers"]:
            if name.lower() != "content-length":
                f.write(f'wrk.headers[{json.dumps(name)}] = {json.dumps(value)}\n')
        f.write(f'local f = io.open("{body_file}", "rb")\nwrk.body = f:read("*a")\nf:close()\n')
    per_call = len(dry)
    print(f"# callhook send beside wrk: {len(first['body'])}-byte In-Call form bodies, {os.cpu_count()} cores, "
          f"{args.connections} connections, {args.seconds} s runs x {args.rounds} rounds", flush=True)

    runs = {"wrk": [], "send": [], "open": []}
    for r in range(args.rounds):
        server = Bare()
        w = wrk(server.url, args.seconds, args.connections, lua)
        runs["wrk"].append(w)
        print(f"  round {r + 1} wrk closed loop   {w['rps']:9.0f} req/s  p50 {w['p50_ms']:.2f}  p90 {w['p90_ms']:.2f}  "
              f"p99 {w['p99_ms']:.2f} ms  non-2xx {w['non2xx']}", flush=True)
        calls = max(int(w["rps"] * args.seconds / per_call), 10)
        s = send(config, server.url, calls, ["--concurrency", str(args.connections)])
        ex = s["service_ms"]
        closed = {"rps": s["rate_per_s"], "p50_ms": ex["p50"], "p90_ms": ex["p90"], "p99_ms": ex["p99"],
                  "p99.9_ms": ex["p99.9"], "failed": s["failed"]}
        runs["send"].append(closed)
        print(f"  round {r + 1} send closed loop  {closed['rps']:9.0f} req/s  p50 {closed['p50_ms']:.2f}  "
              f"p90 {closed['p90_ms']:.2f}  p99 {closed['p99_ms']:.2f}  p99.9 {closed['p99.9_ms']:.2f} ms  "
              f"failed {s['failed']}", flush=True)
        rate = max(int(closed["rps"] / 2), 100)
        calls = max(int(rate * args.seconds / per_call), 10)
        o = send(config, server.url, calls, ["--rate", f"{rate}/s", "--concurrency", "64"])
        lat = o["latency_ms"]
        series = [x["sent"] for x in o["per_second"]]
        opened = {"rate": rate, "rps": o["rate_per_s"], "p50_ms": lat["p50"], "p90_ms": lat["p90"],
                  "p99_ms": lat["p99"], "p99.9_ms": lat["p99.9"], "series": series, "failed": o["failed"]}
        runs["open"].append(opened)
        server.stop()
        print(f"  round {r + 1} send open loop    {rate}/s asked, {opened['rps']:.0f} req/s  p50 {lat['p50']:.2f}  "
              f"p90 {lat['p90']:.2f}  p99 {lat['p99']:.2f}  p99.9 {lat['p99.9']:.2f} ms (from due time); "
              f"per second {series}", flush=True)
    shutil.rmtree(work)

    def med(name, key):
        values = [x[key] for x in runs[name] if x.get(key) is not None]
        return statistics.median(values) if values else None

    fmt = lambda v: "–" if v is None else f"{v:.2f}"
    print()
    print("| generator | mode | req/s (median) | p50 ms | p90 ms | p99 ms | p99.9 ms |")
    print("|---|---|---|---|---|---|---|")
    for name, mode in (("wrk", f"closed loop, {args.connections} connections"),
                       ("send", f"closed loop, --concurrency {args.connections}"),
                       ("open", f"open loop, --rate {int(med('open', 'rate'))}/s, from due time")):
        label = "wrk 4.1" if name == "wrk" else "callhook send"
        print(f"| {label} | {mode} | {med(name, 'rps'):.0f} | {fmt(med(name, 'p50_ms'))} | {fmt(med(name, 'p90_ms'))} | "
              f"{fmt(med(name, 'p99_ms'))} | {fmt(med(name, 'p99.9_ms'))} |")
    ratio = med("send", "rps") / med("wrk", "rps")
    print()
    print(f"send's closed-loop rate is {ratio:.2f} x wrk's; its open loop kept {med('open', 'rps'):.0f} of "
          f"{int(med('open', 'rate'))} req/s asked")
    print(json.dumps({"runs": runs, "ratio": ratio}))
    if any(x["failed"] for x in runs["send"] + runs["open"]):
        sys.exit("a request failed")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measures callhook against jq, DuckDB and `wc -l` on the same generated captures.

Every figure is the median of several runs, the runs of all commands interleaved so
that a noisy neighbour slows them alike; peak memory is each run's own maximum
resident set size, read from wait4. Run through bench/run.sh, which builds first (or
takes the binary CALLHOOK names) and installs the peers.
"""

import argparse
import hashlib
import json
import os
import tempfile
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLHOOK = os.path.abspath(os.environ.get("CALLHOOK") or os.path.join(ROOT, "target", "release", "callhook"))
# The inputs are written by this checkout's build, whichever binary is measured, so
# that a run of an older binary (which may not know `generate --format v2-ndjson`)
# measures the same bytes.
GENERATOR = os.path.abspath(os.environ.get("CALLHOOK_GENERATOR") or CALLHOOK)
BYTES_PER_CALL = 1420  # NDJSON bytes per generated call, measured
BYTES_PER_V2_CALL = 4480  # v2 NDJSON bytes per generated call (its five events), measured
DUCKDB_THREADS = 2

# DuckDB doing what `callhook timeline --summary` does per call, on the same whole
# NDJSON file, as a whole process (Python's start-up counts, as callhook's does): the
# events grouped by uid, the states in time order as the path, the start, duration,
# answered and time to answer. The outer query uses every column, so that none is
# optimised away, and prints totals that main() checks against callhook's.
DUCKDB_GROUPING = """
import json, sys, duckdb
con = duckdb.connect(config={"threads": int(sys.argv[2])})
totals = con.execute('''
SELECT count(*), count_if(answered), sum(length(path)), count(start),
       sum(duration_seconds), sum(time_to_answer_seconds)
FROM (SELECT uid,
             string_agg(call_state, ' > ' ORDER BY call_time) AS path,
             min(call_time) AS start,
             epoch(max(call_time)) - epoch(min(call_time)) AS duration_seconds,
             bool_or(call_state = '6') AS answered,
             epoch(min(call_time) FILTER (WHERE call_state = '6')) - epoch(min(call_time))
               AS time_to_answer_seconds
      FROM read_ndjson(?) GROUP BY uid)''', [sys.argv[1]]).fetchone()
print(json.dumps({"calls": totals[0], "answered": totals[1], "path_bytes": totals[2]}))
"""


def run(cmd):
    """Wall seconds and peak RSS (bytes) of one run. The command is started by
    /usr/bin/time: a child spawned from Python counts Python's pages in its peak."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *cmd],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} exited with {done.returncode}")
        return elapsed, int(report.read().split()[-1]) * 1024


def generate(path, calls, fmt):
    with open(path, "wb") as out:
        subprocess.run([GENERATOR, "generate", "--calls", str(calls), "--format", fmt], stdout=out, check=True)


def slice_lines(source, target, limit):
    """The whole lines of `source` within its first `limit` bytes."""
    with open(source, "rb") as f:
        data = f.read(limit)
    with open(target, "wb") as f:
        f.write(data[: data.rfind(b"\n") + 1])


def digest(paths):
    """A short hash of the inputs, so that two runs can be shown to have read the same bytes."""
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 24):
                h.update(chunk)
    return h.hexdigest()[:12]


def same_calls(duckdb_cmd, ndjson):
    """DuckDB's totals and callhook's summary of the same file, which must agree: the
    two do the same grouping, or the comparison says nothing."""
    ours = json.loads(
        subprocess.run([CALLHOOK, "timeline", "--summary", "--format", "json", ndjson],
                       capture_output=True, check=True).stdout)
    theirs = json.loads(subprocess.run(duckdb_cmd, capture_output=True, check=True).stdout)
    mine = {
        "calls": ours["totals"]["calls"],
        "answered": ours["totals"]["answered"],
        "path_bytes": sum(len(call["path"]) for call in ours["calls"]),
    }
    if mine != theirs:
        sys.exit(f"DuckDB's grouping disagrees with callhook's summary: {theirs} against {mine}")
    return mine["calls"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=250, help="NDJSON to generate (default 250)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--jq-slice-mb", type=float, default=10, help="input jq reads (default 10)")
    parser.add_argument("--dir", default=os.path.join(ROOT, "target", "bench"), help="where the inputs go")
    parser.add_argument("--quick", action="store_true", help="a few MB and one run: check it works, not its speed")
    args = parser.parse_args()
    if args.quick:
        args.size_mb, args.runs, args.jq_slice_mb = 2, 1, 0.5

    os.makedirs(args.dir, exist_ok=True)
    calls = max(1, int(args.size_mb * 1e6 / BYTES_PER_CALL))
    ndjson, http = os.path.join(args.dir, "calls.ndjson"), os.path.join(args.dir, "calls.http")
    # Webhook v2 sessions of about the same size as the v1 NDJSON.
    v2 = os.path.join(args.dir, "calls-v2.ndjson")
    jq_slice = os.path.join(args.dir, "slice.ndjson")
    generate(ndjson, calls, "ndjson")
    generate(http, calls, "http")
    generate(v2, max(1, int(args.size_mb * 1e6 / BYTES_PER_V2_CALL)), "v2-ndjson")
    slice_lines(ndjson, jq_slice, int(args.jq_slice_mb * 1e6))
    sizes = {name: os.path.getsize(path) for name, path in [("ndjson", ndjson), ("http", http), ("v2", v2), ("slice", jq_slice)]}
    events = sum(1 for _ in open(ndjson, "rb"))
    slice_events = sum(1 for _ in open(jq_slice, "rb"))
    v2_events = sum(1 for _ in open(v2, "rb"))

    bench = os.path.join(ROOT, "bench")
    duckdb = [sys.executable, "-c", DUCKDB_GROUPING, ndjson, str(DUCKDB_THREADS)]
    commands = {
        "callhook decode (NDJSON)": ([CALLHOOK, "decode", "--format", "ndjson", ndjson], sizes["ndjson"], events),
        "callhook decode (raw HTTP)": ([CALLHOOK, "decode", "--format", "ndjson", http], sizes["http"], events),
        "callhook decode (v2 NDJSON)": ([CALLHOOK, "decode", "--format", "ndjson", v2], sizes["v2"], v2_events),
        "callhook timeline --summary": (
            [CALLHOOK, "timeline", "--summary", "--format", "json", ndjson],
            sizes["ndjson"],
            events,
        ),
        "callhook timeline --summary (v2 NDJSON)": (
            [CALLHOOK, "timeline", "--summary", "--format", "json", v2],
            sizes["v2"],
            v2_events,
        ),
        # One reading worker (`CALLHOOK_WORKERS=1`; unset, one per core): how reading
        # scales with cores. `env` execs callhook, so the peak is callhook's.
        "callhook decode (NDJSON, 1 worker)": (
            ["env", "CALLHOOK_WORKERS=1", CALLHOOK, "decode", "--format", "ndjson", ndjson],
            sizes["ndjson"],
            events,
        ),
        "callhook timeline --summary (1 worker)": (
            ["env", "CALLHOOK_WORKERS=1", CALLHOOK, "timeline", "--summary", "--format", "json", ndjson],
            sizes["ndjson"],
            events,
        ),
        f"DuckDB (grouping, {DUCKDB_THREADS} threads)": (duckdb, sizes["ndjson"], events),
        "jq -c (expansion, slice)": (["jq", "-c", "-f", os.path.join(bench, "expand.jq"), jq_slice], sizes["slice"], slice_events),
        "jq -s (grouping, slice)": (["jq", "-s", "-c", "-f", os.path.join(bench, "group.jq"), jq_slice], sizes["slice"], slice_events),
        "wc -l": (["wc", "-l", ndjson], sizes["ndjson"], events),
    }

    # Warm the page cache, so every command reads from memory alike.
    for path in (ndjson, http, v2, jq_slice):
        with open(path, "rb") as f:
            while f.read(1 << 24):
                pass
    call_count = same_calls(duckdb, ndjson)
    duckdb_version = subprocess.run([sys.executable, "-c", "import duckdb; print(duckdb.__version__)"],
                                    capture_output=True, text=True, check=True).stdout.strip()
    load_before = os.getloadavg()[0]
    samples = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (cmd, _, _) in commands.items():
            samples[name].append(run(cmd))
    load_after = os.getloadavg()[0]

    figures = {}
    print(f"callhook benchmark: {calls} calls, {events} events; NDJSON {sizes['ndjson'] / 1e6:.0f} MB, "
          f"raw HTTP {sizes['http'] / 1e6:.0f} MB, v2 NDJSON {sizes['v2'] / 1e6:.0f} MB ({v2_events} events), jq slice {sizes['slice'] / 1e6:.1f} MB; "
          f"median of {args.runs} runs, {os.cpu_count()} cores")
    print(f"binary {CALLHOOK}; inputs {digest([ndjson, http, v2])}; DuckDB {duckdb_version} "
          f"(its grouping found the {call_count} calls callhook's summary has); "
          f"load average {load_before:.1f} before, {load_after:.1f} after\n")
    print("| command | input MB | median s | MB/s | records/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (_, size, records) in commands.items():
        seconds = statistics.median(t for t, _ in samples[name])
        rss = max(m for _, m in samples[name])
        figures[name] = (seconds, size / 1e6 / seconds, rss)
        print(f"| {name} | {size / 1e6:.1f} | {seconds:.3f} | {size / 1e6 / seconds:.1f} | "
              f"{records / seconds:,.0f} | {rss / 1e6:.1f} |")

    decode, http_decode, v2_decode = (figures[n] for n in list(commands)[:3])
    timeline, duck = figures["callhook timeline --summary"], figures[f"DuckDB (grouping, {DUCKDB_THREADS} threads)"]
    jq_expand, jq_group, wc = figures["jq -c (expansion, slice)"], figures["jq -s (grouping, slice)"], figures["wc -l"]
    v2_timeline = figures["callhook timeline --summary (v2 NDJSON)"]
    # Time per event: a v2 event is about three times the bytes of an In-Call one.
    per_event = lambda figure, count: figure[0] / count
    # (name, measured, comparison, target); a target of None is a figure to watch, not a check.
    decode_peak = max(figure[2] for figure in (decode, http_decode, v2_decode))
    one_worker_decode = figures["callhook decode (NDJSON, 1 worker)"]
    one_worker_timeline = figures["callhook timeline --summary (1 worker)"]
    checks = [
        ("decode throughput / jq expansion throughput", decode[1] / jq_expand[1], ">=", 40),
        ("decode time / wc -l time", decode[0] / wc[0], "<=", 15),
        # Per input byte: `wc -l`'s time on the v1 file scaled to the v2 file's size.
        ("v2 decode time / wc -l time, per input byte",
         v2_decode[0] / (wc[0] * sizes["v2"] / sizes["ndjson"]), "<=", 15),
        ("decode peak RSS, the most of the three inputs (MB)", decode_peak / 1e6, "<", 50),
        # A request is about 2.2 times the bytes of its NDJSON line, so the fair ratio
        # is per input byte, not per record.
        ("raw HTTP throughput / NDJSON throughput, per input byte", http_decode[1] / decode[1], ">=", 0.8),
        ("v2 NDJSON decode throughput / v1 NDJSON throughput, per input byte", v2_decode[1] / decode[1], ">=", 1.0),
        ("timeline throughput / jq grouping throughput", timeline[1] / jq_group[1], ">=", 15),
        ("timeline throughput / DuckDB grouping throughput", timeline[1] / duck[1], ">=", 2.0),
        ("timeline peak RSS / DuckDB peak RSS", timeline[2] / duck[2], "<=", 0.25),
        ("timeline peak RSS per event (bytes)", timeline[2] / events, "<", 150),
        ("v2 timeline time per event / v1 timeline time per event",
         per_event(v2_timeline, v2_events) / per_event(timeline, events), "<=", 1.2),
        ("decode time, 1 worker / one per core", one_worker_decode[0] / decode[0], "", None),
        ("timeline time, 1 worker / one per core", one_worker_timeline[0] / timeline[0], "", None),
    ]
    print("\n| ratio | measured | target | |")
    print("|---|---:|---:|---|")
    missed = 0
    for name, value, op, target in checks:
        if target is None:
            print(f"| {name} | {value:.2f} | | |")
            continue
        ok = value >= target if op == ">=" else value <= target if op == "<=" else value < target
        missed += not ok
        print(f"| {name} | {value:.2f} | {op} {target} | {'met' if ok else 'MISSED'} |")
    if args.quick:
        print("\n(--quick: a check that the benchmark runs; its figures say nothing of speed)")
        return 0
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

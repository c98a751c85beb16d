#!/usr/bin/env python3
"""`callhook browse` on a generated capture of many calls, in a real terminal.

tmux runs browse in a pane of a server of this script's own; the time to the list
is from starting the pane to the moment its screen first shows the status line's
call count, read with `tmux capture-pane` every 5 ms. Then, on the loaded list,
each key below is sent and timed to the moment the screen shows what it does.
Each figure is the median of --runs runs. Run by bench/browse.sh.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--target-ms", type=float, default=1000.0,
                        help="the list must show within this (median); exit 1 if not")
    parser.add_argument("--quick", action="store_true", help="2,000 calls, one run: does it work")
    args = parser.parse_args()
    if args.quick:
        args.calls, args.runs = 2000, 1
    binary = os.environ.get("CALLHOOK") or "target/release/callhook"
    work = tempfile.mkdtemp(prefix="callhook-bench-browse-")
    try:
        measure(args, binary, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args, binary, work):
    """Generates the capture in `work`, then times browse on it."""
    capture = os.path.join(work, "calls.ndjson")
    with open(capture, "wb") as out:
        subprocess.run([binary, "generate", "--calls", str(args.calls), "--format", "ndjson"],
                       stdout=out, check=True)
    size = os.path.getsize(capture)
    events = sum(1 for _ in open(capture, "rb"))
    load = os.getloadavg()[0]
    print(f"callhook browse benchmark: {args.calls} calls, {events} events, {size / 1e6:.1f} MB of NDJSON; "
          f"median of {args.runs} runs; 120x40 tmux pane; load average {load:.1f} before")
    expected = f"{args.calls} calls"
    steps = [
        # (what, keys, literal?, text the screen shows once done)
        ("filter as typed (/uid:n1.21)", ["/uid:n1.21"], True, "shown (/uid:n1.21)"),
        ("clear the filter (Enter, Esc)", ["Enter", "Escape"], False, "filter cleared"),
        # The generator numbers calls from 2175190, and the last starts last.
        ("last call (G)", ["G"], True, f".{2175190 + args.calls - 1}"),
        ("sort by duration (s x5)", ["sssss"], True, "sorted by duration"),
        ("open a call (Enter)", ["Enter"], False, "MyOperator"),
        ("open an event (Enter)", ["Enter"], False, "call log"),
    ]
    startup, keys = [], {s[0]: [] for s in steps}
    for run in range(args.runs):
        socket = os.path.join(work, f"tmux-{run}.sock")
        tmux = ["tmux", "-S", socket]
        env = dict(os.environ, TERM="xterm-256color", NO_COLOR="1")
        started = time.perf_counter()
        subprocess.run(tmux + ["-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "120", "-y", "40",
                               f"{binary} browse {capture}; sleep 60"], check=True, env=env)
        try:
            startup.append(wait(tmux, expected, started) * 1000)
            for what, sent, literal, shows in steps:
                before = time.perf_counter()
                subprocess.run(tmux + ["send-keys", "-t", "b"] + (["-l"] if literal else []) + sent, check=True)
                keys[what].append(wait(tmux, shows, before) * 1000)
        finally:
            subprocess.run(tmux + ["kill-server"], check=False)
    print()
    print("| step | median ms | runs (ms) |")
    print("|---|---:|---|")
    print(f"| list shown (start to {expected!r} on screen) | {statistics.median(startup):.0f} | "
          f"{', '.join(f'{t:.0f}' for t in startup)} |")
    for what, times in keys.items():
        print(f"| {what} | {statistics.median(times):.0f} | {', '.join(f'{t:.0f}' for t in times)} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} after")
    if not args.quick and statistics.median(startup) > args.target_ms:
        print(f"MISSED: the list took more than {args.target_ms:.0f} ms", file=sys.stderr)
        sys.exit(1)


def wait(tmux, text, since, timeout=60.0):
    """Seconds from `since` until the pane shows `text`."""
    while True:
        screen = subprocess.run(tmux + ["capture-pane", "-p", "-t", "b"], capture_output=True, text=True).stdout
        now = time.perf_counter()
        if text in screen:
            return now - since
        if now - since > timeout:
            raise SystemExit(f"the screen never showed {text!r}:\n{screen}")
        time.sleep(0.005)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# `callhook browse` on 100 000 generated calls in a real terminal (tmux): the time to
# the list, and to what each of a few keys does (docs/browse.md, "Speed").
#   bench/browse.sh            100 000 calls, median of 5 runs; exit 1 past a second
#   bench/browse.sh --quick    2 000 calls, one run: checks that it works (CI)
#   CALLHOOK=/path/to/callhook bench/browse.sh
# Any other arguments go to bench/browse.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux >/dev/null; }
if [ -n "${CALLHOOK:-}" ]; then
  [ -x "$CALLHOOK" ] || { echo "bench/browse.sh: CALLHOOK=$CALLHOOK is not an executable file" >&2; exit 2; }
else
  cargo build --release --locked --quiet
fi
exec python3 bench/browse.py "$@"

#!/usr/bin/env bash
# The benchmark: callhook against jq, DuckDB and `wc -l` on generated captures, in one run.
#   bench/run.sh            about 250 MB of NDJSON, the figures in docs/performance.md
#   bench/run.sh --quick    a few MB, one run each: checks that it works (CI)
#   CALLHOOK=/path/to/callhook bench/run.sh
#                           measures that binary, on inputs this checkout's build
#                           writes (run the code before and after a change back to back)
# Any other arguments go to bench/measure.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v jq >/dev/null || missing+=(jq)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# DuckDB's Python package, the peer for the timeline's grouping; a pinned version, so
# that runs on two machines compare the same peer.
if ! python3 -c 'import duckdb' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'duckdb==2.0.1'
fi
if [ -n "${CALLHOOK:-}" ]; then
  [ -x "$CALLHOOK" ] || { echo "bench/run.sh: CALLHOOK=$CALLHOOK is not an executable file" >&2; exit 2; }
fi
# This checkout's build writes the inputs, whichever binary is measured.
cargo build --release --locked --quiet
export CALLHOOK_GENERATOR="$PWD/target/release/callhook"
exec python3 bench/measure.py "$@"

#!/usr/bin/env bash
# The benchmark: callhook against jq and `wc -l` on generated captures, in one run.
#   bench/run.sh            about 250 MB of NDJSON, the figures in the README
#   bench/run.sh --quick    a few MB, one run each: checks that it works (CI)
# Any other arguments go to bench/measure.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v jq >/dev/null || missing+=(jq)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cargo build --release --locked --quiet
exec python3 bench/measure.py "$@"

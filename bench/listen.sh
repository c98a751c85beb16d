#!/usr/bin/env bash
# The `callhook listen` benchmark against a bare hyper server, in one run.
#   bench/listen.sh            the figures in docs/listen.md (about 15 minutes, a
#                              10-minute memory run included)
#   bench/listen.sh --quick    short runs: checks that it works
# Any other arguments go to bench/listen.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v hey >/dev/null || missing+=(hey)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cargo build --release --locked --quiet --bin callhook --example bare-ok
exec python3 bench/listen.py "$@"

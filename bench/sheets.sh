#!/usr/bin/env bash
# Spreadsheet benchmark: a site whose citizens are one N-row workbook against the same N
# profiles as N Markdown files (examples/sheet_corpus.rs), built cold (output and cache
# removed, after `sync`), alternating, RUNS times each; prints the median wall time and
# peak memory of each, and the ratio. Not a test.
#
#   bench/sheets.sh [N]           default: 10000
#   RUNS=5 bench/sheets.sh 10000
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-10000}
RUNS=${RUNS:-3}
# The workbook, the same profiles as Markdown, and their outputs.
bench_work sheets "$N" $((N * 130 / 1024 + 100)) $((N * 20 / 1024 + 300))
cargo build --release -q --bin vinhdanh --example sheet_corpus
step ./target/release/examples/sheet_corpus --rows "$N" --out "$WORK"
: > "$WORK/s"; : > "$WORK/m"
for _ in $(seq "$RUNS"); do
  cold_build "$WORK/sheet" >> "$WORK/s"
  cold_build "$WORK/markdown" >> "$WORK/m"
done
read -r ss skb < <(median < "$WORK/s")
read -r ms mkb < <(median < "$WORK/m")
printf '%-22s %9s %9s\n' "$N profiles as" seconds "peak MB"
printf '%-22s %9s %9d\n' "one workbook" "$ss" $((skb / 1024))
printf '%-22s %9s %9d\n' "$N Markdown files" "$ms" $((mkb / 1024))
echo "the workbook site builds in $(echo "scale=2; $ss / $ms" | bc)x the time of the Markdown one"
./target/release/vinhdanh build --root "$WORK/sheet" --timings | grep -E "load|peak"
./target/release/vinhdanh build --root "$WORK/markdown" --timings | grep -E "load|peak"

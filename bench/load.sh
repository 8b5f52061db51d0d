#!/usr/bin/env bash
# `vinhdanh serve` under load, on the loopback address: wrk's latency (p50, p99) for a page
# of a generated site, alone and then beside 300 held connections (150 idle after one page,
# 150 that never finish their request's head), and the server's resident memory.
#
#   bench/load.sh [N]          default: 10000 profiles
#   SECONDS_EACH=10 bench/load.sh ...
#
# Needs wrk (Debian's package). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-10000}
EACH=${SECONDS_EACH:-10}
bench_work load "$N" $((N * 10 / 1024 + 100)) $((N * 40 / 1024 + 300))
command -v wrk >/dev/null || { echo "bench/load: wrk is needed (apt-get install wrk)" >&2; exit 2; }
cargo build --release -q --bin vinhdanh --example corpus
step ./target/release/examples/corpus --profiles "$N" --photos 0 --out "$WORK/site" >/dev/null 2>&1

PORT=18441
./target/release/vinhdanh serve --root "$WORK/site" --port $PORT >"$WORK/serve.log" 2>&1 &
SPID=$!
for _ in $(seq 600); do grep -q "Serving the site" "$WORK/serve.log" && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT"
rss() { awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$SPID/status"; }
# A profile's page and a year's list, each rendered once before they are measured.
locs() { curl -s "$1" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g; s#^https\?://[^/]*##'; }
locs "$BASE/sitemap.xml" >"$WORK/locs"
first=$(sed -n 1p "$WORK/locs")
case "$first" in *.xml) locs "$BASE$first" >"$WORK/locs" ;; esac # a sitemap index: its first part
PROFILE=$(awk -F/ 'NF == 5 && $3 ~ /^[0-9]+$/ {print; exit}' "$WORK/locs")
echo "profile page: $PROFILE ($(curl -s -o /dev/null -w "%{http_code}" "$BASE$PROFILE"))"
curl -s -o /dev/null "$BASE/"
echo "== $N profiles; serve resident after its first build: $(rss) MB"

measure() { # label, url
  wrk -t2 -c20 -d"${EACH}s" --latency "$2" >"$WORK/wrk" 2>&1
  local p50 p99 rps
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk")
  rps=$(awk '/^Requests\/sec/ {print int($2)}' "$WORK/wrk")
  printf '%-38s p50 %8s  p99 %8s  %7s requests/s  %s\n' "$1" "$p50" "$p99" "$rps" \
    "$(grep -h 'Socket errors\|Non-2xx' "$WORK/wrk" | xargs || true)"
}
measure "profile page, 20 clients" "$BASE$PROFILE"
measure "home page, 20 clients" "$BASE/"

# 300 held connections, kept until the script ends.
python3 - "$PORT" <<'EOF' &
import http.client, socket, sys, time
port = int(sys.argv[1])
held = []
for _ in range(150):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/")
    c.getresponse().read()
    held.append(c)
for _ in range(150):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:")
    held.append(s)
print("held", len(held), flush=True)
time.sleep(600)
EOF
sleep 3
start=$(date +%s%N)
curl -s -o /dev/null "$BASE$PROFILE"
echo "a new visitor beside 300 held connections: $((($(date +%s%N) - start) / 1000000)) ms"
measure "profile page, 20 clients + 300 held" "$BASE$PROFILE"
echo "serve resident at the end: $(rss) MB"

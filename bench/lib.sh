# Shared by the bench scripts: source it after `cd` to the repository.

# The median of the numbers on standard input (the first column of each line).
median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

# Runs "$@" as a job and waits for it: bash runs a trap only between commands, so a kill of
# the script during a long step (a build, a corpus) is handled at once, not after the step.
step() {
  "$@" &
  wait $!
}

# A cold vinhdanh build of the site in $1: output and caches removed, disk flushed first;
# prints "seconds peakKB". $WORK must be set.
cold_build() {
  rm -rf "$1/public" "$1/.vinhdanh-cache"
  sync
  step /usr/bin/time -f "%e %M" -o "$WORK/t" ./target/release/vinhdanh build --root "$1" >/dev/null 2>&1
  cat "$WORK/t"
}

# Makes WORK, a fresh folder for this run's outputs under $BENCH_DIR (default /tmp), and
# removes it, with every process the script started, when the script exits: at its end, on
# an error, on Ctrl-C or on a kill (TERM, HUP). Says first what the run needs and refuses to
# start when the disk or the memory clearly lacks it; 50,000 profiles or more are refused
# on tmpfs (/dev/shm is memory: a 100,000-profile run writes about 6 GB).
#   bench_work NAME PROFILES DISK_MB MEMORY_MB
bench_work() {
  local name=$1 profiles=$2 disk_mb=$3 mem_mb=$4
  local base=${BENCH_DIR:-/tmp}
  mkdir -p "$base"
  if [ "$profiles" -ge 50000 ] && [ "$(stat -f -c %T "$base")" = tmpfs ]; then
    echo "bench/$name: refused: $base is in memory (tmpfs) and $profiles profiles write about $((disk_mb / 1024)) GB; set BENCH_DIR to a folder on the disk" >&2
    exit 2
  fi
  local free_mb mem_free_mb
  free_mb=$(df -Pm "$base" | awk 'NR == 2 {print $4}')
  mem_free_mb=$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo)
  echo "bench/$name: needs about $disk_mb MB of disk under $base ($free_mb MB free) and $mem_mb MB of memory ($mem_free_mb MB available)"
  if [ "$free_mb" -lt "$disk_mb" ] || [ "$mem_free_mb" -lt "$mem_mb" ]; then
    echo "bench/$name: refused: not enough room; free some, or run it with fewer profiles" >&2
    exit 2
  fi
  WORK=$(mktemp -d "$base/vd-bench-$name.XXXXXX")
  # Even a `kill -9` of the script leaves nothing: this watcher removes the folder once the
  # script is gone.
  (trap '' INT TERM HUP; while kill -0 $$ 2>/dev/null; do sleep 2; done; rm -rf "$WORK") &
  disown
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
}

bench_cleanup() {
  local pids
  pids=$(jobs -pr)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
  pkill -P $$ 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

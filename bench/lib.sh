# Shared by the bench scripts: source it after `cd` to the repository.

# The median of the numbers on standard input (the first column of each line).
median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

# A cold vinhdanh build of the site in $1: output and caches removed, disk flushed first;
# prints "seconds peakKB". $WORK must be set.
cold_build() {
  rm -rf "$1/public" "$1/.vinhdanh-cache"
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/t" ./target/release/vinhdanh build --root "$1" >/dev/null 2>&1
  cat "$WORK/t"
}

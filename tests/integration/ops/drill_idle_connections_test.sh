#!/usr/bin/env bash
# Fault drill (issue 15): COUNT idle connections (default 1,000: connected,
# nothing sent) held open to `pft serve` do not block service: while they
# are held, normal requests (API list, tournament, site page) are answered
# within 1 s each; the server's read timeout (10 s) then closes them, and it
# still answers.
# Usage: drill_idle_connections_test.sh PFT_BINARY [COUNT]
# (COUNT above the server's connection limit, 2,048, makes the drill fail:
# that is how its failure was checked.)
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
count="${2:-1000}"
here="$(cd "$(dirname "$0")" && pwd)"
src_root="$(cd "$here/../../.." && pwd)"
work=$(mktemp -d)
pids=()
cleanup() {
  stop_pids
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
# shellcheck source=/dev/null
source "$here/../check.sh"
export PFT_NOW="2026-12-01T12:00:00+01:00"
export DATABASE_URL="sqlite:$work/pft.sqlite"
unset GEOCODER_USER_AGENT
ulimit -n "$(ulimit -Hn)" 2>/dev/null
if [ "$(ulimit -n)" -lt $((count + 200)) ]; then
  echo "FAIL: open files limit $(ulimit -n) is below $((count + 200)); raise it (ulimit -n)"; exit 1
fi

"$src_root/bench/gen_raw_events" 2000 >raw.jsonl
out=$("$pft" normalize --in raw.jsonl --rejects rejects.jsonl --gazetteer "$src_root/data/gazetteer" 2>&1)
check "normalize the data served" 0 $? "$out" "inserted=[1-9]"

serve_on_free_port "$pft" serve.log; pids+=("$server")
check "pft serve answers" 0 "$(curl -sf -o /dev/null "$base/health"; echo $?)"
id=$(curl -s "$base/tournaments?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

# The holder connects COUNT sockets and says how many it holds; then, for
# each line on its stdin, how many of them the server still keeps open (a
# closed one reads EOF at once); it exits when its stdin closes.
mkfifo hold.in
cat >hold.py <<'PY'
import socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
held = []
for _ in range(count):
    s = socket.socket()
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    held.append(s)
print(f"holding {len(held)}", flush=True)
for _ in sys.stdin:
    alive = 0
    for s in held:
        try:
            alive += 1 if s.recv(1) else 0
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    print(f"open {alive}", flush=True)
PY
python3 hold.py "$port" "$count" <hold.in >hold.out 2>&1 & holder=$!; pids+=("$holder")
exec 9>hold.in
for _ in $(seq 300); do grep -q holding hold.out && break; sleep 0.1; done
check "$count idle connections held" 0 0 "$(cat hold.out)" "^holding $count$"

# Normal requests while they are held: each answered within 1 s.
worst=0
for path in "/tournaments?limit=20" "/tournaments/$id" "/" "/tournaments?limit=5&offset=20" "/health"; do
  for _ in 1 2; do
    res=$(curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}' "$base$path")
    code=${res% *}; t=${res#* }
    ms=$(awk -v t="$t" 'BEGIN { printf "%d", t * 1000 }')
    [ "$ms" -gt "$worst" ] && worst=$ms
    check "GET $path with $count idle connections held: 200 in ${ms} ms (at most 1000)" 0 \
      "$([ "$code" = 200 ] && [ "$ms" -le 1000 ] && echo 0 || echo 1)" "HTTP $code after $t s"
  done
done
echo "slowest answer while $count connections were held: $worst ms"

echo >&9
for _ in $(seq 100); do grep -q "^open" hold.out && break; sleep 0.05; done
check "the $count connections were all still open during those requests" 0 0 "$(tail -1 hold.out)" "^open $count$"

# The server does not keep them for ever: its read timeout (10 s) cuts them.
sleep 11
echo >&9
for _ in $(seq 100); do [ "$(grep -c "^open" hold.out)" -ge 2 ] && break; sleep 0.05; done
check "after 11 s the server's read timeout has closed them" 0 0 "$(tail -1 hold.out)" "^open 0$"
exec 9>&-
wait "$holder"
check "the server still answers" 0 "$(curl -sf -m 5 -o /dev/null "$base/tournaments?limit=1"; echo $?)"
summary

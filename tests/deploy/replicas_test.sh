#!/usr/bin/env bash
# « Beyond one machine » (issue #13): two `pft serve` replicas on one real
# PostgreSQL, as behind a platform's load balancer.
#   - one `pft run` between them: both serve the new data within their poll
#     interval (2 s), each from its own snapshot, with the same data version;
#   - the nightly job "anywhere": while an admin run started on replica A
#     holds the database lock, `pft run` from a third process exits 3 naming
#     it, and POST /admin/ingest on replica B answers 409 run_in_progress;
#   - both replicas stop with exit 0 on SIGTERM.
# (CLI against CLI under the lock is tests/integration/ops on both back ends.)
# Usage: replicas_test.sh PFT_BINARY SOURCE_DIR; the PostgreSQL server's URL
# is in the file named by PFT_TEST_DATABASE_URL_FILE (pg_server fixture).
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$(cd "$2" && pwd)"
ops="$src/tests/integration/ops"
work=$(mktemp -d)
pids=()
url=$(cat "$PFT_TEST_DATABASE_URL_FILE")
db="pft_replicas_$$"
cleanup() {
  stop_pids KILL
  psql "$url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
# shellcheck source=tests/integration/check.sh
source "$src/tests/integration/check.sh"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

psql "$url" -qc "CREATE DATABASE $db" >/dev/null || { echo "FAIL: cannot create $db"; exit 1; }
export DATABASE_URL="${url%/*}/$db" PFT_NOW="2026-12-01T12:00:00+01:00"
export ADMIN_USERNAME=admin ADMIN_PASSWORD=secret LOG_LEVEL=info
unset API_URL SLACK_WEBHOOK_URL GEOCODER_USER_AGENT HOST PORT API_PORT
run_flags=(--out "$work/raw.jsonl" --rejects "$work/rejects.jsonl" --state "$work/state" --gazetteer "$src/data/gazetteer")
out=$("$pft" migrate 2>&1); check "migrate" 0 $? "$out"

# A source that answers after 4 s: the admin run holds the lock meanwhile.
python3 "$ops/loopback.py" slow "$ops/data/good.csv" 4 "$work/slow.port" & pids+=($!)
for _ in $(seq 100); do [ -s "$work/slow.port" ] && break; sleep 0.05; done
sed "s|url: good.csv|url: http://127.0.0.1:$(cat "$work/slow.port")/data.csv|" "$ops/data/good.yml" >"$work/slow.yml"

declare -A port server
for r in a b; do
  port[$r]=$(free_port)
  "$pft" serve --host 127.0.0.1 --port "${port[$r]}" --catalog "$work/slow.yml" --gazetteer "$src/data/gazetteer" \
    >"$work/serve-$r.log" 2>&1 & server[$r]=$!; pids+=("${server[$r]}")
done
for r in a b; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:${port[$r]}/health" >/dev/null && break; sleep 0.05; done
done
field() {  # field REPLICA KEY: a number of the replica's /health (no python: probes stay cheap)
  local body
  body=$(curl -fs "http://127.0.0.1:${port[$1]}/health")
  [[ $body =~ \"$2\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}
for r in a b; do
  check "replica $r starts empty" 0 0 "$(field "$r" tournaments_upcoming)" "^0$"
done
version_before=$(field a data_version)

# --- one pft run between them ------------------------------------------------
out=$("$pft" run --catalog "$ops/data/good.yml" "${run_flags[@]}" 2>&1)
check "pft run (a third process, as the nightly job)" 0 $? "$out" "run #1 ok: 3 events fetched; inserted 3"
t0=$(now_ms)
declare -A seen_ms
# A replica polls the data version every 2 s, then loads its new snapshot:
# the bound is that interval plus 1 s for the load and these probes.
for _ in $(seq 200); do  # 10 s at most
  for r in a b; do
    if [ -z "${seen_ms[$r]-}" ] && [ "$(field "$r" tournaments_upcoming)" = 3 ]; then
      seen_ms[$r]=$(( $(now_ms) - t0 ))
    fi
  done
  [ -n "${seen_ms[a]-}" ] && [ -n "${seen_ms[b]-}" ] && break
  sleep 0.02
done
for r in a b; do
  ms=${seen_ms[$r]-never}
  check "replica $r serves the new data within the 2 s poll interval + 1 s (${ms} ms)" 0 \
    "$([ "$ms" != never ] && [ "$ms" -le 3000 ] && echo 0 || echo 1)"
done
va=$(field a data_version); vb=$(field b data_version)
check "both replicas report the same new data version ($va, $vb; was $version_before)" 0 \
  "$([ -n "$va" ] && [ "$va" = "$vb" ] && [ "$va" != "$version_before" ] && echo 0 || echo 1)"
ids_a=$(curl -fs "http://127.0.0.1:${port[a]}/tournaments" | python3 -c 'import json,sys; print(sorted(t["id"] for t in json.load(sys.stdin)))')
ids_b=$(curl -fs "http://127.0.0.1:${port[b]}/tournaments" | python3 -c 'import json,sys; print(sorted(t["id"] for t in json.load(sys.stdin)))')
check "both replicas list the same tournaments ($ids_a)" "$ids_a" "$ids_b"

# --- the run lock across machines -------------------------------------------
out=$(curl -s -u admin:secret -X POST "http://127.0.0.1:${port[a]}/admin/ingest")
check "admin run started on replica a" 0 $? "$out" '"run_id":2'
out=$("$pft" run --catalog "$ops/data/good.yml" "${run_flags[@]}" 2>&1)
check "pft run elsewhere meanwhile exits 3, naming the admin run" 3 $? "$out" "another run is in progress: run #2 \(trigger admin"
code=$(curl -s -o "$work/409.json" -w '%{http_code}' -u admin:secret -X POST "http://127.0.0.1:${port[b]}/admin/ingest")
check "POST /admin/ingest on replica b answers 409 run_in_progress" 409 "$code" "$(cat "$work/409.json")"
check "... naming run #2" 0 0 "$(cat "$work/409.json")" '"code":"run_in_progress".*"running_id":2|"running_id":2.*"code":"run_in_progress"'
for _ in $(seq 200); do  # the admin run finishes after the slow source (4 s)
  out=$("$pft" status --runs 1 2>&1)
  grep -q "#2 admin ok" <<<"$out" && break
  sleep 0.1
done
check "the admin run finished ok" 0 0 "$out" "#2 admin ok"
out=$("$pft" run --catalog "$ops/data/good.yml" "${run_flags[@]}" 2>&1)
check "the next run goes through once the lock is free" 0 $? "$out" "run #3 ok"

# --- both stop cleanly ---------------------------------------------------------
for r in a b; do
  kill -TERM "${server[$r]}"
  wait "${server[$r]}"
  check "replica $r exits 0 on SIGTERM" 0 $? "$(tail -3 "$work/serve-$r.log")"
done
pids=("${pids[0]}")

summary

#!/usr/bin/env bash
# Fault drill (issue 15): PostgreSQL goes away for several seconds, then
# comes back, while wrk loads `pft serve` (API lists, a tournament, a site
# page). Not one read fails: wrk counts no socket error, no timeout (2 s) and
# no status >= 400, because reads come from the in-memory snapshot; /health
# says "degraded" during the outage and "ok" after it; and the server
# reconnects: tournaments normalised after the restart are served.
# Usage: drill_pg_restart_test.sh PFT_BINARY PG_DIR
# PG_DIR: a private server's folder (tests/pg/pgctl start|pause|resume|stop;
# CTest's pg_stop stops it too after a crash), never the shared pg_server.
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
pg_dir="$2"
here="$(cd "$(dirname "$0")" && pwd)"
src_root="$(cd "$here/../../.." && pwd)"
pgctl="$src_root/tests/pg/pgctl"
work=$(mktemp -d)
pids=()
cleanup() {
  stop_pids
  "$pgctl" stop "$pg_dir" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
# shellcheck source=/dev/null
source "$here/../check.sh"
export PFT_NOW="2026-12-01T12:00:00+01:00"
unset GEOCODER_USER_AGENT
command -v wrk >/dev/null || { echo "FAIL: wrk is not installed (scripts/install-deps test)"; exit 1; }

out=$("$pgctl" start "$pg_dir" 2>&1); check "private PostgreSQL started" 0 $? "$out"
DATABASE_URL=$(cat "$pg_dir/database_url")
export DATABASE_URL
"$src_root/bench/gen_raw_events" 3000 >raw.jsonl
out=$("$pft" normalize --in raw.jsonl --rejects rejects.jsonl --gazetteer "$src_root/data/gazetteer" 2>&1)
check "normalize into PostgreSQL" 0 $? "$out" "inserted=[1-9]"

serve_on_free_port "$pft" serve.log; pids+=("$server")
health() { curl -s -m 10 "$base/health" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["status"], j["data_version"], j["tournaments_upcoming"])' 2>/dev/null; }
read -r status0 version0 upcoming0 <<<"$(health)"
check "pft serve on PostgreSQL answers, status ok" 0 0 "$status0 $version0 $upcoming0" "^ok [0-9]+ [1-9]"
id=$(curl -s "$base/tournaments?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

cat >load.lua <<LUA
local paths = { "/tournaments?limit=20", "/tournaments?city=paris&limit=5", "/tournaments/$id",
                "/tournaments?near=45.76,4.84&radius_km=30", "/" }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("drill: requests=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout))
end
LUA
wrk -t2 -c16 -d16s --timeout 2s -s load.lua "$base" >wrk.out 2>&1 & load=$!; pids+=("$load")

# Three seconds of load, then PostgreSQL stops for about six seconds
# (the server polls its data version every 2 s).
sleep 3
out=$("$pgctl" pause "$pg_dir" 2>&1); check "PostgreSQL stopped under load" 0 $? "$out"
for _ in $(seq 12); do
  sleep 0.5
  read -r status _ <<<"$(health)"
  [ "$status" = degraded ] && break
done
check "/health says degraded while PostgreSQL is down" 0 0 "status=$status" "^status=degraded$"
sleep 4
out=$("$pgctl" resume "$pg_dir" 2>&1); check "PostgreSQL started again" 0 $? "$out"

wait "$load"; code=$?
check "wrk ran" 0 $code "$(cat wrk.out)"
grep -E "Requests/sec|Latency|drill:" wrk.out
line=$(grep '^drill:' wrk.out)
check "wrk: not one failed read (status >= 400, socket errors, timeouts)" 0 0 "$line" \
  "^drill: requests=[1-9][0-9]* status=0 connect=0 read=0 write=0 timeout=0$"

# The server reconnects: /health ok again, then new rows are served.
status=""
for _ in $(seq 60); do read -r status _ <<<"$(health)"; [ "$status" = ok ] && break; sleep 0.5; done
check "/health ok again after the restart" 0 0 "status=$status" "^status=ok$"
"$src_root/bench/gen_raw_events" --french 400 >more.jsonl
out=$("$pft" normalize --in more.jsonl --rejects rejects.jsonl --gazetteer "$src_root/data/gazetteer" 2>&1)
check "normalize after the restart" 0 $? "$out" "inserted=[1-9]"
upcoming=$upcoming0
for _ in $(seq 60); do
  read -r _ _ upcoming <<<"$(health)"
  [ "${upcoming:-$upcoming0}" != "$upcoming0" ] && break
  sleep 0.5
done
check "rows written after the restart are served ($upcoming0 -> $upcoming upcoming)" 0 0 \
  "$([ "${upcoming:-$upcoming0}" -gt "$upcoming0" ] && echo yes)" "^yes$"
summary

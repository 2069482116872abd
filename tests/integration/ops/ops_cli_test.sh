#!/usr/bin/env bash
# Integration test of the runbook's daily operations with the real `pft`
# binary: pft run (exit codes, recorded runs, the run lock held by a running
# or killed process), pft status, pft monitor freshness|anomalies|endpoints
# (lines and exit codes, --json, --notify to a loopback receiver), pft purge.
# Usage: ops_cli_test.sh PFT_BINARY sqlite|postgres
# postgres reads the server URL from the file named by PFT_TEST_DATABASE_URL_FILE
# and works in a database of its own, dropped at the end.
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"  # absolute: the test works in a temp folder
backend="$2"
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/data"
src_root="$(cd "$here/../../.." && pwd)"
work=$(mktemp -d)
pids=()
cleanup() {
  stop_pids KILL
  if [ -n "${dropdb_url-}" ]; then psql "$dropdb_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
# shellcheck source=/dev/null
source "$here/../check.sh"
same() {  # same NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok: $1"; passes=$((passes + 1)); else
    echo "FAIL: $1"; diff <(echo "$2") <(echo "$3") | head -20; failures=$((failures + 1)); fi
}
wait_file() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.05; done; return 1; }

if [ "$backend" = sqlite ]; then
  export DATABASE_URL="sqlite:$work/pft.sqlite"
else
  url=$(cat "$PFT_TEST_DATABASE_URL_FILE")
  db="pft_ops_$$"
  psql "$url" -qc "CREATE DATABASE $db" >/dev/null
  dropdb_url="$url"
  export DATABASE_URL="${url%/*}/$db"
fi
export PFT_NOW="2026-12-01T12:00:00+01:00"
unset API_URL SLACK_WEBHOOK_URL GEOCODER_USER_AGENT
io_flags=(--out "$work/raw.jsonl" --rejects "$work/rejects.jsonl" --state "$work/state")
run_flags=("${io_flags[@]}" --gazetteer "$src_root/data/gazetteer")

# --- an empty database ---------------------------------------------------
out=$("$pft" migrate 2>&1); check "migrate" 0 $? "$out"
out=$("$pft" monitor freshness 2>&1); code=$?
check "freshness on an empty database exits 1" 1 $code
same "freshness on an empty database: exact lines" "ALERT: No upcoming tournaments found
ALERT: No successful run recorded
OK: No source failed or returned nothing in all of its last 3 runs (0 sources checked)" "$out"
out=$("$pft" monitor anomalies 2>&1); check "anomalies on an empty database" 0 $? "$out" "^OK: No anomalies detected$"

# --- --notify: payload to a loopback receiver; receiver down --------------
python3 "$here/loopback.py" receiver "$work/posts.txt" 200 "$work/recv.port" & pids+=($!)
wait_file "$work/recv.port"
hook="http://127.0.0.1:$(cat "$work/recv.port")/services/T0/B0/secret"
out=$(SLACK_WEBHOOK_URL="$hook" "$pft" monitor freshness --notify 2>&1); code=$?
check "--notify keeps the exit code" 1 $code "$out"
python3 - "$work/posts.txt" <<'PY'
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(posts) == 1, posts
lines = posts[0]["text"].split("\n")
assert lines[0].startswith("pft monitor freshness ("), lines
assert lines[1:] == ["ALERT: No upcoming tournaments found", "ALERT: No successful run recorded"], lines
PY
check "--notify posted the ALERT lines as Slack JSON" 0 $?
down="http://127.0.0.1:1/hook"
out=$(SLACK_WEBHOOK_URL="$down" "$pft" monitor freshness --notify 2>"$work/err.txt"); code=$?
check "receiver down: the alert is still printed and exit stays 1" 1 $code "$out" "^ALERT: No upcoming tournaments found$"
check "receiver down: said on stderr" 0 0 "$(cat "$work/err.txt")" "notification failed: .*after 3 attempts"
out=$("$pft" monitor freshness --notify 2>"$work/err.txt"); code=$?
check "--notify without SLACK_WEBHOOK_URL: exit stays 1" 1 $code
check "--notify without SLACK_WEBHOOK_URL: said on stderr" 0 0 "$(cat "$work/err.txt")" "SLACK_WEBHOOK_URL"

# --- pft run ---------------------------------------------------------------
out=$("$pft" run --catalog "$data/partial.yml" "${run_flags[@]}" 2>&1); code=$?
check "run with a failing source exits 1 (partial)" 1 $code "$out" "run #1 partial: 3 events fetched; inserted 3"
check "run table names the failed source" 0 0 "$out" "ops-missing +failed"
out=$("$pft" run --catalog "$data/good.yml" --trigger schedule "${run_flags[@]}" 2>&1); code=$?
check "run with good sources exits 0" 0 $code "$out" "run #2 ok: 3 events fetched; inserted 0, updated 0, unchanged 3"
out=$("$pft" run --catalog "$work/nope.yml" "${run_flags[@]}" 2>&1); code=$?
check "missing catalog is a configuration error (exit 2)" 2 $code "$out" "nope.yml"
out=$("$pft" run --catalog "$data/good.yml" "${io_flags[@]}" --gazetteer "$work/nogaz" 2>&1); code=$?
check "missing gazetteer is a configuration error (exit 2)" 2 $code "$out" "^pft: --gazetteer $work/nogaz"

out=$("$pft" status 2>&1); check "status" 0 $? "$out" "^Upcoming tournaments: 3$"
check "status lists the runs with per-source outcome" 0 0 "$out" "ops-missing failed"
check "status shows the schedule trigger" 0 0 "$out" "#2 schedule ok"
out=$("$pft" status --json 2>&1); check "status --json" 0 $? "$out"
python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["reachable"] and j["upcoming"]==3 and j["venues"]==2, j; assert j["runs"][0]["id"]==4 and j["runs"][0]["status"]=="failed", j["runs"][0]' "$out"
check "status --json counts and newest run first" 0 $?

out=$("$pft" monitor freshness 2>&1); code=$?
check "freshness after runs exits 0" 0 $code
same "freshness after runs: exact lines" "OK: 3 upcoming tournaments
OK: Last successful run #2 finished 0s ago (at most 36h)
OK: No source failed or returned nothing in all of its last 3 runs (2 sources checked)" "$out"
out=$("$pft" monitor freshness --min-upcoming 5 --json 2>&1); code=$?
check "freshness --json with --min-upcoming 5 exits 1" 1 $code
python3 -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["status"]=="alert" and j["findings"][0]["line"]=="ALERT: Only 3 upcoming tournaments (expected at least 5)", j' "$out"
check "freshness --json finding" 0 $?
out=$("$pft" monitor anomalies 2>&1); check "anomalies after a clean run" 0 $? "$out" "^OK: No anomalies detected$"
out=$("$pft" monitor freshness --max-age 2x 2>&1); check "bad --max-age is a usage error" 2 $? "$out" "--max-age"

# --- the run lock: a running run, then a killed one ------------------------
python3 "$here/loopback.py" slow "$data/good.csv" 4 "$work/slow.port" & pids+=($!)
wait_file "$work/slow.port"
sed "s|url: good.csv|url: http://127.0.0.1:$(cat "$work/slow.port")/data.csv|" "$data/good.yml" > "$work/slow.yml"
: >"$work/first.out"
"$pft" run --catalog "$work/slow.yml" "${run_flags[@]}" >"$work/first.out" 2>&1 & first=$!; pids+=($first)
for _ in $(seq 100); do grep -q "started" "$work/first.out" && break; sleep 0.05; done
out=$("$pft" run --catalog "$data/good.yml" "${run_flags[@]}" 2>&1); code=$?
check "second run while one runs exits 3 naming it" 3 $code "$out" "another run is in progress: run #5"
kill -9 "$first"; wait "$first" 2>/dev/null
out=$("$pft" run --catalog "$data/good.yml" "${run_flags[@]}" 2>&1); code=$?
check "a killed holder does not block the next run" 0 $code "$out" "run #6 ok"
out=$("$pft" status --runs 2 2>&1)
check "the killed run is marked failed" 0 $? "$out" "#5 cli failed .*interrupted"

# --- endpoints -------------------------------------------------------------
out=$("$pft" monitor endpoints --api-url "http://127.0.0.1:1" 2>&1); code=$?
check "endpoints: closed port cannot check (exit 2)" 2 $code "$out" "^ALERT: /health failed: connection refused"
out=$(API_URL="http://127.0.0.1:1" "$pft" monitor endpoints --json 2>&1); code=$?
check "endpoints: API_URL used, --json status" 2 $code "$out" '"status":"cannot_check"'
if ! "$pft" serve --help 2>&1 | grep -q "not available"; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$pft" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 & server=$!; pids+=($server)
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  out=$("$pft" monitor endpoints --api-url "http://127.0.0.1:$port" 2>&1); code=$?
  check "endpoints against pft serve exit 0" 0 $code "$out" "^OK: /tournaments responded in [0-9.]+s$"
  check "endpoints against pft serve: /health" 0 0 "$out" "^OK: /health responded in [0-9.]+s$"
  kill "$server"; wait "$server" 2>/dev/null
else
  echo "skip: pft serve not available in this build"
fi

# --- purge -----------------------------------------------------------------
out=$(PFT_NOW="2026-12-20T12:00:00+01:00" "$pft" purge --past --older-than 15d --dry-run 2>&1)
check "purge --dry-run counts" 0 $? "$out" "^Dry run: would purge 1 past tournament that ended before 2026-12-05T12:00:00\+01:00 \(older than 15d\); nothing deleted\.$"
out=$("$pft" status 2>&1); check "dry run changed nothing" 0 $? "$out" "^Upcoming tournaments: 3$"
out=$(PFT_NOW="2026-12-20T12:00:00+01:00" "$pft" purge --past --older-than 15d 2>&1)
check "purge deletes" 0 $? "$out" "^Purged 1 past tournament .*venues kept\.$"
out=$("$pft" status 2>&1); check "purge left the others and the venues" 0 $? "$out" "^Upcoming tournaments: 2$"
check "venues stay after purge" 0 0 "$out" "^Venues: 2$"
out=$("$pft" purge --past 2>&1); check "purge without --older-than is a usage error" 2 $? "$out" "older-than"

# --- cannot check ------------------------------------------------------------
touch "$work/afile"
if [ "$backend" = sqlite ]; then bad="sqlite://$work/afile/x.sqlite"; else bad="postgresql://postgres@127.0.0.1:1/nowhere"; fi
out=$(DATABASE_URL="$bad" "$pft" monitor freshness 2>&1); code=$?
check "freshness with the database unreachable exits 2, never OK" 2 $code "$out" "^ALERT: Cannot check: database unreachable"
out=$(DATABASE_URL="$bad" "$pft" monitor anomalies --json 2>&1); code=$?
check "anomalies with the database unreachable exits 2" 2 $code "$out" '"status":"cannot_check"'
out=$(DATABASE_URL="$bad" "$pft" status 2>&1); code=$?
check "status with the database unreachable exits 2" 2 $code "$out" "UNREACHABLE"

summary

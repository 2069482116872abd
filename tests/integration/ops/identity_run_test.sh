#!/usr/bin/env bash
# Issue 11 end to end with the real `pft` binary: a local CSV source lists
# « Deepstack du jeudi » at 19:00; the organiser moves it to 20:30 and drops
# two other tournaments. After the second `pft run` the API lists ONE
# Deepstack, with the same id and page URL; the dropped ones answer by id as
# withdrawn, the calendar feed cancels them on their UID, and `pft monitor
# anomalies` reports the mass withdrawal. A third run whose fetch fails
# withdraws nothing.
# Usage: identity_run_test.sh PFT_BINARY sqlite|postgres
# postgres reads the server URL from the file named by PFT_TEST_DATABASE_URL_FILE
# and works in a database of its own, dropped at the end.
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
backend="$2"
here="$(cd "$(dirname "$0")" && pwd)"
src_root="$(cd "$here/../../.." && pwd)"
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi
  if [ -n "${dropdb_url-}" ]; then psql "$dropdb_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
# shellcheck source=/dev/null
source "$here/../check.sh"

if [ "$backend" = sqlite ]; then
  export DATABASE_URL="sqlite:$work/pft.sqlite"
else
  url=$(cat "$PFT_TEST_DATABASE_URL_FILE")
  db="pft_identity_$$"
  psql "$url" -qc "CREATE DATABASE $db" >/dev/null
  dropdb_url="$url"
  export DATABASE_URL="${url%/*}/$db"
fi
export PFT_NOW="2026-12-01T12:00:00+01:00"
unset API_URL SLACK_WEBHOOK_URL GEOCODER_USER_AGENT
run_flags=(--out "$work/raw.jsonl" --rejects "$work/rejects.jsonl" --state "$work/state"
           --gazetteer "$src_root/data/gazetteer")

club_csv_catalog club-csv week.csv
printf '%s\n' "$header" "Deepstack du jeudi;10/12/2026 19:00;150 €;NLHE;$club" \
  "PLO Night;11/12/2026 21:00;100 €;PLO;$club" "Main Event;12/12/2026 19:30;250 €;NLHE;$club" > week.csv

# Serves the API long enough for `body URL_PATH` calls, then stops.
start_server() { serve_on_free_port "$pft" "$work/serve.log"; }
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=""; }
body() { curl -s "http://127.0.0.1:$port$1"; }
status_of() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$1"; }
jq_py() {  # jq_py EXPR: EXPR over the JSON on stdin (j); a tuple prints space-separated
  python3 -c "import json,sys; j=json.load(sys.stdin); r=($1); print(*r) if isinstance(r, tuple) else print(r)"
}

out=$("$pft" run --catalog catalog.yml "${run_flags[@]}" 2>&1); code=$?
check "first run inserts the three" 0 $code "$out" "inserted 3, updated 0, unchanged 0, removed 0"
[ -s raw.jsonl.manifest.json ] && check "ingest wrote the manifest" 0 0 || check "ingest wrote the manifest" 0 1
start_server; check "serve starts" 0 $?
first=$(body "/tournaments?q=deepstack")
deep_id=$(jq_py 'j[0]["id"]' <<<"$first")
plo_id=$(body "/tournaments?q=plo" | jq_py 'j[0]["id"]')
main_id=$(body "/tournaments?q=main" | jq_py 'j[0]["id"]')
page="/tournois/$deep_id-deepstack-du-jeudi"
check "the page of the Deepstack answers" 0 0 "$(status_of "$page")" "^200$"
stop_server

# The organiser moves the Deepstack to 20:30 and drops the two others.
printf '%s\n' "$header" "Deepstack du jeudi;10/12/2026 20:30;150 €;NLHE;$club" > week.csv
out=$("$pft" run --catalog catalog.yml "${run_flags[@]}" 2>&1); code=$?
check "second run: an update and two withdrawals" 0 $code "$out" "inserted 0, updated 1, unchanged 0, removed 2"
start_server
list=$(body "/tournaments")
check "one tournament listed" 0 0 "$(jq_py 'len(j)' <<<"$list")" "^1$"
check "the same id" 0 0 "$(jq_py 'j[0]["id"]' <<<"$list")" "^$deep_id$"
check "at its new time" 0 0 "$(jq_py 'j[0]["start_datetime_local"]' <<<"$list")" "2026-12-10T20:30:00\+01:00"
check "the same page URL" 0 0 "$(status_of "$page")" "^200$"
gone=$(body "/tournaments/$plo_id")
check "a withdrawn one answers by id" 0 0 "$(jq_py 'j["tournament"]["status"], j["tournament"]["removed_at"]' <<<"$gone")" \
  "^removed 2026-12-01T12:00:00\+01:00$"
check "status=removed lists the two" 0 0 "$(body "/tournaments?status=removed" | jq_py 'len(j)')" "^2$"
ics=$(body "/tournaments.ics")
python3 - "$ics" "$deep_id" "$plo_id" "$main_id" <<'PY'
import sys
ics, deep, plo, main = sys.argv[1:]
events = [e.split("END:VEVENT")[0] for e in ics.split("BEGIN:VEVENT")[1:]]
by_uid = {}
for e in events:
    uid = [l for l in e.split("\r\n") if l.startswith("UID:")][0][4:]
    status = [l for l in e.split("\r\n") if l.startswith("STATUS:")][0][7:]
    by_uid[uid] = status
want = {f"{deep}@pokerfrancetournaments": "CONFIRMED", f"{plo}@pokerfrancetournaments": "CANCELLED",
        f"{main}@pokerfrancetournaments": "CANCELLED"}
assert by_uid == want, (by_uid, want)
PY
check "the feed cancels the withdrawn ones on their UIDs" 0 $?
stop_server
out=$("$pft" monitor anomalies 2>&1); code=$?
check "anomalies report the mass withdrawal" 1 $code "$out" \
  "^ALERT: 1 source withdrew more than half of its upcoming tournaments in one run: club-csv$"

# A fetch that fails withdraws nothing: the Deepstack stays.
rm week.csv
out=$("$pft" run --catalog catalog.yml "${run_flags[@]}" 2>&1); code=$?
check "a failed fetch: run exits 1" 1 $code "$out"
start_server
check "nothing withdrawn by the failed run" 0 0 "$(body "/tournaments" | jq_py 'len(j), j[0]["id"], j[0]["status"]')" \
  "^1 $deep_id scheduled$"
stop_server

# The organiser lists the PLO Night again: same id, scheduled.
printf '%s\n' "$header" "Deepstack du jeudi;10/12/2026 20:30;150 €;NLHE;$club" \
  "PLO Night;11/12/2026 21:00;100 €;PLO;$club" > week.csv
out=$("$pft" run --catalog catalog.yml "${run_flags[@]}" 2>&1); code=$?
check "the PLO Night comes back" 0 $code "$out" "inserted 0, updated 1, unchanged 1, removed 0"
start_server
check "with its id, scheduled, removed_at cleared" 0 0 \
  "$(body "/tournaments/$plo_id" | jq_py 'j["tournament"]["status"], j["tournament"]["removed_at"]')" "^scheduled None$"
stop_server

summary

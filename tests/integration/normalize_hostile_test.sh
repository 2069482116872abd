#!/usr/bin/env bash
# Issue 15 through the real `pft` binary: crafted raw_events.jsonl lines (one
# nested 70,000 levels deep, one of 50 MB, links that are not http(s))
# are rejected or cleaned with a reason while the run goes on; the demo
# catalog still loads and its tournaments are served by the API, whose
# JSON and ICS carry no javascript:/file: link.
# Usage: normalize_hostile_test.sh PFT_BINARY SOURCE_DIR
set -uo pipefail
pft="$1"
src="$2"
# shellcheck source=/dev/null
source "$(cd "$(dirname "$0")" && pwd)/check.sh"
work=$(mktemp -d)
pids=()
cleanup() {
  stop_pids
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
export DATABASE_URL="sqlite:$work/pft.sqlite"
export PFT_NOW="2026-11-20T11:00:00+01:00"

python3 - <<'EOF'
import json
ok = lambda title, **kw: json.dumps(dict({"source_name": "club-a", "source_url": "https://organiser.test/agenda",
    "title": title, "start": "12/12/2026 19h30", "buy_in": "150 €", "venue_name": "Casino de Forges-les-Eaux",
    "city": "Forges-les-Eaux", "fetched_at": "2026-11-20T10:00:00+01:00"}, **kw), ensure_ascii=False)
d = 70000
with open("raw.jsonl", "w") as f:
    print(ok("Avant"), file=f)
    print('{"title":"x","a":' + "[" * d + "]" * d + "}", file=f)
    print(ok("Milieu", description="a" * (50 * 1024 * 1024)), file=f)
    print(ok("Lien javascript", event_url="javascript:alert(document.cookie)"), file=f)
    print(ok("Lien CRLF", event_url="https://organiser.test/e\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned"), file=f)
    print(ok("Source data", source_url="data:text/html,<script>alert(1)</script>"), file=f)
    print(ok("Après"), file=f)
EOF

out=$(timeout 60 "$pft" normalize --in raw.jsonl --dry-run --rejects rejects.jsonl 2>err.txt); code=$?
check "normalize survives a line nested 70,000 levels deep and a 50 MB line" 0 $code "$(cat err.txt)"
[ "$(wc -l <<<"$out")" = 7 ] && check "one output line per input line" 0 0 || check "one output line per input line" 0 1 "$out"
line() { sed -n "${1}p" <<<"$out"; }
check "line 2: nested too deep" 0 0 "$(line 2)" '"line":2,.*"message":"JSON nested deeper than 64 levels.*"reason":"LimitExceeded"'
check "line 3: over-long line skipped with its length" 0 0 "$(line 3)" '"message":"line of 5242[0-9]{4} bytes, over the limit of 1048576.*"reason":"LimitExceeded"'
check "line 7: the run goes on" 0 0 "$(line 7)" '"start_datetime_local":"2026-12-12T19:30:00\+01:00".*"title":"Après"'
check "javascript: event_url dropped" 0 0 "$(line 4)" '"event_url":null.*"title":"Lien javascript"'
check "CR/LF event_url dropped" 0 0 "$(line 5)" '"event_url":null.*"title":"Lien CRLF"'
check "data: source_url dropped" 0 0 "$(line 6)" '"source_url":null.*"title":"Source data"'
check "summary counts the rejections and warnings" 0 0 "$(cat err.txt)" 'rejected=2 \(LimitExceeded=2\) warned=3 \(InvalidUrl=3\)'
warnings=$(grep -c '"reason":"InvalidUrl"' rejects.jsonl)
check "three InvalidUrl warnings in the rejects file" 0 0 "$warnings" '^3$'
size=$(stat -c %s rejects.jsonl)
[ "$size" -lt 20000 ] && check "rejects file holds excerpts, not the 50 MB line ($size bytes)" 0 0 \
  || check "rejects file holds excerpts, not the 50 MB line ($size bytes)" 0 1

# The demo catalog (file:// sources) still loads and is served.
"$pft" migrate >/dev/null 2>&1
out=$("$pft" run --catalog "$src/sources/demo.yml" --out "$work/demo.jsonl" --rejects "$work/demo-rejects.jsonl" 2>&1); code=$?
check "demo run ok" 0 $code "$out" "^run #1 ok: [0-9]+ events fetched; inserted [1-9][0-9]*, .*rejected 0, warned [0-9]+ "
# A row stored before URLs were checked: filtered as it is served.
sqlite3 "$work/pft.sqlite" "UPDATE tournaments SET event_url = 'javascript:alert(1)', source_url = '/home/pft/sources/demo/x.ics' WHERE id = 1;
  UPDATE tournaments SET event_url = 'https://x.test/a' || char(13, 10) || 'END:VEVENT' || char(13, 10) || 'BEGIN:VEVENT' || char(13, 10) || 'UID:evil' WHERE id = 2;"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$pft" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
list=$(curl -s "http://127.0.0.1:$port/tournaments?limit=100")
n=$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$list")
[ "$n" -gt 10 ] && check "API lists the demo tournaments ($n)" 0 0 || check "API lists the demo tournaments ($n)" 0 1 "$list"
bad=$(python3 -c '
import json, sys
for t in json.loads(sys.argv[1]):
    for k in ("event_url", "source_url"):
        v = t.get(k)
        if v and (v.startswith(("javascript:", "file:", "data:", "/")) or "\r" in v or "\n" in v):
            print(t["id"], k, v)' "$list")
check "no javascript:, file:, data: or absolute path served" 0 0 "$bad" '^$'
one=$(curl -s "http://127.0.0.1:$port/tournaments/1")
check "stored javascript: event_url served as null" 0 0 "$one" '"event_url":null'
ics=$(curl -s "http://127.0.0.1:$port/tournaments.ics")
events=$(grep -c $'^BEGIN:VEVENT\r$' <<<"$ics")
uids=$(grep -c $'^UID:' <<<"$ics")
[ "$events" = "$uids" ] && [ "$events" -gt 10 ] && ! grep -q "^UID:evil" <<<"$ics" && check "ICS: one VEVENT per UID ($events)" 0 0 \
  || check "ICS: one VEVENT per UID ($events events, $uids UIDs)" 0 1
check "ICS: no javascript: URL" 0 0 "$(grep -ci 'javascript:' <<<"$ics")" '^0$'

summary

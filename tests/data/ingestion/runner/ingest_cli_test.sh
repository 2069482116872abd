#!/usr/bin/env bash
# `pft ingest` as an operator runs it: exit codes 0 (all ok), 1 (some sources
# failed, the others written), 2 (bad catalog or option, nothing written).
# Usage: ingest_cli_test.sh PFT_BINARY REPO_ROOT
set -uo pipefail
pft="$1"
repo="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
passes=0
export PFT_NOW=2026-11-30T09:00:00+01:00

check() {  # check NAME EXPECTED_EXIT ACTUAL_EXIT OUTPUT PATTERN
  local name="$1" want="$2" got="$3" out="$4" pattern="$5"
  if [ "$want" != "$got" ]; then
    echo "FAIL: $name: exit $got, expected $want"; echo "$out" | head -20; failures=$((failures + 1)); return
  fi
  if ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $name: output does not match /$pattern/:"; echo "$out" | head -20; failures=$((failures + 1)); return
  fi
  echo "ok: $name"; passes=$((passes + 1))
}

out=$("$pft" ingest --catalog "$repo/sources/demo.yml" --out demo.jsonl --state state 2>&1)
check "demo catalog: every source ok" 0 $? "$out" "demo-club-lyon +ok"
lines=$(wc -l < demo.jsonl)
[ "$lines" -ge 30 ] && { echo "ok: demo wrote $lines events"; passes=$((passes + 1)); } ||
  { echo "FAIL: demo wrote $lines events"; failures=$((failures + 1)); }
grep -q '"fetched_at":"2026-11-30T09:00:00+01:00"' demo.jsonl && { echo "ok: PFT_NOW is fetched_at"; passes=$((passes + 1)); } ||
  { echo "FAIL: fetched_at is not PFT_NOW"; failures=$((failures + 1)); }

out=$("$pft" ingest --catalog "$repo/sources/demo.yml" --out one.jsonl --source demo-asso-evian --now 2027-01-15T10:00:00+01:00 2>&1)
check "--source and --now" 0 $? "$out" "3 events from 1 sources"
grep -q '"fetched_at":"2027-01-15T10:00:00+01:00"' one.jsonl && { echo "ok: --now wins over PFT_NOW"; passes=$((passes + 1)); } ||
  { echo "FAIL: --now not used"; failures=$((failures + 1)); }

cp "$repo/sources/demo/asso-evian.json" evian.json
cat > partial.yml <<'YAML'
sources:
  - {name: present, type: json, url: evian.json}
  - {name: missing, type: rss, url: does-not-exist.xml}
YAML
out=$("$pft" ingest --catalog partial.yml --out partial.jsonl --state "" 2>&1)
check "one source fails: exit 1, the other written" 1 $? "$out" "missing +failed .*file not found"
[ "$(wc -l < partial.jsonl)" -eq 3 ] && { echo "ok: partial output written"; passes=$((passes + 1)); } ||
  { echo "FAIL: partial output"; failures=$((failures + 1)); }

cat > bad.yml <<'YAML'
sources:
  - name: a
    type: rss
    url: a.xml
    colour: blue
YAML
out=$("$pft" ingest --catalog bad.yml --out bad.jsonl 2>&1)
check "bad catalog: exit 2 with file and line" 2 $? "$out" "bad.yml:5: source \"a\": unknown key \"colour\""
[ ! -e bad.jsonl ] && { echo "ok: nothing written for a bad catalog"; passes=$((passes + 1)); } ||
  { echo "FAIL: bad catalog wrote output"; failures=$((failures + 1)); }

out=$("$pft" ingest --catalog missing.yml 2>&1)
check "missing catalog: exit 2" 2 $? "$out" "missing.yml: catalog file not found"

out=$("$pft" ingest --catalog "$repo/sources/demo.yml" --source nope --out x.jsonl 2>&1)
check "unknown --source: exit 2" 2 $? "$out" "no source named \"nope\""

out=$("$pft" ingest --catalog "$repo/sources/demo.yml" --global-limit 0 2>&1)
check "bad limit: exit 2" 2 $? "$out" "global-limit"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]

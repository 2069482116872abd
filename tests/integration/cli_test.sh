#!/usr/bin/env bash
# Integration test of the `pft` binary as an operator uses it: help, config
# errors and their exit codes, `pft migrate` twice leaving the same schema.
# Usage: cli_test.sh PFT_BINARY sqlite|postgres
# postgres reads the server URL from the file named by PFT_TEST_DATABASE_URL_FILE.
set -uo pipefail
pft="$1"
backend="$2"
# shellcheck source=/dev/null
source "$(cd "$(dirname "$0")" && pwd)/check.sh"
src_root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

if [ "$backend" = sqlite ]; then
  out=$("$pft" --help 2>&1); check "help lists the runbook commands" 0 $? "$out" "migrate.*" 
  for c in migrate ingest normalize run serve monitor purge status; do
    out=$("$pft" "$c" --help 2>&1); check "$c --help" 0 $? "$out" "$c"
  done
  out=$("$pft" frobnicate 2>&1); check "unknown command is a usage error" 2 $? "$out" "frobnicate"
  out=$(DATABASE_URL=mysql://x "$pft" migrate 2>&1); check "mysql URL rejected" 2 $? "$out" "^pft: DATABASE_URL: .*mysql://x"
  [ "$(wc -l <<<"$out")" = 1 ] && check "config error is one line" 0 0 || check "config error is one line" 0 1 "$out"
  out=$(PORT=abc "$pft" migrate 2>&1); check "bad PORT names PORT" 2 $? "$out" "PORT"
  out=$("$pft" --now yesterday migrate 2>&1); check "bad --now names the flag" 2 $? "$out" "--now"
  printf 'DATABASE_URL=sqlite:from-dotenv.sqlite\n' > .env
  out=$("$pft" migrate 2>&1); check "migrate reads .env" 0 $? "$out" "Applied migrations"
  [ -f from-dotenv.sqlite ] && check ".env DATABASE_URL used" 0 0 || check ".env DATABASE_URL used" 0 1
  out=$(DATABASE_URL=sqlite:env-wins.sqlite "$pft" migrate 2>&1); check "environment wins over .env" 0 $? "$out" "env-wins"
  rm .env
  out=$("$pft" migrate 2>&1); check "first migrate applies (default var/pft.sqlite)" 0 $? "$out" "Applied migrations"
  [ -f var/pft.sqlite ] && check "default database under var/" 0 0 || check "default database under var/" 0 1
  schema1=$(sqlite3 var/pft.sqlite .schema)
  out=$("$pft" migrate 2>&1); check "second migrate is a no-op" 0 $? "$out" "up to date"
  schema2=$(sqlite3 var/pft.sqlite .schema)
  [ "$schema1" = "$schema2" ] && check "same schema after two migrates" 0 0 || check "same schema after two migrates" 0 1
  for t in venues tournaments ingest_runs geocode_cache schema_migrations; do
    grep -q "CREATE TABLE.*$t" <<<"$schema1" && check "table $t exists" 0 0 || check "table $t exists" 0 1 "$schema1"
  done
  # pft normalize restarts itself with glibc's huge pages (main.cpp), keeping
  # its arguments, its output and its exit code; a GLIBC_TUNABLES already set
  # (even empty) is left alone.
  printf '%s\n' '{"source_name":"club","source_hash":"h1","title":"Deepstack","start":"12/12/2026 20h","buy_in":"cinquante euros","venue_name":"Club Lyon Poker","city":"Lyon"}' > one.jsonl
  one=(--log-level debug normalize --in one.jsonl --dry-run --rejects rej.jsonl --gazetteer "$src_root/data/gazetteer")
  out=$(env -u GLIBC_TUNABLES "$pft" "${one[@]}" 2>&1)
  check "normalize runs with glibc.malloc.hugetlb=1" 0 $? "$out" 'glibc_tunables="glibc.malloc.hugetlb=1"'
  check "the restarted normalize reads its arguments' file" 0 0 "$out" '"buy_in_cents":5000'
  out=$(GLIBC_TUNABLES= "$pft" "${one[@]}" 2>&1)
  check "a GLIBC_TUNABLES already set is left alone" 0 $? "$out" 'glibc_tunables=""$'
  out=$(env -u GLIBC_TUNABLES "$pft" normalize --in missing.jsonl 2>&1)
  check "the restarted normalize keeps its exit code" 1 $? "$out" "missing.jsonl: no such file"
  touch plain-file
  out=$(DATABASE_URL="sqlite:$work/plain-file/x.sqlite" "$pft" migrate 2>&1)
  code=$?; [ $code -ne 0 ] && check "unwritable SQLite path fails clearly" 0 0 || check "unwritable SQLite path fails clearly" 0 1 "$out"
else
  url=$(cat "$PFT_TEST_DATABASE_URL_FILE")
  db="pft_cli_$$"
  psql "$url" -qc "CREATE DATABASE $db" >/dev/null
  dburl="${url%/*}/$db"
  out=$(DATABASE_URL="$dburl" "$pft" migrate 2>&1); check "first migrate applies on PostgreSQL" 0 $? "$out" "Applied migrations"
  # pg_dump >= 15.14 wraps its output in \restrict/\unrestrict lines with a random key.
  dump_schema() { pg_dump --schema-only "$1" | grep -v '^\\\(un\)\?restrict '; }
  schema1=$(dump_schema "$dburl")
  out=$(DATABASE_URL="${dburl/postgresql:/postgresql+psycopg:}" "$pft" migrate 2>&1); check "second migrate (prototype URL) is a no-op" 0 $? "$out" "up to date"
  schema2=$(dump_schema "$dburl")
  [ "$schema1" = "$schema2" ] && check "same schema after two migrates" 0 0 || check "same schema after two migrates" 0 1
  out=$(DATABASE_URL="postgresql://postgres@127.0.0.1:1/nowhere" "$pft" migrate 2>&1)
  check "unreachable PostgreSQL fails with exit 1 naming DATABASE_URL" 1 $? "$out" "DATABASE_URL"
  psql "$url" -qc "DROP DATABASE $db" >/dev/null
fi

summary

#!/usr/bin/env bash
# Fault drill (issue 15): the disk fills up while `pft ingest` writes the raw
# JSONL. A first ingest writes raw.jsonl and its manifest; the source then
# lists 3,000 tournaments, more than the disk holds: the second ingest exits
# 1 with a message naming the file and the cause, leaves raw.jsonl AND its
# manifest exactly as they were (so a `pft normalize` of the old file still
# withdraws what it should), and no temporary file behind; once space is
# back, the next ingest writes the whole new file (the failed write did not
# leave conditional-request state claiming the new content was stored).
# The disk: a 256 KB tmpfs when run as root and mount works, else the same
# limit through `ulimit -f` (SIGXFSZ ignored, so writes fail with EFBIG);
# PFT_DRILL_DISK=ulimit forces the latter.
# Usage: drill_disk_full_test.sh PFT_BINARY
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
mounted=""
cleanup() {
  if [ -n "$mounted" ]; then umount "$mounted" 2>/dev/null || umount -l "$mounted" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
# shellcheck source=/dev/null
source "$here/../check.sh"
export PFT_NOW="2026-12-01T12:00:00+01:00"
unset INGEST_USER_AGENT

out_dir="$work/disk"
mkdir -p "$out_dir"
mode="ulimit"
if [ "${PFT_DRILL_DISK-}" != ulimit ] && [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=256k,mode=0755 pft-drill "$out_dir" 2>/dev/null; then
  mounted="$out_dir"
  mode=tmpfs
fi
echo "disk full by: $mode"
# ingest [extra ulimit]: runs pft ingest into the small disk.
ingest() {
  if [ "$mode" = ulimit ] && [ "${1-}" = limited ]; then
    (trap '' XFSZ; ulimit -f 256; exec "$pft" ingest --catalog "$work/catalog.yml" --out "$out_dir/raw.jsonl" \
        --state "$work/state")
  else
    "$pft" ingest --catalog "$work/catalog.yml" --out "$out_dir/raw.jsonl" --state "$work/state"
  fi
}

club_csv_catalog drill-csv events.csv
events() {  # events N: N tournaments, one a day from 2026-12-03
  python3 - "$1" "$header" "$club" <<'PY'
import datetime, sys
n, header, club = int(sys.argv[1]), sys.argv[2], sys.argv[3]
print(header)
for i in range(1, n + 1):
    day = datetime.date(2026, 12, 2) + datetime.timedelta(days=i)
    print(f"Deepstack n°{i}, structure lente et tapis de départ 30 000;{day:%d/%m/%Y} 20:00;150 €;NLHE;{club}")
PY
}

# --- a first ingest: the file and manifest that must survive -------------------
events 3 >events.csv
out=$(ingest 2>&1); check "first ingest" 0 $? "$out"
manifest=""
for f in "$out_dir"/*; do [ "${f##*/}" != raw.jsonl ] && manifest="${f##*/}" && break; done
check "the first ingest wrote raw.jsonl and a manifest" 0 0 "$(ls "$out_dir")" "^raw.jsonl$"
[ -n "$manifest" ] || { echo "FAIL: no manifest beside raw.jsonl: $(ls "$out_dir")"; failures=$((failures + 1)); }
cp "$out_dir/raw.jsonl" before.jsonl
[ -n "$manifest" ] && cp "$out_dir/$manifest" before.manifest

# --- the disk fills up -----------------------------------------------------------
events 3000 >events.csv
out=$(ingest limited 2>&1); code=$?
echo "$out" | tail -3
check "ingest on a full disk exits 1" 1 $code "$out"
check "the message names the raw file" 0 0 "$out" "$out_dir/raw.jsonl"
check "the message says why and that the previous file is kept" 0 0 "$out" \
  "(No space left on device|File too large).*previous file is kept"
if cmp -s before.jsonl "$out_dir/raw.jsonl"; then check "raw.jsonl intact (same bytes)" 0 0; else
  check "raw.jsonl intact (same bytes)" 0 1 "$(head -c 300 "$out_dir/raw.jsonl")"; fi
if [ -n "$manifest" ] && cmp -s before.manifest "$out_dir/$manifest"; then check "its manifest intact" 0 0; else
  check "its manifest intact" 0 1 "$(ls "$out_dir")"; fi
left=$(find "$out_dir" -name '*.tmp*' -printf '%f ')
check "no temporary file left on the full disk" 0 0 "[$left]" "^\[\]$"

# --- space is back ---------------------------------------------------------------
if [ "$mode" = tmpfs ]; then mount -o remount,size=16m "$out_dir"; fi
out=$(ingest 2>&1); check "ingest once space is back" 0 $? "$out"
check "the whole new file is written" 0 0 "$(wc -l <"$out_dir/raw.jsonl")" "^3000$"
summary

#!/usr/bin/env bash
# Rebuilds the seed corpora tests/fuzz/corpus/<target>/ from the project's
# test data (tests/data, sources/, the shared fixtures), minimised with
# libFuzzer's -merge=1 so that only inputs that add coverage are kept, and
# only files under 16 KB (a seed must stay small in git).
# Usage: tests/fuzz/seed.sh BUILD_DIR [TARGET...]  (BUILD_DIR: make fuzz's build-fuzz)
# Regression inputs (corpus/<target>/regress-*) are never removed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: seed.sh BUILD_DIR [TARGET...]}" && pwd)
shift
shared=${PFT_SHARED_DIR:-$root/../shared}/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every data row (not a comment) of a TSV file, its first N columns (from
# column FROM), one file each.
tsv_rows() {  # tsv_rows OUT FROM N FILE...
  local out=$1 from=$2 n=$3; shift 3
  mkdir -p "$out"
  awk -F '\t' -v out="$out" -v from="$from" -v n="$n" '
    /^#/ || NF == 0 { next }
    { s = $from; for (i = from + 1; i < from + n; i++) s = s "\t" $i
      base = FILENAME; sub(/.*\//, "", base)
      f = sprintf("%s/%s-%04d", out, base, FNR)
      printf "%s", s > f; close(f) }' "$@"
}
copy() {  # copy OUT FILE...
  local out=$1; shift
  mkdir -p "$out"
  for f in "$@"; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 16384 ] && cp "$f" "$out/$(basename "$f")"
  done
  return 0
}
lines() {  # lines OUT FILE: each line of FILE alone
  local out=$1 file=$2
  mkdir -p "$out"
  awk -v out="$out" -v base="$(basename "$file")" '{ f = sprintf("%s/%s-%04d", out, base, NR); print > f; close(f) }' "$file"
}

d=$root/tests/data
tsv_rows "$tmp/date_fr" 1 3 "$d"/normalize/dates_*.tsv
tsv_rows "$tmp/money" 1 3 "$d"/normalize/buyins.tsv
tsv_rows "$tmp/classify" 2 3 "$d"/normalize/variants.tsv
tsv_rows "$tmp/css_xpath" 1 1 "$d"/ingestion/css_xpath.tsv
copy "$tmp/jsonl" "$d"/normalize/*.jsonl
lines "$tmp/jsonl" "$d"/normalize/announcements_fr.jsonl
copy "$tmp/connector_html" "$d"/ingestion/*.html "$shared"/prototype/*.html "$root"/sources/demo/*.html
copy "$tmp/connector_jsonld" "$d"/ingestion/jsonld_*.html "$shared"/real/jsonld/*.html
copy "$tmp/connector_ics" "$d"/ingestion/*.ics "$shared"/real/ics/* "$root"/sources/demo/*.ics
copy "$tmp/connector_rss" "$d"/ingestion/*.xml "$shared"/prototype/*.xml "$root"/sources/demo/*.xml
copy "$tmp/connector_csv" "$d"/ingestion/*.csv "$shared"/real/csv/*.csv "$root"/sources/demo/*.csv
copy "$tmp/connector_json" "$d"/ingestion/*.json "$shared"/real/json/*.json "$root"/sources/demo/*.json
copy "$tmp/catalog" "$d"/ingestion/runner/catalogs/*.yml "$root"/sources/*.yml "$shared"/prototype/catalog.yml
mkdir -p "$tmp/query" "$tmp/ics_roundtrip"
i=0
for q in 'limit=10&offset=20' 'variant=PLO&status=scheduled' 'date_from=2026-12-01&date_to=2026-12-31' \
         'buy_in_min=0&buy_in_max=150' 'near=49.44,1.09&radius_km=30' 'venue_id=3&include_past=true' \
         'q=deepstack+rouen' 'city=Rouen&department=76' 'cursor=abc&changed_since=2026-11-30T12:00:00Z' \
         'tags=freeroll%2Cturbo' 'limit=%C3%A9' 'variant=%FF'; do
  printf '%s' "$q" > "$tmp/query/q$i"
  i=$((i + 1))
done
i=0
for r in $'Deepstack 150 €\tSamedi soir, 1ʳᵉ place\tCasino; Rouen\tRouen\thttps://example.test/a?b=c,d' \
         $'a,b;c\\d\tligne 1\nligne 2\tV\tC\t' $'Un titre très long qui dépasse soixante-quinze octets à coup sûr — avec des accents éèàù\t\t\t\t'; do
  printf '%s' "$r" > "$tmp/ics_roundtrip/r$i"
  i=$((i + 1))
done

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(date_fr money classify jsonl css_xpath connector_html connector_jsonld
  connector_ics connector_rss connector_csv connector_json catalog query ics_roundtrip); fi
for t in "${targets[@]}"; do
  bin=$build/tests/fuzz/fuzz_$t
  [ -x "$bin" ] || { echo "seed.sh: $bin not built (make fuzz)" >&2; exit 2; }
  corpus=$root/tests/fuzz/corpus/$t
  mkdir -p "$corpus"
  (cd "$tmp" && nice -n 10 "$bin" -merge=1 -rss_limit_mb=4096 -timeout=30 "$corpus" "$tmp/$t" >"$tmp/$t.log" 2>&1) ||
    { echo "seed.sh: $t: merge failed (a seed crashes it?), see below" >&2; tail -30 "$tmp/$t.log" >&2; exit 1; }
  echo "seed.sh: $t: $(find "$corpus" -type f | wc -l) files, $(du -sk "$corpus" | cut -f1) KB"
done

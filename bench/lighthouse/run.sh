#!/usr/bin/env bash
# Lighthouse scores of the site (issue 10: ≥ 95 in performance, accessibility,
# best practices and SEO on `/`, a tournament page and `/carte`).
#
# A fresh SQLite database with the demo (sources/demo.yml), `pft serve` on a
# loopback port with SITE_URL = that address (canonical links point at the
# page Lighthouse reads, as in production) and no MAP_TILE_URL (the offline
# map: the France outline), then Lighthouse 12.2.3 (npm, pinned in
# bench/lighthouse/package-lock.json, installed here with npm ci) in Debian's
# chromium, offline, for each page, RUNS times (default 3), with Lighthouse's
# mobile settings (default) and --preset=desktop. Prints the four scores per
# page and run, then the median of each.
#
#   bench/lighthouse/run.sh [BUILD_DIR]     (default: build)
# Env: RUNS (3), PORT (18090), CHROME_PATH (/usr/bin/chromium), KEEP=1 keeps the reports (JSON) in the temp dir,
#      PRESETS ("mobile desktop").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
pft="$build/bin/pft"
runs="${RUNS:-3}"
port="${PORT:-18090}"
presets="${PRESETS:-mobile desktop}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$pft" ] || { echo "lighthouse: $pft not built (make build)" >&2; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse: no chromium at $CHROME_PATH (scripts/install-deps)" >&2; exit 2; }
command -v node >/dev/null || { echo "lighthouse: node (20 or later) is not installed" >&2; exit 2; }

cd "$here"
stamp=node_modules/.pft-lock-sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

tmp="$(mktemp -d /tmp/pft-lighthouse.XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT

unset MAP_TILE_URL SITE_URL GEOCODER_USER_AGENT ADMIN_PASSWORD PORT API_PORT HOST
export DATABASE_URL="sqlite:$tmp/demo.sqlite"
(cd "$root" && "$pft" --env-file /dev/null migrate >"$tmp/pipeline.log" 2>&1 &&
  "$pft" --env-file /dev/null run --catalog sources/demo.yml --out "$tmp/raw.jsonl" --rejects "$tmp/rejects.jsonl" \
    --state "$tmp/state" >>"$tmp/pipeline.log" 2>&1) || { cat "$tmp/pipeline.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
"$pft" --env-file /dev/null serve --host 127.0.0.1 --port "$port" --site-url "$base" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null "$base/health" && break; sleep 0.1; done
curl -fs -o /dev/null "$base/health" || { cat "$tmp/serve.log" >&2; exit 1; }

# A tournament page: the first tournament of the list (redirected to its canonical slug).
first="$(curl -fs -H 'Accept: text/html' "$base/" | grep -o 'href="/tournois/[^"]*"' | head -1 | cut -d'"' -f2)"
[ -n "$first" ] || { echo "lighthouse: no tournament on /" >&2; exit 1; }
pages=("/" "$first" "/carte")

flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
flags="$flags --disable-default-apps --disable-sync --no-first-run"
flags="$flags --host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"

printf '%-8s %-48s %4s %5s %5s %5s %5s\n' preset page run perf a11y bp seo
for preset in $presets; do
  extra=()
  [ "$preset" = desktop ] && extra=(--preset=desktop)
  for path in "${pages[@]}"; do
    for r in $(seq 1 "$runs"); do
      report="$tmp/$preset-$(echo "$path" | tr -c 'a-z0-9\n' '_')-$r.json"
      node_modules/.bin/lighthouse "$base$path" --quiet --output=json --output-path="$report" \
        --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$flags" \
        --locale=fr "${extra[@]}" >/dev/null 2>"$tmp/lighthouse.log" ||
        { echo "lighthouse failed on $path:" >&2; tail -20 "$tmp/lighthouse.log" >&2; exit 1; }
      node -e '
        const r = require(process.argv[1]);
        const s = (k) => Math.round(r.categories[k].score * 100);
        const failed = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 &&
          ["binary", "numeric"].includes(a.scoreDisplayMode) && !/^(metrics|screenshot|final)/.test(a.id))
          .map((a) => a.id);
        console.log([process.argv[2], process.argv[3], process.argv[4], s("performance"), s("accessibility"),
          s("best-practices"), s("seo")].join("\t") + "\t" + failed.join(","));
      ' "$report" "$preset" "$path" "$r" >>"$tmp/scores.tsv"
      tail -1 "$tmp/scores.tsv" | awk -F'\t' '{ printf "%-8s %-48s %4s %5s %5s %5s %5s  %s\n", $1, $2, $3, $4, $5, $6, $7, ($8 == "" ? "" : "below 1: " $8) }'
    done
  done
done

echo "# medians over $runs runs"
node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split("\t"));
  const groups = new Map();
  for (const r of rows) {
    const key = r[0] + "\t" + r[1];
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r.slice(3, 7).map(Number));
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  let low = false;
  for (const [key, runs] of groups) {
    const m = [0, 1, 2, 3].map((i) => median(runs.map((r) => r[i])));
    if (m.some((x) => x < 95)) low = true;
    const [preset, page] = key.split("\t");
    console.log(`${preset.padEnd(8)} ${page.padEnd(48)} perf ${m[0]}  a11y ${m[1]}  bp ${m[2]}  seo ${m[3]}`);
  }
  console.log(low ? "some median is below 95" : "every median is 95 or more");
' "$tmp/scores.tsv"

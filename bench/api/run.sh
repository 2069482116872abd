#!/usr/bin/env bash
# API and site benchmark: pft serve versus nginx serving the same bodies as
# static files, with wrk -t2 -c32 -d15s on loopback, on a generated dataset of
# 300 venues and 50,000 tournaments (SQLite by default; DATABASE_URL to
# override): four API requests, the site's `/` and one tournament page. Then
# the weight of `/`, a tournament page and `/carte` as a browser loads them
# (HTML and linked static files, gzipped as served).
#
#   bench/api/run.sh [BUILD_DIR]        (default: build)
# Env: DURATION (15s), CONNECTIONS (32), THREADS (2), PORT (18080), NGINX_PORT (18081), KEEP=1 keeps the temp dir,
#      BENCH_SERVER=standalone serves with bench/api/pft_bench_api_serve (ApiServer alone) instead of `pft serve`.
# Prints one line per endpoint and server: req/s, p99, errors; the RSS of pft serve; the page weights.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
PFT="${PFT:-$BUILD/bin/pft}"
GEN="${GEN:-$BUILD/bench/api/pft_bench_api_gen}"
SERVE_BIN="${SERVE_BIN:-$BUILD/bench/api/pft_bench_api_serve}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
if [[ "${BENCH_SERVER:-pft}" == standalone ]]; then
  [[ -x "$SERVE_BIN" ]] || { echo "run.sh: $SERVE_BIN not built (bench target pft_bench_api_serve)" >&2; exit 2; }
else
  [[ -x "$PFT" ]] || { echo "run.sh: $PFT not built (make build)" >&2; exit 2; }
fi
[[ -x "$GEN" ]] || { echo "run.sh: $GEN not built (bench target pft_bench_api_gen)" >&2; exit 2; }

TMP="$(mktemp -d /tmp/pft-bench-api.XXXXXX)"
PFT_PID=""
NGINX_PID=""
cleanup() {
  [[ -n "$PFT_PID" ]] && kill "$PFT_PID" 2>/dev/null && wait "$PFT_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$TMP"
}
trap cleanup EXIT

NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export DATABASE_URL="${DATABASE_URL:-sqlite://$TMP/bench.sqlite}"
echo "# dataset: 300 venues, 50000 tournaments from $NOW into $DATABASE_URL" >&2
"$GEN" "$DATABASE_URL" --venues 300 --tournaments 50000 --now "$NOW" >&2

unset ADMIN_PASSWORD
if [[ "${BENCH_SERVER:-pft}" == standalone ]]; then
  "$SERVE_BIN" "$DATABASE_URL" "$PORT" 2>"$TMP/serve.log" &
else
  PORT="$PORT" "$PFT" --env-file /dev/null serve --host 127.0.0.1 --port "$PORT" 2>"$TMP/serve.log" &
fi
PFT_PID=$!
for _ in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { echo "pft serve did not start:" >&2; cat "$TMP/serve.log" >&2; exit 1; }

ID="$(curl -fs "http://127.0.0.1:$PORT/tournaments?limit=1&offset=1000" | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2)"
# The site's pages: `/` (the first 20 tournaments) and the same tournament's
# page at its canonical address (/tournois/{id} redirects there).
PAGE="$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$PORT/tournois/$ID")"
PAGE="/${PAGE#http://*/}"
[[ "$PAGE" == /tournois/$ID-* ]] || { echo "no canonical page for tournament $ID (got '$PAGE')" >&2; exit 1; }
PATHS=(
  "/tournaments?limit=20"
  "/tournaments?city=Paris&limit=20"
  "/tournaments?near=48.85,2.35&radius_km=50"
  "/tournaments/$ID"
  "/"
  "$PAGE"
)

# The same bodies, as static files for nginx.
mkdir -p "$TMP/www" "$TMP/nginx"
chmod 755 "$TMP" "$TMP/www"  # nginx workers run as an unprivileged user
i=0
for p in "${PATHS[@]}"; do
  curl -fs "http://127.0.0.1:$PORT$p" -o "$TMP/www/b$i.json"
  chmod 644 "$TMP/www/b$i.json"
  i=$((i + 1))
done
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $TMP/nginx;
  proxy_temp_path $TMP/nginx;
  fastcgi_temp_path $TMP/nginx;
  uwsgi_temp_path $TMP/nginx;
  scgi_temp_path $TMP/nginx;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/www;
  }
}
CONF
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" &
NGINX_PID=$!
sleep 0.5
curl -fs "http://127.0.0.1:$NGINX_PORT/b0.json" >/dev/null || { echo "nginx did not start" >&2; cat "$TMP/nginx/error.log" >&2; exit 1; }

# wrk summary -> "req/s p99 errors"
measure() {
  local url="$1" out rps p99 errs
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")"
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errs="$(awk '/Socket errors:/ {gsub(",", ""); s = $4 + $6 + $8 + $10} /Non-2xx/ {n = $5} END {print s + n + 0}' <<<"$out")"
  echo "$rps $p99 $errs"
}

printf '%-45s %12s %9s %7s | %12s %9s %7s | %6s\n' endpoint pft_req/s pft_p99 errors nginx_req/s nginx_p99 errors ratio
i=0
for p in "${PATHS[@]}"; do
  read -r prps pp99 perr < <(measure "http://127.0.0.1:$PORT$p")
  read -r nrps np99 nerr < <(measure "http://127.0.0.1:$NGINX_PORT/b$i.json")
  ratio="$(awk -v a="$prps" -v b="$nrps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
  printf '%-45s %12s %9s %7s | %12s %9s %7s | %6s\n' "$p" "$prps" "$pp99" "$perr" "$nrps" "$np99" "$nerr" "$ratio"
  i=$((i + 1))
done
rss="$(awk '/^VmRSS:/ {print $2 " " $3}' "/proc/$PFT_PID/status")"
# Page weight as a browser gets it (Accept-Encoding: gzip): the HTML, then
# every stylesheet, script and icon it links under /static/.
weigh() {  # weigh PATH -> "raw_html gzip_html gzip_total files"
  local path="$1" raw gz total n=0 asset
  curl -fs -H 'Accept: text/html' "http://127.0.0.1:$PORT$path" -o "$TMP/page.html"
  raw="$(stat -c %s "$TMP/page.html")"
  gz="$(curl -fs -H 'Accept: text/html' -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT$path")"
  total="$gz"
  # Linked files, and the data the map's script fetches (data-source, data-outline); the
  # marker images Leaflet's CSS loads (about 4 KB) are not counted.
  for asset in $(grep -oE '((href|src)="/static/|data-(source|outline)="/)[^"]+"' "$TMP/page.html" | cut -d'"' -f2 |
    sed 's/&amp;/\&/g' | sort -u); do
    total=$((total + $(curl -fs -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT$asset")))
    n=$((n + 1))
  done
  echo "$raw $gz $total $n"
}
printf '%-45s %10s %10s %14s\n' page html_bytes html_gzip total_gzip
for p in / "$PAGE" /carte; do
  read -r raw gz total n < <(weigh "$p")
  printf '%-45s %10s %10s %14s  (HTML + %s files)\n' "$p" "$raw" "$gz" "$total" "$n"
done
hwm="$(awk '/^VmHWM:/ {print $2 " " $3}' "/proc/$PFT_PID/status")"
echo "pft serve RSS: $rss (peak $hwm)"

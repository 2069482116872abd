#!/usr/bin/env bash
# The browser tests' server (the ctest fixture `e2e_server`, tests/e2e/CMakeLists.txt).
#
#   server.sh start PFT_BINARY STATE_DIR   fresh SQLite database in STATE_DIR, `pft migrate`, the demo
#                                          (sources/demo.yml) and the hostile fixture
#                                          (tests/e2e/data/hostile.yml) loaded with `pft run`, then two
#                                          `pft serve` on free loopback ports:
#                                            - "site": MAP_TILE_URL points at a host the browser blocks,
#                                              so the map's tiles fail as they do offline;
#                                            - "plain": no MAP_TILE_URL (the France outline only).
#                                          Writes STATE_DIR/{site,plain}.url and .pid, STATE_DIR/now.
#   server.sh stop STATE_DIR              stops both servers (SIGTERM, then SIGKILL after 5 s).
#
# Both servers and the pipeline run at one fixed instant (PFT_NOW = today 12:00 in Paris), so a
# run that crosses midnight or a slow machine cannot move « ce soir » under the tests' feet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# The tile template the "site" server announces: any request to it is aborted by the tests.
export E2E_TILE_HOST="tiles.e2e.invalid"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_one() {  # stop_one PIDFILE
  local pidfile="$1" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  rm -f "$pidfile"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "server.sh: pft serve $pid did not stop on SIGTERM; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

serve() {  # serve NAME PFT DIR [VAR=VALUE...]: pft serve on a free port; writes DIR/NAME.url and .pid
  local name="$1" pft="$2" dir="$3" attempt port pid
  shift 3
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    # setsid + every stream redirected: ctest waits for the setup test's pipes, not for this server.
    env "$@" setsid "$pft" --env-file /dev/null serve --host 127.0.0.1 --port "$port" \
      </dev/null >"$dir/$name.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
      if curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then
        echo "$pid" >"$dir/$name.pid"
        echo "http://127.0.0.1:$port" >"$dir/$name.url"
        echo "server.sh: $name at http://127.0.0.1:$port (pid $pid)"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "server.sh: $name did not start on port $port (attempt $attempt):" >&2
    tail -5 "$dir/$name.log" >&2
  done
  echo "server.sh: could not start pft serve ($name)" >&2
  return 1
}

cmd="${1:-}"
case "$cmd" in
  start)
    pft="$2"
    dir="$3"
    [ -x "$pft" ] || { echo "server.sh: $pft is not an executable (build the pft target)" >&2; exit 2; }
    stop_one "$dir/site.pid"
    stop_one "$dir/plain.pid"
    rm -rf "$dir"
    mkdir -p "$dir"
    # Only what the tests set: nothing from the caller's .env or environment.
    unset DATABASE_URL MAP_TILE_URL MAP_TILE_ATTRIBUTION SITE_URL GEOCODER_USER_AGENT ADMIN_PASSWORD PORT API_PORT HOST
    export DATABASE_URL="sqlite:$dir/e2e.sqlite"
    PFT_NOW="$(TZ=Europe/Paris date +%Y-%m-%dT12:00:00%:z)"
    export PFT_NOW
    echo "$PFT_NOW" >"$dir/now"
    cd "$root"
    "$pft" --env-file /dev/null migrate >"$dir/pipeline.log" 2>&1
    for catalog in sources/demo.yml tests/e2e/data/hostile.yml; do
      # Every file of the run under STATE_DIR: nothing written into the source tree's var/.
      if ! "$pft" --env-file /dev/null run --catalog "$catalog" --out "$dir/raw_events.jsonl" \
        --rejects "$dir/rejects.jsonl" --state "$dir/ingest_state" --gazetteer "$root/data/gazetteer" \
        >>"$dir/pipeline.log" 2>&1; then
        echo "server.sh: pft run --catalog $catalog failed:" >&2
        tail -30 "$dir/pipeline.log" >&2
        exit 1
      fi
    done
    serve site "$pft" "$dir" "MAP_TILE_URL=https://$E2E_TILE_HOST/{z}/{x}/{y}.png" \
      "MAP_TILE_ATTRIBUTION=© contributeurs OpenStreetMap"
    serve plain "$pft" "$dir"
    ;;
  stop)
    dir="$2"
    stop_one "$dir/site.pid"
    stop_one "$dir/plain.pid"
    ;;
  *)
    echo "usage: server.sh start PFT_BINARY STATE_DIR | stop STATE_DIR" >&2
    exit 2
    ;;
esac

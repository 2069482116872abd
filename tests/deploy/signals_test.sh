#!/usr/bin/env bash
# How `pft` stops on SIGTERM / SIGINT as PID 1, as in a container (issue #13):
# each process is started as the first process of a new PID namespace
# (unshare --pid --fork) and signalled from outside it, as `podman stop` or
# a platform does; the kernel then drops a signal whose action is the default.
#   - pft serve, idle: exit 0 at once;
#   - pft serve with an admin run in progress: exit 0 within 5 s, and the
#     next run marks the abandoned run failed;
#   - a one-shot pft run: stopped at once (exit 143 as PID 1; killed by the
#     signal itself otherwise), nothing left locked.
# The container test repeats the first and third cases with podman.
# Usage: signals_test.sh PFT_BINARY SOURCE_DIR
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$(cd "$2" && pwd)"
ops="$src/tests/integration/ops"
work=$(mktemp -d)
pids=()
cleanup() {
  stop_pids KILL
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
# shellcheck source=tests/integration/check.sh
source "$src/tests/integration/check.sh"

export DATABASE_URL="sqlite:$work/pft.sqlite" PFT_NOW="2026-12-01T12:00:00+01:00" LOG_LEVEL=info
export ADMIN_USERNAME=admin ADMIN_PASSWORD=secret
unset API_URL SLACK_WEBHOOK_URL GEOCODER_USER_AGENT HOST PORT API_PORT
run_flags=(--out "$work/raw.jsonl" --rejects "$work/rejects.jsonl" --state "$work/state" --gazetteer "$src/data/gazetteer")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# A source that answers after 30 s, so a run is in progress when signalled.
python3 "$ops/loopback.py" slow "$ops/data/good.csv" 30 "$work/slow.port" & pids+=($!)
for _ in $(seq 100); do [ -s "$work/slow.port" ] && break; sleep 0.05; done
sed "s|url: good.csv|url: http://127.0.0.1:$(cat "$work/slow.port")/data.csv|" "$ops/data/good.yml" >"$work/slow.yml"

# as_pid1 LOG CMD...: starts CMD as PID 1 of a new PID namespace; sets
# `outer` (the unshare process, whose exit status is CMD's) and `inner`
# (CMD's PID as seen from here, the one to signal).
as_pid1() {
  local log="$1"; shift
  unshare --pid --fork --kill-child -- "$@" >"$log" 2>&1 & outer=$!; pids+=("$outer")
  inner=""
  for _ in $(seq 100); do inner=$(pgrep -P "$outer"); [ -n "$inner" ] && break; sleep 0.02; done
}
# stop_and_wait PID_TO_SIGNAL PID_TO_WAIT SIGNAL LIMIT_S: sends SIGNAL, waits at most
# LIMIT_S seconds; sets `code` (exit status, or "hung" after SIGKILL) and `ms`.
stop_and_wait() {
  local target="$1" waited="$2" sig="$3" limit="$4" t0
  t0=$(now_ms)
  kill -s "$sig" "$target"
  code=hung
  for _ in $(seq $((limit * 20))); do
    if ! kill -0 "$waited" 2>/dev/null; then wait "$waited"; code=$?; break; fi
    sleep 0.05
  done
  ms=$(( $(now_ms) - t0 ))
  if [ "$code" = hung ]; then kill -9 "$target" "$waited" 2>/dev/null; wait "$waited" 2>/dev/null; fi
}
wait_health() {  # wait_health PORT
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.05; done
  return 1
}

out=$("$pft" migrate 2>&1); check "migrate" 0 $? "$out"

# --- pft serve as PID 1, idle ----------------------------------------------
for sig in TERM INT; do
  port=$(free_port)
  as_pid1 "$work/serve-$sig.log" "$pft" serve --host 127.0.0.1 --port "$port" --catalog "$work/slow.yml"
  wait_health "$port"; check "serve as PID 1 ($sig) answers /health" 0 $? "$(cat "$work/serve-$sig.log")"
  check "serve really is PID 1 of its namespace" 0 0 "$(cat "/proc/$inner/status")" "^NSpid:.*[[:space:]]1$"
  stop_and_wait "$inner" "$outer" "$sig" 10
  check "serve as PID 1 stops on SIG$sig with exit 0 (${ms} ms)" 0 "$code" "$(cat "$work/serve-$sig.log")" \
    "event=shutdown signal=SIG$sig"
  check "serve as PID 1 stops on SIG$sig within 1 s (${ms} ms)" 0 $(( ms < 1000 ? 0 : 1 ))
done

# --- pft serve as PID 1 with an admin run in progress ------------------------
port=$(free_port)
as_pid1 "$work/serve-admin.log" "$pft" serve --host 127.0.0.1 --port "$port" --catalog "$work/slow.yml" \
  --gazetteer "$src/data/gazetteer"
wait_health "$port"
out=$(curl -s -u admin:secret -X POST "http://127.0.0.1:$port/admin/ingest")
check "admin run started" 0 $? "$out" '"run_id":1'
sleep 0.5
stop_and_wait "$inner" "$outer" TERM 10
check "serve with an admin run in progress exits 0 on SIGTERM (${ms} ms)" 0 "$code" "$(cat "$work/serve-admin.log")" \
  "event=shutdown_forced"
check "... within 5 s (${ms} ms)" 0 $(( ms < 5000 ? 0 : 1 ))
out=$("$pft" run --catalog "$ops/data/good.yml" "${run_flags[@]}" 2>&1)
check "the next run is not blocked by the abandoned one" 0 $? "$out" "run #2 ok"
out=$("$pft" status --runs 2 2>&1)
check "the abandoned admin run is marked failed" 0 $? "$out" "#1 admin failed .*interrupted"

# --- a one-shot pft run as PID 1 -------------------------------------------
as_pid1 "$work/run.log" "$pft" run --catalog "$work/slow.yml" "${run_flags[@]}"
for _ in $(seq 100); do grep -q "started" "$work/run.log" && break; sleep 0.05; done
stop_and_wait "$inner" "$outer" TERM 10
check "pft run as PID 1 stops on SIGTERM: exit 143 (${ms} ms)" 143 "$code" "$(cat "$work/run.log")" \
  "^pft: stopped by SIGTERM$"
check "... within 1 s (${ms} ms)" 0 $(( ms < 1000 ? 0 : 1 ))
out=$("$pft" run --catalog "$ops/data/good.yml" "${run_flags[@]}" 2>&1)
check "the run lock was released with the process" 0 $? "$out" "run #4 ok"
out=$("$pft" status --runs 2 2>&1)
check "the stopped run is marked failed by the next" 0 $? "$out" "#3 cli failed .*interrupted"

# --- a one-shot pft run that is not PID 1: ended by the signal itself --------
out=$(python3 - "$pft" "$work/slow.yml" "${run_flags[@]}" <<'PY'
import signal, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "run", "--catalog", sys.argv[2], *sys.argv[3:]],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
time.sleep(1.0)
p.send_signal(signal.SIGINT)
_, err = p.communicate(timeout=10)
print(p.returncode, err.decode().strip().splitlines()[-1])
PY
)
check "pft run (not PID 1) is ended by SIGINT itself, as without a handler" 0 0 "$out" "^-2 pft: stopped by SIGINT$"

summary

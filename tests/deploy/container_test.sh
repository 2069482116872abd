#!/usr/bin/env bash
# The image, built from the repository's Dockerfile and run, offline (issue
# #13): podman configured inside BUILD_DIR/podman (scripts/podman-env), the
# base image debian:bookworm-slim made by mmdebstrap from this machine's apt
# sources (scripts/offline-base-image), then podman build, and the image run
# as the platforms run it: `pft migrate` and a demo `pft run` as one-off
# containers on a SQLite volume, `pft serve` on $PORT (default command),
# /health, /tournaments and / over HTTP, the HEALTHCHECK, a non-root PID 1,
# `podman stop` (exit 0, timed), a one-off `pft run` stopped mid-run (exit
# 143 at once, the next run marks it failed). Times every phase.
#
# Images are kept in BUILD_DIR/podman between runs (layer cache). The
# compiler cache is the host's (CCACHE_DIR, mounted at /ccache) and the image
# is built with the host build's type (BUILD_TYPE, the Dockerfile's argument;
# Release, its default, is what the platforms build): the objects that
# `make test` compiled just before are reused, and the build stage costs its
# packages and a link. A second run rebuilds only what changed.
# Usage: container_test.sh SOURCE_DIR BUILD_DIR BUILD_TYPE
set -uo pipefail
src="$(cd "$1" && pwd)"
build="$(cd "$2" && pwd)"
build_type="${3:-Release}"
ops="$src/tests/integration/ops"
image=localhost/pft:test
tag=$$
work=$(mktemp -d)
chmod 755 "$work"  # read by the container's non-root user
pids=()
cleanup() {
  podman rm -f -t 0 "pft-serve-$tag" "pft-run-$tag" >/dev/null 2>&1
  podman volume rm -f "pft-var-$tag" >/dev/null 2>&1
  stop_pids KILL
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=tests/integration/check.sh
source "$src/tests/integration/check.sh"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
t_start=$(now_ms)
timing=""
phase() { timing+="$(printf '%-24s %6.1f s' "$1" "$(echo "scale=1; ($(now_ms) - $2) / 1000" | bc)")"$'\n'; }

eval "$("$src/scripts/podman-env" "$build/podman")"
# podman's healthcheck timers want systemd, absent here: silence their noise.
quiet() { grep -v 'systemd connection\|healthcheck timer' || true; }

# --- base image and build -----------------------------------------------------
t0=$(now_ms)
out=$("$src/scripts/offline-base-image" 2>&1); check "base image debian:bookworm-slim from mmdebstrap" 0 $? "$out"
phase "base image" "$t0"

t0=$(now_ms)
ccache_dir="${CCACHE_DIR:-$HOME/.cache/ccache}"
mkdir -p "$ccache_dir"
locale_args=()  # ccache hashes these: pass the host build's own
for v in LANG LC_ALL LC_CTYPE LC_MESSAGES; do
  if [ -n "${!v+set}" ]; then locale_args+=(--build-arg "$v=${!v}"); fi
done
nice podman build --format docker --network=host --pull=never --volume "$ccache_dir:/ccache" \
  --build-arg BUILD_TYPE="$build_type" "${locale_args[@]}" --tag "$image" "$src" >"$work/build.log" 2>&1
code=$?
check "podman build of the Dockerfile ($build_type)" 0 $code "$(tail -30 "$work/build.log")"
phase "podman build" "$t0"
if [ $code -ne 0 ]; then summary; exit 1; fi
# Kept in the build folder, since ctest shows a passing test's output only with -V:
# whether the image's compile step reused the host's objects is the time of this test.
report="$build/deploy-container.txt"
grep -i "^runtime packages:\|hits:" "$work/build.log" | grep -v STEP | tee "$report"

size=$(podman image inspect --format '{{.Size}}' "$image")
check "image size $((size / 1000000)) MB < 160 MB" 0 $(( size < 160000000 ? 0 : 1 ))
out=$(podman image inspect --format '{{.Config.User}} {{json .Config.Cmd}} {{json .Config.Volumes}} {{.Config.Healthcheck}}' "$image")
check "image config: user pft, CMD pft serve, volume /app/var, HEALTHCHECK on /health" 0 $? "$out" \
  '^pft \["pft","serve"\] \{"/app/var":\{\}\} .*127\.0\.0\.1:\$\{PORT:-8080\}/health'
out=$(podman run --rm --network=host "$image" sh -c 'id -u; command -v gcc g++ cc c++ cmake make || true' 2>&1 | quiet)
check "runtime stage runs as uid 10001" 0 0 "$out" "^10001$"
check "runtime stage carries no compiler, cmake or make" 1 "$(wc -l <<<"$out")" "$out"

# --- one-off commands on a SQLite volume ---------------------------------------
t0=$(now_ms)
podman volume create "pft-var-$tag" >/dev/null
run_oneoff() { podman run --rm --network=host -v "pft-var-$tag:/app/var" "$@" 2>&1 | quiet; return "${PIPESTATUS[0]}"; }
out=$(run_oneoff "$image" pft migrate); check "pft migrate in the container" 0 $? "$out" "Applied migrations 0001"
out=$(run_oneoff "$image" pft run --catalog sources/demo.yml); check "demo pft run in the container" 0 $? "$out" \
  "^run #1 ok: [0-9]+ events fetched; inserted [1-9]"
inserted=$(sed -n 's/^run #1 ok: .*inserted \([0-9]*\),.*/\1/p' <<<"$out")
phase "migrate + demo run" "$t0"

# --- pft serve: the default command -----------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
t0=$(now_ms)
podman run -d --name "pft-serve-$tag" --network=host -e PORT="$port" -v "pft-var-$tag:/app/var" "$image" \
  >/dev/null 2>"$work/run-d.err"
check "podman run (default command) starts" 0 $? "$(quiet <"$work/run-d.err")"
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
phase "serve ready" "$t0"
logs() { podman logs "pft-serve-$tag" 2>&1 | quiet; }
check "serve listens on 0.0.0.0:\$PORT" 0 0 "$(logs)" "event=listening host=0\.0\.0\.0 port=$port "
out=$(curl -fsS "http://127.0.0.1:$port/health"); check "GET /health" 0 $? "$out" '"status":"ok"'
upcoming=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["tournaments_upcoming"])' "$out" 2>/dev/null)
check "/health counts the demo's upcoming tournaments ($upcoming of $inserted inserted)" 0 \
  $(( ${upcoming:-0} > 0 && ${upcoming:-0} <= ${inserted:-0} ? 0 : 1 ))
out=$(curl -fsS -D "$work/headers" "http://127.0.0.1:$port/tournaments?limit=5"); code=$?
total=$(sed -n 's/^X-Total-Count: *\([0-9]*\).*/\1/Ip' "$work/headers")
check "GET /tournaments lists them (X-Total-Count $total)" 0 $code "$out"
python3 -c 'import json,sys; t=json.loads(sys.argv[1]); assert len(t)==5 and all(x["venue"]["city"] for x in t), t' "$out"
check "GET /tournaments?limit=5: five tournaments with their venue" 0 $?
check "X-Total-Count equals /health's upcoming count" "$upcoming" "${total:-none}"
code=$(curl -s -o "$work/home" -w '%{http_code} %{content_type}' -H 'Accept: text/html' "http://127.0.0.1:$port/")
check "GET / (the site): 200 text/html" 0 0 "$code" '^200 text/html'
check "GET / is in French" 0 0 "$(cat "$work/home")" '<html[^>]* lang="fr"'
check "GET / lists the demo's tournaments" 0 0 "$(cat "$work/home")" '<strong>[0-9]+[^<]* tournois</strong>'
out=$(podman healthcheck run "pft-serve-$tag" 2>&1 | quiet); check "the image's HEALTHCHECK passes" 0 "${PIPESTATUS[0]}" "$out"
out=$(podman exec "pft-serve-$tag" sh -c 'tr "\0" " " </proc/1/cmdline; echo; id -un' 2>&1 | quiet)
check "PID 1 is pft serve, run by the user pft" 0 0 "$out" "^pft serve $"
check "... as the user pft" 0 0 "$out" "^pft$"

t0=$(now_ms)
podman stop -t 10 "pft-serve-$tag" >/dev/null 2>&1
stop_ms=$(( $(now_ms) - t0 ))
code=$(podman inspect --format '{{.State.ExitCode}}' "pft-serve-$tag")
check "podman stop: pft serve exits 0 (${stop_ms} ms)" 0 "$code" "$(logs | tail -5)"
check "podman stop: within 5 s (${stop_ms} ms)" 0 $(( stop_ms < 5000 ? 0 : 1 ))
check "the stop was SIGTERM, handled" 0 0 "$(logs)" "event=shutdown signal=SIGTERM"
phase "podman stop (serve)" "$t0"

# --- a one-off pft run stopped by the platform mid-run ----------------------
python3 "$ops/loopback.py" slow "$ops/data/good.csv" 30 "$work/slow.port" & pids+=($!)
for _ in $(seq 100); do [ -s "$work/slow.port" ] && break; sleep 0.05; done
sed "s|url: good.csv|url: http://127.0.0.1:$(cat "$work/slow.port")/data.csv|" "$ops/data/good.yml" >"$work/slow.yml"
chmod 644 "$work/slow.yml"
podman run -d --name "pft-run-$tag" --network=host -v "pft-var-$tag:/app/var" -v "$work:/cat:ro" \
  "$image" pft run --catalog /cat/slow.yml >/dev/null 2>&1
for _ in $(seq 100); do podman logs "pft-run-$tag" 2>&1 | grep -q "started" && break; sleep 0.1; done
t0=$(now_ms)
podman stop -t 10 "pft-run-$tag" >/dev/null 2>&1
stop_ms=$(( $(now_ms) - t0 ))
code=$(podman inspect --format '{{.State.ExitCode}}' "pft-run-$tag")
check "podman stop: a one-off pft run as PID 1 exits 143, not SIGKILLed (${stop_ms} ms)" 143 "$code" \
  "$(podman logs "pft-run-$tag" 2>&1 | quiet)"
check "... within 2 s (${stop_ms} ms)" 0 $(( stop_ms < 2000 ? 0 : 1 ))
out=$(run_oneoff "$image" pft run --catalog sources/demo.yml); check "the next run is not blocked" 0 $? "$out" "^run #3 ok"
out=$(run_oneoff "$image" pft status --runs 2); check "the stopped run is marked failed" 0 $? "$out" "#2 cli failed .*interrupted"
phase "one-off run stopped" "$t0"

phase "total" "$t_start"
printf '%s' "$timing" | tee -a "$report"
summary

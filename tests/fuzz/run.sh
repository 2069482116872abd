#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after the
# other, under nice: make fuzz FUZZ_SECONDS=N [FUZZ_TARGETS="a b"].
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# Each target starts from its committed seeds (tests/fuzz/corpus/<t>) and
# its working corpus (BUILD_DIR/fuzz-corpus/<t>, kept between runs, never
# committed). A finding (crash, sanitizer report, violated property, leak,
# timeout of 25 s, over 2 GB of memory) is saved as
# BUILD_DIR/findings/<t>-crash-… (or leak-, timeout-, oom-) and makes the
# script fail after the remaining targets ran. Prints one line per target:
# seconds, executions, coverage (edges), features, corpus size, result.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}" && pwd)
seconds=${2:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$root"/tests/fuzz/fuzz_*.cpp; do t=$(basename "$f" .cpp); targets+=("${t#fuzz_}"); done
fi
mkdir -p "$build/findings" "$build/fuzz-logs"
failed=()
printf '%-18s %8s %12s %8s %8s %7s  %s\n' target seconds execs cov ft corpus result
for t in "${targets[@]}"; do
  bin=$build/tests/fuzz/fuzz_$t
  if [ ! -x "$bin" ]; then echo "run.sh: $bin not built" >&2; failed+=("$t"); continue; fi
  work=$build/fuzz-corpus/$t
  mkdir -p "$work"
  log=$build/fuzz-logs/$t.log
  start=$(date +%s)
  # shellcheck disable=SC2086  # FUZZ_FLAGS: extra libFuzzer flags, split on purpose
  nice -n ${FUZZ_NICE:-10} "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$t-" ${FUZZ_FLAGS:-} "$work" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  took=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  if [ $rc -eq 0 ]; then result=ok; else
    result="FINDING (exit $rc): $(grep -oE 'Test unit written to .*' "$log" | tail -1 | sed 's/Test unit written to //')"
    failed+=("$t")
  fi
  printf '%-18s %8s %12s %8s %8s %7s  %s\n' "$t" "$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "run.sh: findings in: ${failed[*]} (logs in $build/fuzz-logs, inputs in $build/findings)" >&2
  exit 1
fi

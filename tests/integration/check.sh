# Sourced by the shell integration tests: check() records one expectation,
# summary() prints the counts and is the script's exit status.
failures=0
passes=0

check() {  # check NAME EXPECTED_EXIT ACTUAL_EXIT [OUTPUT PATTERN]
  local name="$1" want="$2" got="$3" out="${4-}" pattern="${5-}"
  if [ "$want" != "$got" ]; then
    echo "FAIL: $name: exit $got, expected $want"; echo "$out" | head -12; failures=$((failures + 1)); return
  fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $name: output does not match /$pattern/:"; echo "$out" | head -12; failures=$((failures + 1)); return
  fi
  echo "ok: $name"; passes=$((passes + 1))
}

summary() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}

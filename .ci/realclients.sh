#!/usr/bin/env bash
# Runs OneAll's own Node SDK (npm `oneall`, pinned in
# .ci/realclients/package-lock.json, as published, unmodified) against
# `oneall fake serve` on loopback: every method of the SDK, one test file per
# family in .ci/realclients/node/. Calls that fail because of the SDK's own
# bugs, or of a family the fake does not serve yet, are node:test TODOs with
# the reason; everything else must pass. OneAll's PHP SDK cannot be installed
# from here: docs/real-clients.md says how to run it by hand.
#
# Needs Node.js >= 20 and npm (installed from Debian if missing). The SDK is
# installed once with `npm ci` into .ci/realclients/node_modules (git-ignored)
# and reused while package-lock.json and Node stay the same.
#
# `bash .ci/realclients.sh php` runs OneAll's PHP SDK instead, from a checkout
# named by ONEALL_PHP_SDK (docs/real-clients.md): .ci/realclients/php/run.php.
#
# Usage: bash .ci/realclients.sh [test files…]        (default: node/*.test.js)
#        ONEALL_PHP_SDK=DIR bash .ci/realclients.sh php [families…]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.ci/realclients
export GOTOOLCHAIN=local
mode=node
if [ "${1:-}" = php ]; then
  mode=php
  shift
  if [ -z "${ONEALL_PHP_SDK:-}" ] || ! command -v php >/dev/null 2>&1; then
    echo "realclients php: needs php (apt-get install -y php-cli php-curl) and ONEALL_PHP_SDK, a checkout of github.com/oneall/php-sdk (docs/real-clients.md)" >&2
    exit 2
  fi
fi

if [ $mode = node ] && ! command -v npm >/dev/null 2>&1; then
  echo "realclients: no npm on this machine; installing Debian's nodejs and npm" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

# --ignore-scripts: neither `oneall` nor `request` needs an install script.
stamp=$dir/node_modules/.realclients-stamp
want="$(node --version 2>/dev/null) $(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ $mode = node ] && [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "realclients: npm ci in $dir"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi

tmp=$(mktemp -d)
pid=
stop() {
  rc=$?
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  # Under REALCLIENTS_RACE=1 a data race in the fake fails the run.
  if grep -q "DATA RACE" "$tmp/err" 2>/dev/null; then
    echo "realclients: the race detector found a data race in the fake:" >&2
    cat "$tmp/err" >&2
    rc=1
  fi
  rm -rf "$tmp"
  exit $rc
}
trap stop EXIT

# REALCLIENTS_RACE=1 (as .ci/run sets it, after `go test -race ./...`) builds
# the fake with the race detector: it reuses that run's build cache (a plain
# build with an empty cache took 100 s on the loaded CI machine), and the
# real clients' calls run under the detector.
if [ "${REALCLIENTS_RACE:-}" = 1 ]; then
  go build -race -o "$tmp/oneall" ./cmd/oneall
else
  go build -o "$tmp/oneall" ./cmd/oneall
fi

# The fake prints its address and keys on the first line of stdout; stdout
# stays open (a file), since the fake stops when its reader goes away.
"$tmp/oneall" fake serve --addr 127.0.0.1:0 --seed 5 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
  [ -s "$tmp/out" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
  sleep 0.1
done
line=$(head -1 "$tmp/out")
case $line in
ONEALL_BASE_URL=http://127.0.0.1:*) ;;
*) echo "realclients: unexpected first line from oneall fake serve: $line" >&2; exit 1 ;;
esac
# The line is shell-quotable KEY=VALUE words (documented in `fake serve --help`).
eval "export $line"
if [ $mode = php ]; then
  echo "realclients: oneall fake serve on $ONEALL_BASE_URL; PHP SDK from $ONEALL_PHP_SDK ($(git -C "$ONEALL_PHP_SDK" rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout')); $(php -r 'echo "PHP ", PHP_VERSION, ", curl ", curl_version()["version"];')"
  php "$dir/php/run.php" "$@"
  exit
fi
echo "realclients: oneall fake serve on $ONEALL_BASE_URL; Node SDK oneall@$(node -p "require('./$dir/node_modules/oneall/package.json').version")"

# All files in one process (node/all.js says why); exits 1 when a test fails.
node --test-reporter="./$dir/reporter.mjs" "$dir/node/all.js" "$@"

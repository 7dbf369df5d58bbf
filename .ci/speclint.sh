#!/usr/bin/env bash
# Lints openapi.yaml with the OpenAPI ecosystem's two common linters, pinned in
# .ci/speclint/package-lock.json: Spectral (ruleset spectral:oas, its
# recommended rules) and Redocly (ruleset recommended, in its strict form).
# No rule is turned off; any error OR warning from either fails. What they ask
# of a new operation is in docs/spec-lint.md.
#
# Needs Node.js and npm (on the machine; installed from Debian if missing).
# The linters are installed once with `npm ci` into .ci/speclint/node_modules
# (git-ignored) and reused while package-lock.json and Node stay the same.
#
# Usage: bash .ci/speclint.sh [spec.yaml]   (default: openapi.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-openapi.yaml}
dir=.ci/speclint

if ! command -v npm >/dev/null 2>&1; then
  echo "speclint: no npm on this machine; installing Debian's nodejs and npm" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

# Reinstall only when the lock file or Node changed. --ignore-scripts: neither
# linter needs an install script (the one present only reports downloads).
stamp=$dir/node_modules/.speclint-stamp
want="$(node --version) $(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "speclint: npm ci in $dir"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi

# An ignore file would silence findings without anyone seeing it here.
if ls .redocly.lint-ignore.yaml "$dir/.redocly.lint-ignore.yaml" >/dev/null 2>&1; then
  echo "speclint: a .redocly.lint-ignore.yaml is present; fix the findings instead" >&2
  exit 1
fi

# Redocly: no telemetry, no update check (the network reaches only registries).
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

version() { node -p "require('./$dir/node_modules/$1/package.json').version"; }

echo "-- spectral $(version @stoplight/spectral-cli) (spectral:oas, fail on warnings)"
# Both linters run even when the first fails, so that one run shows every finding.
failed=0
"$dir/node_modules/.bin/spectral" lint --ruleset "$dir/.spectral.yaml" \
  --fail-severity=warn --fail-on-unmatched-globs "$spec" || failed=1

echo "-- redocly $(version @redocly/cli) (recommended-strict)"
out=$("$dir/node_modules/.bin/redocly" lint --config "$dir/redocly.yaml" --lint-config=error \
  --format=stylish --max-problems=1000 "$spec" 2>&1) || failed=1
# Drop the boxed "Node.js 20 support is ending" banner that Redocly 2.x prints on
# Node 20 at every start (the pinned version runs on Node 20; see docs/spec-lint.md).
out=$(grep -v '[║╔╚]' <<<"$out" || true)
printf '%s\n' "$out"
# recommended-strict turns every warning into an error; this guards the summary
# line in case a later version or config reports warnings again.
if grep -Eq 'You have [0-9]+ warning' <<<"$out"; then
  echo "speclint: redocly reported warnings" >&2
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "speclint: $spec has lint findings (see above; docs/spec-lint.md says what the rules ask)" >&2
  exit 1
fi

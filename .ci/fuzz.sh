#!/usr/bin/env bash
# Runs every fuzz target for a few seconds each (FUZZTIME, default 3s), one
# target per `go test` invocation (Go fuzzes one target at a time), and
# prints how many inputs each one ran. A crash fails the script; the
# failing input is left in the package's testdata/fuzz/ to be committed as a
# regression seed. Usage: .ci/fuzz.sh [FUZZTIME]
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local
fuzztime=${1:-${FUZZTIME:-3s}}

# Every Fuzz function of the module, as "package target".
targets=$(git ls-files -co --exclude-standard -- '*_test.go' | while read -r f; do
  grep -o -E '^func Fuzz[A-Za-z0-9_]+' "$f" | sed "s|^func |./$(dirname "$f") |" || true
done | sort -u)

total=0
start=$SECONDS
# fuzz runs one target for $3 and prints how many new inputs it ran.
#
# Go 1.26's fuzzing coordinator can fail a target at the -fuzztime deadline
# with a bare "context deadline exceeded" and no failing input
# (go.dev/issue/75804, fixed in Go 1.27). Such a run, which wrote nothing to
# testdata/fuzz/, is run again, up to three times in all; a failing input
# fails at once.
fuzz() {
  local out corpus="$1/testdata/fuzz/$2" before after attempt
  for attempt in 1 2 3; do
    before=$( (ls "$corpus" 2>/dev/null || true) | wc -l)
    if out=$(go test -run '^$' -fuzz "^${2}\$" -fuzztime "$3" -fuzzminimizetime 10s "$1" 2>&1); then
      echo "$out" | grep -o -E 'execs: [0-9]+' | tail -1 | grep -o -E '[0-9]+' || echo 0
      return
    fi
    after=$( (ls "$corpus" 2>/dev/null || true) | wc -l)
    if [ "$after" = "$before" ] && echo "$out" | grep -q -x '    context deadline exceeded'; then
      echo "fuzz: $1 $2: Go's fuzzing deadline race (go.dev/issue/75804), no failing input; attempt $attempt of 3" >&2
      continue
    fi
    break
  done
  echo "$out" >&2
  echo "FAIL $1 $2" >&2
  exit 1
}

while read -r pkg target; do
  [ -n "$target" ] || continue
  execs=$(fuzz "$pkg" "$target" "$fuzztime")
  # -fuzztime counts the run of the seed corpus too: a target whose seeds
  # take longer than that never fuzzed. It gets 20s more; a target that
  # still ran nothing fails, since it was not fuzzed at all.
  if [ "$execs" = 0 ]; then
    execs=$(fuzz "$pkg" "$target" 20s)
    if [ "$execs" = 0 ]; then
      echo "FAIL $pkg $target: no input fuzzed, not even in 20s (the seed corpus alone takes longer?)" >&2
      exit 1
    fi
  fi
  printf '%-28s %-24s %10s execs\n' "$pkg" "$target" "$execs"
  total=$((total + 1))
done <<< "$targets"
echo "fuzzed $total targets for $fuzztime each in $((SECONDS - start))s"

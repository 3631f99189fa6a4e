#!/usr/bin/env bash
# Runs the tests, each against a real Azurite they start themselves (pinned in package.json), so this
# installs it first.
#   ./test.sh          every test, the fault drills included: what CI runs
#   ./test.sh --fast   the everyday lane: everything but the drills ([Drill]: crash, storage outage, lost
#                      answer, two processes, the published build, the long fuzzers)
# Further arguments go to `dotnet test` (e.g. --configuration Release --no-build).
set -euo pipefail
cd "$(dirname "$0")"

lane=()
if [ "${1:-}" = "--fast" ]; then
  shift
  lane=(--filter-not-trait "Lane=Drill")
fi

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
dotnet test "$@" "${lane[@]}"

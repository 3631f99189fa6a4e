#!/usr/bin/env bash
# Runs every test. The tests start their own Azurite (pinned in package.json), so this installs it first.
set -euo pipefail
cd "$(dirname "$0")"

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
dotnet test "$@"

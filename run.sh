#!/usr/bin/env bash
# Runs the whole pipeline locally: Azurite (pinned in package.json) and the self-host on
# http://localhost:7071 in Development, with the dev mail sink standing in for SendGrid.
set -euo pipefail
cd "$(dirname "$0")"

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
[ -f local.settings.json ] || { cp local.settings.sample.json local.settings.json; echo "Created local.settings.json from the sample (development values)."; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_open 10002; then
  echo "Storage is already listening on 127.0.0.1:10000-10002; using it."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableTelemetry --location .azurite &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do port_open 10002 && break; sleep 0.1; done
  port_open 10002 || { echo "Azurite did not start; see the lines above." >&2; exit 1; }
  echo "Azurite is running (data in .azurite/)."
fi

ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
  dotnet run --project functions/CsatFunctions.SelfHost --no-launch-profile -- "$@"

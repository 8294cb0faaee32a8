#!/usr/bin/env bash
# Starts the sandbox on a loopback port, runs the SDK smoke (smoke.mjs) against it, stops it.
# Usage (from the repository root): tests/sdk-smoke/run.sh    Needs node >= 20, npm and the .NET SDK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${SANDBOX_PORT:-5310}"
url="http://127.0.0.1:$port"

(cd "$here" && npm ci --no-audit --no-fund --silent)
dotnet build "$root/src/AutoDmGuard.XApiSandbox" -v quiet -nologo
dotnet run --no-build --project "$root/src/AutoDmGuard.XApiSandbox" -- \
  "--Sandbox:Urls=$url" --Sandbox:RateLimitsEnabled=false > "$here/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if curl -fsS "$url/_sandbox/users" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then echo "sandbox exited:"; cat "$here/sandbox.log"; exit 1; fi
  sleep 0.5
done

SANDBOX_URL="$url" node "$here/smoke.mjs"

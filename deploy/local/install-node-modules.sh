#!/usr/bin/env bash
# Installs the workspace's npm dependencies when package-lock.json changed since the last install
# (npm's cache in ~/.npm keeps repeat installs offline-fast).
set -euo pipefail
cd "$(dirname "$0")/../.."
stamp=node_modules/.yanxiu-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "installing npm dependencies..."
# Not `npm ci`: the lock file cannot list the other platforms' optional native packages (swc, nx,
# buf) that the registry reachable here does not serve, and `npm ci` refuses such a lock.
# `--no-save` still installs exactly the locked versions and never rewrites the lock.
npm install --no-save --no-audit --no-fund --prefer-offline --loglevel=error
echo "$want" > "$stamp"

#!/usr/bin/env bash
# The whole platform on this machine with demo data: dependencies, the stack, builds, migrations, seed, services.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
deploy/local/install-node-modules.sh
deploy/local/stack up
npx nx run-many -t build --output-style=stream-without-prefixes
node deploy/local/platform.mjs up

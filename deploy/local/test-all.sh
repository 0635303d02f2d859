#!/usr/bin/env bash
# Every test, from a fresh clone: dependencies, the real local stack, then
# lint + typecheck + unit tests, contract checks, integration tests, and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-true}

deploy/local/install-node-modules.sh
deploy/local/stack up

npx nx run contracts:proto-lint
# Against main's proto/: a breaking change must be a new versioned message or topic instead.
npx nx run contracts:proto-breaking
npx nx run contracts:check-generated
npx nx run-many -t lint typecheck test --parallel=2 --output-style=stream-without-prefixes
# Integration suites share one Kafka broker and 2 cores; one project at a time keeps kill tests honest.
npx nx run-many -t integration --parallel=1 --output-style=stream-without-prefixes
npx nx run e2e:e2e --output-style=stream-without-prefixes

#!/usr/bin/env bash
# Fails when the committed generated TypeScript differs from what proto/ generates now.
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd proto && rm -rf ../libs/contracts/src/generated && ../node_modules/.bin/buf generate)
if ! git diff --quiet --exit-code -- libs/contracts/src/generated || [ -n "$(git ls-files --others --exclude-standard libs/contracts/src/generated)" ]; then
  echo "libs/contracts/src/generated is stale: run 'npx nx run contracts:generate' and commit the result" >&2
  git status --short libs/contracts/src/generated >&2
  exit 1
fi
echo "generated contracts are up to date"

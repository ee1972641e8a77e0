#!/usr/bin/env bash
# npm test: the whole suite. Lint, type check, unit and integration tests
# (against the real MariaDB), then browser tests against the built app.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "Services"
bash scripts/ensure-services.sh
step "Lint (biome)"
npx --no-install biome check .
step "Type check (tsc --noEmit)"
npx --no-install tsc --noEmit
step "Dependency rules (dependency-cruiser)"
npm run --silent deps
step "Unit and integration tests (vitest)"
npx --no-install vitest run
step "Browser tests (playwright)"
npm run --silent test:e2e

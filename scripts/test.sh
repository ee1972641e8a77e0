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
# The soak's whole path (its portal, probe, traffic and clean-up) at smoke size, after the
# browser tests built the portal; it exits 1 on any error. Its figures mean nothing at this size.
step "Soak, smoke size (npm run soak: 2 tenants, 5 s warm-up, 15 s of traffic)"
SOAK_MINUTES=0.25 SOAK_WARMUP_SECONDS=5 SOAK_TENANTS=2 npm run --silent soak

// `npm run tenants -- <command>`: the operator's command line. See
// scripts/lib/cli/main.ts for the commands and lib/operations for what
// they do.
import { landlordHealth } from "@/lib/db/health";
import { disconnectLandlord } from "@/lib/db/landlord";
import { closeTenantClients } from "@/lib/db/tenant-clients";
import { AppError } from "@/lib/errors";
import { boot, run } from "./lib/boot";
import { main } from "./lib/cli/main";
import { processIo } from "./lib/cli/output";

async function prepare(): Promise<void> {
  boot();
  // Fail in one line rather than after the pool's timeout when the landlord is not there.
  const health = await landlordHealth();
  if (!health.ok) throw new AppError("UNAVAILABLE", `${health.reason} (run \`npm run db:migrate\` first).`);
}

run(async () => {
  try {
    return await main(process.argv.slice(2), processIo(), { prepare });
  } finally {
    await closeTenantClients().catch(() => undefined);
    await disconnectLandlord().catch(() => undefined);
  }
});

// The server Playwright tests run against: a fresh landlord database of its
// own (refused unless the server is local), a known platform admin, the built
// app on E2E_PORT, served by the portal's own server (scripts/serve.ts).
import { spawn } from "node:child_process";
import { E2E_ADMIN, E2E_DATABASE } from "@/e2e/env";
import { disconnectLandlord } from "@/lib/db/landlord";
import { LANDLORD_MIGRATIONS, migrate } from "@/lib/db/migrator";
import { connect, dropDatabase } from "@/lib/db/server";
import { childEnv } from "@/lib/env";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { boot, run } from "@/scripts/lib/boot";
import { buildIfNeeded } from "@/scripts/lib/build";
import { SERVE } from "@/scripts/lib/serve-command";
import { testServer, testServerUrl } from "@/tests/helpers/server";

run(async () => {
  const server = testServer();
  const port = process.env.E2E_PORT ?? "3100";
  Object.assign(process.env, {
    DATABASE_URL: testServerUrl(E2E_DATABASE),
    TENANT_DATABASE_URL: "",
    PORT: port,
    APP_URL: `http://localhost:${port}`,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-0123456",
    WORKFLOW_DRIVER: "inline",
    RESEND_API_KEY: "",
    INNGEST_EVENT_KEY: "",
    INNGEST_DEV: "",
    // Backups are tested on their own: the browser tests' portal takes none and writes none into the checkout.
    BACKUP_EVERY_HOURS: "0",
    BACKUP_DIR: ".data/e2e-backups",
  });
  boot();

  const conn = await connect(server);
  await dropDatabase(conn, E2E_DATABASE);
  await conn.end();
  await migrate({ server, database: E2E_DATABASE, dir: LANDLORD_MIGRATIONS, create: true });
  await ensurePlatformAdmin(E2E_ADMIN.email, E2E_ADMIN.password);
  await disconnectLandlord();

  buildIfNeeded();
  const child = spawn(process.execPath, SERVE, {
    stdio: "inherit",
    env: childEnv({ NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }),
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  return new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
});

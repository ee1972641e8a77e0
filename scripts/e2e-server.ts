// The server Playwright tests run against: a fresh landlord database of its
// own (refused unless the server is local), a known platform admin, the built
// app on E2E_PORT.
import { spawn } from "node:child_process";
import { E2E_ADMIN, E2E_DATABASE } from "@/e2e/env";
import { disconnectLandlord } from "@/lib/db/landlord";
import { isLocal } from "@/lib/db/local-server";
import { LANDLORD_MIGRATIONS, migrate } from "@/lib/db/migrator";
import { connect, dropDatabase, parseDatabaseUrl } from "@/lib/db/server";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { boot, run } from "./lib/boot";
import { buildIfNeeded } from "./lib/build";

run(async () => {
  const base = parseDatabaseUrl(process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/election_test", false);
  const { database: _unused, ...server } = base;
  if (!isLocal(server)) throw new Error(`E2E tests run only against a local database server, not ${server.host}.`);
  const port = process.env.E2E_PORT ?? "3100";
  const auth = server.password ? `${server.user}:${encodeURIComponent(server.password)}` : server.user;
  Object.assign(process.env, {
    DATABASE_URL: `mysql://${auth}@${server.host}:${server.port}/${E2E_DATABASE}`,
    TENANT_DATABASE_URL: "",
    PORT: port,
    APP_URL: `http://localhost:${port}`,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-0123456",
    WORKFLOW_DRIVER: "inline",
    RESEND_API_KEY: "",
    INNGEST_EVENT_KEY: "",
    INNGEST_DEV: "",
  });
  boot();

  const conn = await connect(server);
  await dropDatabase(conn, E2E_DATABASE);
  await conn.end();
  await migrate({ server, database: E2E_DATABASE, dir: LANDLORD_MIGRATIONS, create: true });
  await ensurePlatformAdmin(E2E_ADMIN.email, E2E_ADMIN.password);
  await disconnectLandlord();

  buildIfNeeded();
  const child = spawn("npx", ["--no-install", "next", "start", "-p", port], { stdio: "inherit", env: process.env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  return new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
});

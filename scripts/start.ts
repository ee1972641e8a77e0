// `npm start`: prepares the landlord database (starting a local server if
// none answers), creates the first platform admin, builds if needed and
// serves the portal (scripts/serve.ts). `npm run dev` does the same with the
// dev server.
import { spawn } from "node:child_process";
import { disconnectLandlord } from "@/lib/db/landlord";
import { prepareLandlordDatabase } from "@/lib/db/prepare";
import { childEnv } from "@/lib/env";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { boot, run } from "./lib/boot";
import { buildIfNeeded } from "./lib/build";
import { SERVE } from "./lib/serve-command";

const dev = process.argv.includes("--dev");

run(async () => {
  const config = boot((line) => console.log(`• ${line}`));
  if (config.INITIAL_ADMIN_PASSWORD) {
    console.warn(
      "! INITIAL_ADMIN_PASSWORD is set: every new tenant admin gets the same initial password. Anyone who knows a " +
        "tenant's address and its contact's email could sign in first. Leave it empty (the default) outside development.",
    );
  }
  await prepareLandlordDatabase({ log: (line) => console.log(`• ${line}`) });

  const admin = await ensurePlatformAdmin(config.PLATFORM_ADMIN_EMAIL, config.PLATFORM_ADMIN_PASSWORD);
  if (admin.created && admin.generatedPassword) {
    console.log(`• Created platform admin ${admin.email} with password: ${admin.generatedPassword}`);
    console.log("  (shown once; set PLATFORM_ADMIN_PASSWORD to choose it yourself)");
  } else if (admin.created) {
    console.log(`• Created platform admin ${admin.email} (password from PLATFORM_ADMIN_PASSWORD).`);
  } else {
    console.log(`• Platform admin: ${admin.email}`);
  }
  await disconnectLandlord();

  if (!dev) buildIfNeeded();
  console.log(
    `• Workflow driver: ${config.WORKFLOW_DRIVER}; email: ${config.RESEND_API_KEY ? "Resend" : "outbox only"}`,
  );
  console.log(`• Portal: ${config.APP_URL}  (admin: ${config.APP_URL}/admin/login)`);

  const child = spawn(process.execPath, [...SERVE, ...(dev ? ["--dev"] : [])], {
    stdio: "inherit",
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", ...(dev ? {} : { NODE_ENV: "production" }) }),
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  return new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
});

// Runs once when the portal's server starts: validates the configuration (a
// bad value stops the server with one line) and starts this process's share
// of the background work (app/workflow.ts), which SIGTERM winds down.
export async function register() {
  // biome-ignore lint/style/noProcessEnv: Next's own runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
  const { startPortalBackground } = await import("@/app/workflow");
  startPortalBackground();
}

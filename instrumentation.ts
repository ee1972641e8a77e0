// Runs once when the portal's server starts: validates the configuration (a
// bad value stops the server with one line) and, with the inline driver,
// picks up provisioning runs that a stop or crash left unfinished.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const config = env();
  if (config.WORKFLOW_DRIVER !== "inline") return;
  const { resumeAbandonedRuns } = await import("@/lib/provisioning/inline-driver");
  const { STALE_RUN_MS } = await import("@/lib/provisioning/policy");
  const sweep = () =>
    resumeAbandonedRuns().then(
      (ids) => ids.length > 0 && console.log(`[provisioning] resumed ${ids.length} unfinished run(s)`),
      (error: unknown) => console.error("[provisioning] could not resume unfinished runs:", error),
    );
  void sweep();
  // A run this process inherited from one that stopped moments ago is not stale yet.
  setTimeout(() => void sweep(), STALE_RUN_MS + 1000).unref();
}

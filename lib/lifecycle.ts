// Graceful shutdown. Parts of the portal register what must happen before the
// process exits (stop the background job, let running provisioning steps
// finish); the server (scripts/serve.ts) runs them on SIGTERM. Kept on
// globalThis: the server and Next's bundles load separate copies of this module.
type Hook = () => Promise<unknown>;

const holder = globalThis as unknown as { portalShutdownHooks?: Map<string, Hook> };

function hooks(): Map<string, Hook> {
  holder.portalShutdownHooks ??= new Map();
  return holder.portalShutdownHooks;
}

/** Registers (or replaces, by name) something to do before the process exits. */
export function onShutdown(name: string, hook: Hook): void {
  hooks().set(name, hook);
}

/** Runs every hook at once; resolves when all have settled. */
export async function runShutdownHooks(log: (line: string) => void = console.log): Promise<void> {
  const all = [...hooks().entries()];
  hooks().clear();
  await Promise.all(
    all.map(([name, hook]) =>
      hook().then(
        () => log(`[shutdown] ${name}: done`),
        (error: unknown) => log(`[shutdown] ${name}: ${error instanceof Error ? error.message : String(error)}`),
      ),
    ),
  );
}

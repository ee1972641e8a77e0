// Hands an approved application to the provisioning workflow.
import type { Actor } from "../platform/audit";

// Placeholder until the workflow lands: approval leaves the application `approved`.
export async function startProvisioning(_applicationId: string, _actor: Actor): Promise<void> {}

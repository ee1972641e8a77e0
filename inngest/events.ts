// Every event the portal sends to Inngest, declared once with its schema.
import { eventType } from "inngest";
import { z } from "zod";

export const provisioningRequested = eventType("tenant/provisioning.requested", {
  schema: z.object({
    applicationId: z.string(),
    runId: z.string(),
    attempt: z.number().int(),
    slug: z.string(),
    // One run per application attempt: the function's idempotency key.
    key: z.string(),
  }),
});

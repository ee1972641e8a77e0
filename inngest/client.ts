import { Inngest } from "inngest";

// Event key, signing key and dev mode come from INNGEST_EVENT_KEY,
// INNGEST_SIGNING_KEY and INNGEST_DEV, which the SDK reads itself.
export const inngest = new Inngest({ id: "election-portal" });

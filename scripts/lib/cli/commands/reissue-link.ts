// `tenants reissue-link <slug> [--email E]`: a new setup link and initial
// password for an existing, active admin of the tenant, sent to their stored email.
import { reissueSetupLink } from "@/lib/tenant-auth/reissue-link";
import type { Command } from "../command";
import { println } from "../output";

export const reissueLinkCommand: Command = {
  options: { email: { type: "string" } },
  positionals: 1,
  async run({ positionals: [slug], values, io, actor }) {
    const result = await reissueSetupLink(slug ?? "", { email: values.email as string | undefined }, actor);
    const where = result.delivery === "sent" ? "sent" : "stored in the outbox (no email provider is configured)";
    println(io.stdout, `A new setup link for ${result.email} at ${result.slug} was ${where}.`);
    println(io.stdout, `Earlier links and passwords no longer work; ${result.sessionsEnded} session(s) ended.`);
    return 0;
  },
};

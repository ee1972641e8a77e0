// `tenants close-application <reference|id> --reason R`: gives up on an
// application whose provisioning failed, as the console's "Close application"
// does: its slug is released, the applicant emailed the reason, all audited.
import { closeApplicationByReference } from "@/lib/platform/applications/close";
import { type Command, str, UsageError } from "../command";
import { println } from "../output";

export const closeApplicationCommand: Command = {
  options: { reason: { type: "string" } },
  positionals: 1,
  argument: "application reference or id",
  async run({ positionals: [reference], values, io, actor }) {
    const reason = str(values, "reason")?.trim();
    if (!reason) throw new UsageError("close-application needs --reason: it is emailed to the applicant");
    const { application, emailError } = await closeApplicationByReference(reference ?? "", actor, reason);
    println(io.stdout, `Closed ${application.reference}; the address /${application.requestedSlug} is released.`);
    if (emailError) println(io.stderr, `The email to the applicant could not be sent: ${emailError}`);
    else println(io.stdout, `The applicant (${application.contactEmail}) was emailed the reason.`);
    return 0;
  },
};

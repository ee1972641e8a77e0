// The owners' digest's first source: provisioning runs that failed for good
// (rolled back after their last retry) in a time range, each with the
// application, its slug, the step that failed and why.
import "server-only";
import { landlord } from "../db/landlord";
import { env } from "../env";
import type { DigestItem, DigestSource } from "../platform/owner-digest";
import { PROVISIONING_STEPS } from "./steps";

const REASON_MAX = 500;

export const provisioningFailures: DigestSource = {
  kind: "provisioning_failed",
  async collect(since, until): Promise<DigestItem[]> {
    // Failed runs are few; (status, finished_at, ...) is indexed.
    const runs = await landlord().provisioningRun.findMany({
      where: { status: "failed", finishedAt: { gt: since, lte: until } },
      orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
      select: {
        attempt: true,
        error: true,
        finishedAt: true,
        application: { select: { id: true, organizationName: true, reference: true, requestedSlug: true } },
        steps: { where: { status: "failed" }, orderBy: { position: "desc" }, take: 1, select: { name: true } },
      },
    });
    const appUrl = env().APP_URL;
    return runs.map((run) => {
      const step = run.steps[0]?.name;
      const label = PROVISIONING_STEPS.find((s) => s.name === step)?.label ?? step ?? "(no step recorded)";
      const reason = run.error ?? "No reason was recorded.";
      return {
        kind: "provisioning_failed",
        at: run.finishedAt ?? until,
        subject: `${run.application.organizationName} (${run.application.reference})`,
        facts: [
          { label: "Address", value: `/${run.application.requestedSlug}` },
          { label: "Step", value: label },
          { label: "Run", value: `attempt ${run.attempt}` },
        ],
        reason: reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX)}…` : reason,
        link: `${appUrl}/admin/applications/${run.application.id}`,
      };
    });
  },
};

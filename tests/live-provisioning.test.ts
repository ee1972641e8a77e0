// Which provisioning runs count as working right now (so migrate and cleanup
// leave their tenants alone): inline runs by their 30 s heartbeat, Inngest runs
// (whose retries Inngest holds, with backoff of minutes) for an hour.
import { describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { liveProvisioning } from "@/lib/platform/tenants/fleet";
import { beginRun } from "@/lib/provisioning/runs";
import { createApprovedApplication, TEST_ADMIN } from "./helpers/applications";

async function runQuietFor(driver: "inline" | "inngest", ms: number) {
  const application = await createApprovedApplication();
  const run = await beginRun(application.id, TEST_ADMIN, driver);
  await landlord().provisioningRun.update({
    where: { id: run.runId },
    data: { status: "running", heartbeatAt: new Date(Date.now() - ms) },
  });
  return application.id;
}

describe("runs in progress", () => {
  it("an inline run is live while it beats, abandoned after 30 s of silence", async () => {
    const fresh = await runQuietFor("inline", 5_000);
    const stale = await runQuietFor("inline", 60_000);
    const live = await liveProvisioning();
    expect(live.applicationIds.has(fresh)).toBe(true);
    expect(live.applicationIds.has(stale)).toBe(false);
  });

  it("an Inngest run waiting minutes in a retry backoff is still live; after an hour it is not", async () => {
    const waiting = await runQuietFor("inngest", 5 * 60_000);
    const gone = await runQuietFor("inngest", 2 * 3_600_000);
    const live = await liveProvisioning();
    expect(live.applicationIds.has(waiting)).toBe(true);
    expect(live.applicationIds.has(gone)).toBe(false);
  });
});

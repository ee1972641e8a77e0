// Which provisioning runs count as working right now (so migrate and cleanup
// leave their tenants alone): inline runs by their heartbeat (three beats of
// 10 s), Inngest runs (whose retries Inngest holds, with backoff of minutes)
// for an hour once Inngest accepted them, and as inline ones before that.
import { describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import { liveProvisioning } from "@/lib/operations/fleet";
import { beginRun } from "@/lib/provisioning/runs";
import { createApprovedApplication, TEST_ADMIN } from "./helpers/applications";

async function runQuietFor(driver: "inline" | "inngest", ms: number, handedOver = driver === "inngest") {
  const application = await createApprovedApplication();
  const run = await beginRun(application.id, TEST_ADMIN, driver);
  const then = new Date(Date.now() - ms);
  await landlord().provisioningRun.update({
    where: { id: run.runId },
    data: handedOver
      ? { status: "running", heartbeatAt: then, dispatchedAt: then }
      : { status: "queued", createdAt: then },
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

  it("an Inngest run whose event was never sent is abandoned as soon as an inline one", async () => {
    const fresh = await runQuietFor("inngest", 5_000, false);
    const lost = await runQuietFor("inngest", 60_000, false);
    const live = await liveProvisioning();
    expect(live.applicationIds.has(fresh)).toBe(true);
    expect(live.applicationIds.has(lost)).toBe(false);
  });
});

// The Inngest function is served at /api/inngest: in dev mode (INNGEST_DEV=1)
// the handler introspects with the function registered.
import { describe, expect, it } from "vitest";

describe("/api/inngest", () => {
  it("serves the provision-tenant function, its failure handler and the sweeper", async () => {
    process.env.INNGEST_DEV = "1";
    const { GET } = await import("@/app/api/inngest/route");
    // The handler takes any Fetch API request; its declared type is Next's.
    const handle = GET as unknown as (request: Request, context: unknown) => Promise<Response>;
    const response = await handle(new Request("http://localhost:3000/api/inngest"), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.function_count).toBe(3); // provision-tenant, its onFailure companion, sweep-provisioning
    expect(body.mode).toBe("dev");
  });
});

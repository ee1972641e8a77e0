// `tenants reset --force` in development: every tenant database and tenant
// row goes, with the setup tokens; applications stay, unlinked.
import { beforeAll, describe, expect, it } from "vitest";
import { landlord } from "@/lib/db/landlord";
import type { Tenant } from "@/lib/generated/landlord/client";
import { captureIo } from "@/scripts/lib/cli/capture";
import { main } from "@/scripts/lib/cli/main";
import { provisionTestTenant, uniqueSlug } from "./helpers/applications";
import { databaseExists } from "./helpers/tenant-state";

const TENANTS = 12;
const fleet: Tenant[] = [];

async function cli(...argv: string[]) {
  const out = captureIo();
  const code = await main(argv, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

beforeAll(async () => {
  for (let i = 0; i < TENANTS; i += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, TENANTS - i) }, () => provisionTestTenant({ slug: uniqueSlug("rst") })),
    );
    fleet.push(...batch.map((b) => b.tenant));
  }
  // A soft-deleted tenant goes too.
  await landlord().tenant.update({ where: { id: fleet[0]?.id }, data: { deletedAt: new Date() } });
});

describe("reset --force", () => {
  it("drops every tenant database and tenant row, deletes setup tokens, unlinks applications, audits it", async () => {
    expect(process.env.NODE_ENV).not.toBe("production");
    const tokensBefore = await landlord().passwordSetupToken.count();
    expect(tokensBefore).toBeGreaterThanOrEqual(TENANTS);

    const { code, stdout, stderr } = await cli("reset", "--force");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Dropped ${TENANTS} tenant databases, removed ${TENANTS} tenant rows and ${tokensBefore} setup tokens; unlinked ${TENANTS} applications.`,
    );
    expect(stdout).toContain(`Note: applications are kept, so ${TENANTS} slugs are still held by their applications`);

    for (const tenant of fleet) expect(await databaseExists(tenant.databaseName)).toBe(false);
    expect(await landlord().tenant.count()).toBe(0);
    expect(await landlord().passwordSetupToken.count()).toBe(0);
    const applications = await landlord().tenantApplication.findMany();
    expect(applications).toHaveLength(TENANTS);
    expect(applications.every((a) => a.tenantId === null && a.status === "provisioned")).toBe(true);

    const audit = await landlord().auditLog.findFirst({ where: { action: "tenant.reset" } });
    expect(audit?.actorType).toBe("operator");
    expect(audit?.context).toMatchObject({ tenants: TENANTS, tokens: tokensBefore, applicationsUnlinked: TENANTS });

    // Nothing left: the other commands say so.
    expect(await cli("list")).toEqual({ code: 0, stdout: "No tenants.\n", stderr: "" });
    expect((await cli("reset", "--force")).stdout).toContain("Dropped 0 tenant databases, removed 0 tenant rows");
  });
});

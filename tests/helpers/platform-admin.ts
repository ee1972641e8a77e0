// Platform admins for integration tests: a real admin row of the given role
// and a real session row, turned into the session object next-auth would hand
// the server (so requirePlatformAdmin checks them as it would in production).
import { randomBytes } from "node:crypto";
import { landlord } from "@/lib/db/landlord";
import { hashPassword } from "@/lib/passwords";
import { createPlatformSession } from "@/lib/platform/admin-sessions";
import type { PlatformRole } from "@/lib/platform/permissions";
import { sessionFromUser } from "./tenant-auth";

export interface TestAdmin {
  id: string;
  email: string;
  password: string;
  role: PlatformRole;
}

export async function createTestAdmin(role: PlatformRole = "owner", email?: string): Promise<TestAdmin> {
  const address = email ?? `${role}-${randomBytes(4).toString("hex")}@platform.test`;
  const password = `Admin-${randomBytes(6).toString("hex")}!A1`;
  const user = await landlord().user.create({
    data: { email: address, name: `Test ${role}`, passwordHash: await hashPassword(password), role },
  });
  return { id: user.id.toString(), email: address, password, role };
}

/** A signed-in session of `admin` (a new session row), as getServerSession returns it. */
export async function adminSessionOf(admin: TestAdmin, ip = "192.0.2.50") {
  const sessionId = await createPlatformSession(BigInt(admin.id), { ip, userAgent: "vitest" });
  const session = await sessionFromUser({ id: admin.id, email: admin.email, name: "x", realm: "platform", sessionId });
  return { session, sessionId };
}

/** A new admin of `role`, signed in. */
export async function platformSession(role: PlatformRole = "owner") {
  return (await adminSessionOf(await createTestAdmin(role))).session;
}

// Signing out of /admin: the cookie is cleared by next-auth; this ends the
// session row as well, so a copy of the cookie kept elsewhere stops working too.
import "server-only";
import type { JWT } from "next-auth/jwt";
import { revokePlatformSession } from "../platform/admin-sessions";
import { audit } from "../platform/audit";
import { requestInfo } from "../request";

export async function signOutPlatformSession(token: Pick<JWT, "sessionId" | "sub" | "email">) {
  if (!token.sessionId) return;
  try {
    await revokePlatformSession(token.sessionId);
    await audit({
      actor: { type: "platform_admin", id: token.sub, label: token.email ?? undefined, ...(await requestInfo()) },
      action: "auth.signed_out",
      context: { realm: "platform", sessionId: token.sessionId },
    });
  } catch (error) {
    console.error("[auth] could not end the platform session row", error);
  }
}

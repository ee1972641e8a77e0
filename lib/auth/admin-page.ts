// The page-side form of requirePlatformAdmin: instead of an error, a person is
// sent where they can go on: to sign in, to enrol two-factor when it is
// required, or to a page saying their role cannot open this one. Every page and
// layout under /admin (but the sign-in page) starts with this; actions use adminAction.
import "server-only";
import { redirect } from "next/navigation";
import { isAppError } from "../errors";
import type { Permission } from "../platform/permissions";
import { type AdminSession, requirePlatformAdmin } from "./session";

export async function adminPage(permission: Permission = "platform.read"): Promise<AdminSession> {
  try {
    return await requirePlatformAdmin(permission);
  } catch (error) {
    if (isAppError(error, "UNAUTHORIZED")) redirect("/admin/login");
    if (isAppError(error, "FORBIDDEN")) {
      redirect(error.details?.enrolTwoFactor ? "/admin/account/two-factor" : `/admin/forbidden?need=${permission}`);
    }
    throw error;
  }
}

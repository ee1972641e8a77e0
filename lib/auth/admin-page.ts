// The page-side form of requirePlatformAdmin: instead of an error, a person
// without a platform session is sent to sign in. Every page and layout under
// /admin (but the sign-in page) starts with this; actions use adminAction.
import "server-only";
import { redirect } from "next/navigation";
import { isAppError } from "../errors";
import { type PortalSession, requirePlatformAdmin } from "./session";

export async function adminPage(): Promise<PortalSession> {
  try {
    return await requirePlatformAdmin();
  } catch (error) {
    if (isAppError(error, "UNAUTHORIZED") || isAppError(error, "FORBIDDEN")) redirect("/admin/login");
    throw error;
  }
}

"use server";
// Every export here is callable from any client: each is built with
// tenantAction, which checks on the server that the session belongs to the
// route's tenant before anything else.
import { tenantAction } from "@/lib/actions";
import { changePassword } from "@/lib/tenant-auth/change-password";
import { changePasswordInput } from "@/lib/tenant-auth/password-policy";

export const changePasswordAction = tenantAction(
  changePasswordInput,
  async ({ currentPassword, password }, { tenant, actor }) => {
    const { sessionsEnded } = await changePassword(tenant, { currentPassword, password }, actor);
    return { sessionsEnded };
  },
  // The one action a user who must change their password may call.
  { allowPendingPasswordChange: true },
);

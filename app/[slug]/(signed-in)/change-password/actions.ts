"use server";
// Every export here is callable from any client: each is built with
// tenantAction, which checks on the server that the session belongs to the
// route's tenant (and the permission it names) before anything else.
import { tenantAction } from "@/lib/actions";
import { changePasswordInput } from "@/lib/password-policy";
import { changePassword } from "@/lib/tenant-auth/change-password";

export const changePasswordAction = tenantAction(
  // Self-service: every user may change their own password, whatever their role.
  null,
  changePasswordInput,
  async ({ currentPassword, password }, { tenant, actor }) => {
    const { sessionsEnded } = await changePassword(tenant, { currentPassword, password }, actor);
    return { sessionsEnded };
  },
  // The one action a user who must change their password may call.
  { allowPendingPasswordChange: true },
);

"use server";
// Tenant admins managing their organization's users. Every export is callable
// from any client, so each is built with tenantAction("users.manage"): the
// session row, its tenant (the route's slug) and the permission are checked on
// the server before the input is read. What the state does not allow (the last
// active admin, a used invitation) is refused by lib/tenant-auth with its own message.
import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/actions";
import { inviteUser, resendInvitation, withdrawInvitation } from "@/lib/tenant-auth/invitations";
import { changeUserRole, setUserStatus } from "@/lib/tenant-auth/team";
import { invitationIdInput, inviteUserInput, userRoleInput, userStatusInput } from "@/lib/tenant-auth/team-input";

export const inviteUserAction = tenantAction("users.manage", inviteUserInput, async (input, { tenant, actor }) => {
  const { email, delivery } = await inviteUser(tenant, input, actor);
  revalidatePath(`/${tenant.tenant.slug}/users`);
  return { email, delivery };
});

export const resendInvitationAction = tenantAction(
  "users.manage",
  invitationIdInput,
  async ({ invitationId }, { tenant, actor }) => {
    const { email } = await resendInvitation(tenant, invitationId, actor);
    revalidatePath(`/${tenant.tenant.slug}/users`);
    return { email };
  },
);

export const withdrawInvitationAction = tenantAction(
  "users.manage",
  invitationIdInput,
  async ({ invitationId }, { tenant, actor }) => {
    await withdrawInvitation(tenant, invitationId, actor);
    revalidatePath(`/${tenant.tenant.slug}/users`);
    return { withdrawn: true };
  },
);

export const changeUserRoleAction = tenantAction(
  "users.manage",
  userRoleInput,
  async ({ userId, role }, { tenant, actor }) => {
    const result = await changeUserRole(tenant, userId, role, actor);
    revalidatePath(`/${tenant.tenant.slug}/users`);
    return result;
  },
);

export const setUserStatusAction = tenantAction(
  "users.manage",
  userStatusInput,
  async ({ userId, status }, { tenant, actor }) => {
    const result = await setUserStatus(tenant, userId, status, actor);
    revalidatePath(`/${tenant.tenant.slug}/users`);
    return result;
  },
);

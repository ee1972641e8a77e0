"use server";
// Owners managing platform admins. Every action is adminAction("admins.manage"):
// the session row and the owner role are checked on the server before the
// input is read. What the state does not allow (the last active owner, a used
// invitation) is refused by lib/platform/admin-accounts.ts with its own message.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions";
import {
  changeAdminRole,
  inviteAdmin,
  resetAdminTwoFactor,
  setAdminStatus,
  withdrawInvitation,
} from "@/lib/platform/admin-accounts";
import {
  adminIdInput,
  adminRoleInput,
  adminStatusInput,
  invitationIdInput,
  inviteAdminInput,
} from "@/lib/platform/admin-input";

export const inviteAdminAction = adminAction("admins.manage", inviteAdminInput, async (input, { actor }) => {
  await inviteAdmin(input, actor);
  revalidatePath("/admin/admins");
  return { email: input.email };
});

export const setAdminStatusAction = adminAction(
  "admins.manage",
  adminStatusInput,
  async ({ adminId, status }, { actor }) => {
    await setAdminStatus(adminId, status, actor);
    revalidatePath("/admin/admins");
    return { status };
  },
);

export const changeAdminRoleAction = adminAction(
  "admins.manage",
  adminRoleInput,
  async ({ adminId, role }, { actor }) => {
    await changeAdminRole(adminId, role, actor);
    revalidatePath("/admin/admins");
    return { role };
  },
);

export const resetAdminTwoFactorAction = adminAction("admins.manage", adminIdInput, async ({ adminId }, { actor }) => {
  await resetAdminTwoFactor(adminId, actor);
  revalidatePath("/admin/admins");
  return { reset: true };
});

export const withdrawInvitationAction = adminAction(
  "admins.manage",
  invitationIdInput,
  async ({ invitationId }, { actor }) => {
    await withdrawInvitation(invitationId, actor);
    revalidatePath("/admin/admins");
    return { withdrawn: true };
  },
);

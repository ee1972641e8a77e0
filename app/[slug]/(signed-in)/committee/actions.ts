"use server";
// The election committee. Every export is callable from any client, so each is
// built with tenantAction("committee.manage"): the session row, its tenant (the
// route's slug) and the permission are checked on the server before the input is read.
import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/actions";
import { addCommitteeMember, removeCommitteeMember, updateCommitteeMember } from "@/lib/tenant-auth/committee";
import { committeeEditInput, committeeIdInput, committeeMemberInput } from "@/lib/tenant-auth/committee-input";

export const addCommitteeMemberAction = tenantAction(
  "committee.manage",
  committeeMemberInput,
  async (input, { tenant, actor }) => {
    const result = await addCommitteeMember(tenant, input, actor);
    revalidatePath(`/${tenant.tenant.slug}/committee`);
    return result;
  },
);

export const updateCommitteeMemberAction = tenantAction(
  "committee.manage",
  committeeEditInput,
  async ({ memberId, ...input }, { tenant, actor }) => {
    const result = await updateCommitteeMember(tenant, memberId, input, actor);
    revalidatePath(`/${tenant.tenant.slug}/committee`);
    return result;
  },
);

export const removeCommitteeMemberAction = tenantAction(
  "committee.manage",
  committeeIdInput,
  async ({ memberId }, { tenant, actor }) => {
    await removeCommitteeMember(tenant, memberId, actor);
    revalidatePath(`/${tenant.tenant.slug}/committee`);
    return { removed: true };
  },
);

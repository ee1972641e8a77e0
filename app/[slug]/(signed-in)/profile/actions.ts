"use server";
// A user's own account. Self-service, so no permission (tenantAction(null)),
// but each still checks the session row and its tenant (the route's slug) on
// the server first, and acts on the signed-in user alone.
import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/actions";
import { signOutEverywhereElse, updateProfile } from "@/lib/tenant-auth/profile";
import { noInput, profileInput } from "@/lib/tenant-auth/team-input";

export const updateProfileAction = tenantAction(null, profileInput, async (input, { tenant, actor }) => {
  await updateProfile(tenant, input, actor);
  revalidatePath(`/${tenant.tenant.slug}`, "layout");
  return { saved: true };
});

export const signOutEverywhereElseAction = tenantAction(null, noInput, async (_input, { tenant, actor }) => {
  const ended = await signOutEverywhereElse(tenant, actor);
  revalidatePath(`/${tenant.tenant.slug}/profile`);
  return { ended };
});

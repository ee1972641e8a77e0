"use server";
// A tenant's database server from its console page, the owners' alone
// ("tenants.destroy"): move it to another server, and give it new database
// credentials. Each calls one lib function, which takes the tenant's locks,
// checks its state and audits; its refusals come back as its own messages.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions";
import { resetCredentials } from "@/lib/operations/credentials";
import { moveTenantInput, resetCredentialsInput } from "@/lib/operations/server-input";
import { moveTenantFromConsole } from "@/lib/operations/tenant-server";

function revalidate(slug: string) {
  revalidatePath("/admin/tenants");
  revalidatePath(`/admin/tenants/${slug}`);
  revalidatePath("/admin/servers");
}

// Awaited to the end, as a restore is: the owner waits for a definite answer, and the tenant's
// pages answer 503 meanwhile (its move hold), which the page shows when it refreshes.
export const moveTenantAction = adminAction("tenants.destroy", moveTenantInput, async (input, { actor }) => {
  const result = await moveTenantFromConsole(input, actor);
  revalidate(result.slug);
  return result;
});

export const resetCredentialsAction = adminAction(
  "tenants.destroy",
  resetCredentialsInput,
  async (input, { actor }) => {
    const change = await resetCredentials(input.slug, actor, input.reason);
    revalidate(change.slug);
    return { user: change.user };
  },
);

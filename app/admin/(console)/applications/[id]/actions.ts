"use server";
// The review actions. Built with `adminAction`, so each checks the platform
// session on the server before anything else: a forged call gets UNAUTHORIZED.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions";
import { approveApplication, rejectApplication } from "@/lib/platform/applications/review";
import { approvalInput, rejectionInput } from "@/lib/platform/applications/review-input";
import { startProvisioning } from "@/lib/provisioning/start";

export const approveApplicationAction = adminAction(approvalInput, async ({ applicationId, notes }, { actor }) => {
  const application = await approveApplication(applicationId, actor, notes);
  await startProvisioning(application.id, actor);
  revalidatePath("/admin/applications", "layout");
  return { status: application.status };
});

export const rejectApplicationAction = adminAction(rejectionInput, async ({ applicationId, reason }, { actor }) => {
  const { application, emailError } = await rejectApplication(applicationId, actor, reason);
  revalidatePath("/admin/applications", "layout");
  return { status: application.status, emailError };
});

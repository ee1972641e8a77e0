"use server";
// The review and provisioning actions of the application page. Built with
// `adminAction`, so each checks the platform session on the server before
// anything else: a forged call gets UNAUTHORIZED.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { workflowDriver } from "@/app/workflow";
import { adminAction } from "@/lib/actions";
import { closeApplication } from "@/lib/platform/applications/close";
import { closeInput } from "@/lib/platform/applications/close-input";
import { confirmOnBehalf } from "@/lib/platform/applications/confirm";
import { rejectApplication } from "@/lib/platform/applications/review";
import { approvalInput, rejectionInput } from "@/lib/platform/applications/review-input";
import { approveAndStart, startProvisioning } from "@/lib/provisioning/start";

export const approveApplicationAction = adminAction(
  "applications.review",
  approvalInput,
  async ({ applicationId, notes }, { actor }) => {
    const run = await approveAndStart(applicationId, actor, notes, workflowDriver());
    revalidatePath("/admin/applications", "layout");
    return { status: "provisioning_started", queued: !run.dispatched };
  },
);

export const rejectApplicationAction = adminAction(
  "applications.review",
  rejectionInput,
  async ({ applicationId, reason }, { actor }) => {
    const { application, emailError } = await rejectApplication(applicationId, actor, reason);
    revalidatePath("/admin/applications", "layout");
    return { status: application.status, emailError };
  },
);

const startInput = z.object({ applicationId: z.uuid() });

/** A new run for an application whose last run failed, or that was approved without one. */
export const startProvisioningAction = adminAction(
  "applications.review",
  startInput,
  async ({ applicationId }, { actor }) => {
    const run = await startProvisioning(applicationId, actor, workflowDriver());
    revalidatePath(`/admin/applications/${applicationId}`);
    return { runId: run.runId, attempt: run.attempt, queued: !run.dispatched };
  },
);

/** Where the outbox is the only mailbox (no mail provider), confirms the applicant's email for them. */
export const confirmOnBehalfAction = adminAction(
  "applications.review",
  startInput,
  async ({ applicationId }, { actor }) => {
    const { application, emailError } = await confirmOnBehalf(applicationId, actor);
    revalidatePath("/admin/applications", "layout");
    return { status: application.status, emailError };
  },
);

/** Gives up on an application whose provisioning failed: its slug is released and the applicant told why. */
export const closeApplicationAction = adminAction(
  "applications.review",
  closeInput,
  async ({ applicationId, reason }, { actor }) => {
    const { application, emailError } = await closeApplication(applicationId, actor, reason);
    revalidatePath("/admin/applications", "layout");
    return { status: application.status, emailError };
  },
);

// The review forms' schemas, shared by the admin's forms and the review actions.
import { z } from "zod";

export const REVIEW_TEXT_MAX = 2000;

const applicationId = z.uuid({ error: "That is not an application id." });

export const approvalInput = z.object({
  applicationId,
  notes: z
    .string()
    .trim()
    .max(REVIEW_TEXT_MAX, `Review notes can have at most ${REVIEW_TEXT_MAX} characters.`)
    .optional()
    .transform((value) => value || undefined),
});

export const rejectionInput = z.object({
  applicationId,
  reason: z
    .string({ error: "Give the applicant a reason; it is sent to them." })
    .trim()
    .min(1, "Give the applicant a reason; it is sent to them.")
    .max(REVIEW_TEXT_MAX, `The reason can have at most ${REVIEW_TEXT_MAX} characters.`),
});

export type ApprovalInput = z.output<typeof approvalInput>;
export type RejectionInput = z.output<typeof rejectionInput>;

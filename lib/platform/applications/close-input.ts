// Closing a failed application: the schema shared by the console's form and its action.
import { z } from "zod";
import { REVIEW_TEXT_MAX } from "./review-input";

export const closeInput = z.object({
  applicationId: z.uuid({ error: "That is not an application id." }),
  reason: z
    .string({ error: "Give the applicant a reason; it is sent to them." })
    .trim()
    .min(1, "Give the applicant a reason; it is sent to them.")
    .max(REVIEW_TEXT_MAX, `The reason can have at most ${REVIEW_TEXT_MAX} characters.`),
});

export type CloseInput = z.output<typeof closeInput>;

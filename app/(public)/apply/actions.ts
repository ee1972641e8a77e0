"use server";
// The public Server Actions of /apply: the form's, and the confirmation link's.
// Every export here is callable from any client, so each is built with
// `action`: validated input, domain errors as messages.
import { z } from "zod";
import { action } from "@/lib/actions";
import { confirmApplication } from "@/lib/platform/applications/confirm";
import { confirmationInput } from "@/lib/platform/applications/confirm-input";
import { applicationInput } from "@/lib/platform/applications/input";
import { checkSlugForVisitor } from "@/lib/platform/applications/slug-availability";
import { submitApplication } from "@/lib/platform/applications/submit";

export const submitApplicationAction = action(applicationInput, (input, { request }) =>
  submitApplication(input, request),
);

// Called as the applicant types (debounced); generous, but bounded per address.
export const checkSlugAction = action(z.object({ slug: z.string().max(200) }), ({ slug }, { request }) =>
  checkSlugForVisitor(slug, request),
);

// The button on /apply/confirm/{token}: a POST, so fetching the emailed link (as mail scanners do) confirms nothing.
export const confirmApplicationAction = action(confirmationInput, async ({ token }, { request }) => {
  const { application } = await confirmApplication(token, request);
  return { reference: application.reference, organizationName: application.organizationName };
});

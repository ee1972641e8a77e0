"use server";
// The apply form's Server Actions. Every export here is callable from any
// client, so each is built with `action`: validated input, domain errors as messages.
import { z } from "zod";
import { action } from "@/lib/actions";
import { applicationInput } from "@/lib/platform/applications/input";
import { checkSlugAvailability } from "@/lib/platform/applications/slug-availability";
import { submitApplication } from "@/lib/platform/applications/submit";
import { enforceRateLimit } from "@/lib/rate-limit";

export const submitApplicationAction = action(applicationInput, (input, { request }) =>
  submitApplication(input, request),
);

// Called as the applicant types (debounced); generous, but bounded per address.
export const checkSlugAction = action(z.object({ slug: z.string().max(200) }), async ({ slug }, { request }) => {
  await enforceRateLimit(`slug-check:ip:${request.ip}`, { limit: 120, windowSeconds: 60 }, "slug checks");
  return checkSlugAvailability(slug);
});

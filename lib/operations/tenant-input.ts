// The tenant console's action schemas, shared by its forms (react-hook-form's
// zodResolver) and its Server Actions. Client-safe: no server imports.
import { z } from "zod";

export const REASON_MIN = 5;
export const REASON_MAX = 500;
export const MESSAGE_MAX = 1000;

const slug = z.string().trim().toLowerCase().min(2).max(63);

/** Why the admin does it, in their own words: it goes into the audit log. */
const reason = z
  .string({ error: "Say why; it goes into the audit log." })
  .trim()
  .min(REASON_MIN, `Say why in a few words (at least ${REASON_MIN} characters); it goes into the audit log.`)
  .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`);

export const statusChangeInput = z.object({ slug, reason });

export const maintenanceOnInput = z.object({
  slug,
  message: z
    .string({ error: "Tell the tenant's users what is going on." })
    .trim()
    .min(1, "Tell the tenant's users what is going on.")
    .max(MESSAGE_MAX, `Keep the message under ${MESSAGE_MAX} characters.`),
  // An instant with its offset: the form turns the browser's local time into one.
  until: z
    .union([z.literal(""), z.iso.datetime({ offset: true, error: "That is not a date and time." })])
    .optional()
    .transform((value) => (value ? new Date(value) : null)),
  reason,
});

export const maintenanceOffInput = z.object({
  slug,
  holdId: z.uuid().optional(),
  reason,
});

export const reissueInput = z.object({
  slug,
  email: z.email({ error: "Choose one of the tenant's admins." }),
  reason,
});

export const migrateNowInput = z.object({ slug, reason });

export const tenantSlugInput = z.object({ slug });

// Backups, deletion and restore. A destructive one asks for the slug typed
// again; compared with the slug the form acts on, so the form says it as the
// person types and the server refuses it before anything runs.
const backupId = z.uuid({ error: "Choose a backup." });
const confirmation = z.string({ error: "Type the tenant's slug to confirm." }).trim().toLowerCase();
const CONFIRM_MISMATCH = "That is not this tenant's slug; type it exactly as shown to confirm.";
const typedSlugMatches = (value: { slug: string; confirmation: string }) => value.confirmation === value.slug;

export const verifyBackupInput = z.object({ slug, backupId });

export const restoreInput = z
  .object({ slug, backupId, confirmation, reason })
  .refine(typedSlugMatches, { path: ["confirmation"], message: CONFIRM_MISMATCH });

export const deleteInput = z
  .object({ slug, confirmation, reason })
  .refine(typedSlugMatches, { path: ["confirmation"], message: CONFIRM_MISMATCH });

export const undeleteInput = z.object({ slug, reason });

export type StatusChangeInput = z.input<typeof statusChangeInput>;
export type MaintenanceOnInput = z.input<typeof maintenanceOnInput>;
export type MaintenanceOffInput = z.input<typeof maintenanceOffInput>;
export type ReissueInput = z.input<typeof reissueInput>;
export type MigrateNowInput = z.input<typeof migrateNowInput>;
export type RestoreInput = z.input<typeof restoreInput>;
export type DeleteInput = z.input<typeof deleteInput>;
export type UndeleteInput = z.input<typeof undeleteInput>;

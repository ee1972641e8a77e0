// The schemas of the console's database-server actions (the Servers page, and
// a tenant's move and credential reset on its page), shared by the forms
// (react-hook-form's zodResolver) and the Server Actions. Client-safe: no
// server imports.
import { z } from "zod";
import { REASON_MAX, REASON_MIN } from "./tenant-input";

/** As lib/operations/servers.ts names a server. */
export const SERVER_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

const serverName = z
  .string({ error: "Name the server." })
  .trim()
  .toLowerCase()
  .regex(SERVER_NAME, "Lower-case letters, digits and hyphens, starting with a letter or digit (at most 63).");

const reason = z
  .string({ error: "Say why; it goes into the audit log." })
  .trim()
  .min(REASON_MIN, `Say why in a few words (at least ${REASON_MIN} characters); it goes into the audit log.`)
  .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`);

/** Form fields arrive as text; a number typed into one is checked as a number. */
const whole = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${what} must be a whole number.` })
    .int(`${what} must be a whole number.`)
    .min(min, `${what} must be at least ${min}.`)
    .max(max, `${what} must be at most ${max.toLocaleString("en-US")}.`);

export const addServerInput = z.object({
  name: serverName,
  host: z
    .string({ error: "Give the server's host name or address." })
    .trim()
    .min(1, "Give the server's host name or address.")
    .max(255, "That host name is too long.")
    .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, "A host name, an IPv4 address or [an IPv6 address]."),
  port: whole("The port", 1, 65_535),
  adminUser: z
    .string({ error: "Give the admin user the portal connects as." })
    .trim()
    .min(1, "Give the admin user the portal connects as.")
    .max(80, "That user name is too long."),
  // Not trimmed: a password is what it is. Empty only for a local server whose admin has none.
  adminPassword: z.string().max(255, "That password is too long."),
  capacity: whole("The capacity", 1, 1_000_000),
  weight: whole("The weight", 0, 1000),
});

/** Cordon and uncordon: undone as easily as done, so asked twice but with no reason (the audit keeps who and when). */
export const serverNameInput = z.object({ name: serverName });

export const drainServerInput = z.object({ name: serverName, reason, dropSource: z.boolean() });

export const removeServerInput = z.object({ name: serverName, reason });

export const refreshFiguresInput = z.object({});

// A tenant's database server, on its page.
const slug = z.string().trim().toLowerCase().min(2).max(63);

export const moveTenantInput = z
  .object({
    slug,
    to: serverName,
    reason,
    dropSource: z.boolean(),
    confirmation: z.string({ error: "Type the tenant's slug to confirm." }).trim().toLowerCase(),
  })
  .refine((value) => value.confirmation === value.slug, {
    path: ["confirmation"],
    message: "That is not this tenant's slug; type it exactly as shown to confirm.",
  });

export const resetCredentialsInput = z.object({ slug, reason });

export type AddServerInput = z.input<typeof addServerInput>;
export type DrainServerInput = z.input<typeof drainServerInput>;
export type RemoveServerInput = z.input<typeof removeServerInput>;
export type MoveTenantInput = z.input<typeof moveTenantInput>;
export type ResetCredentialsInput = z.input<typeof resetCredentialsInput>;

// The owners' digest: what went wrong on the platform, by email to every
// active owner, at most once per hour window (UTC). The background job
// (app/workflow.ts) calls sendOwnerDigest every minute with the sources this
// deployment has; each source lists its problems in a time range as digest
// items of its kind. A digest covers everything from the previous digest's
// end up to a moment ago, so every problem is in exactly one digest, and
// nothing is sent when nothing went wrong. Later issues add kinds (a failed
// backup, a server near capacity) with a source each.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createElement } from "react";
import { OwnerDigestEmail, type OwnerDigestProps } from "@/emails/owner-digest";
import { landlord } from "../db/landlord";
import { isUniqueViolation } from "../db/unique-violation";
import { env } from "../env";
import { errorMessage } from "../errors";
import type { OwnerDigest } from "../generated/landlord/client";
import { sendEmail } from "../mail/send";
import { audit, SYSTEM } from "./audit";

/** The kinds of problem a digest lists, in the order its sections appear. */
export const DIGEST_KINDS = ["provisioning_failed"] as const;
export type DigestItemKind = (typeof DIGEST_KINDS)[number];

const HEADINGS: Record<DigestItemKind, string> = {
  provisioning_failed: "Provisioning runs that failed for good",
};

export interface DigestItem {
  kind: DigestItemKind;
  /** When it happened. */
  at: Date;
  /** What it is about, e.g. an organization and its reference. */
  subject: string;
  /** Label and value pairs, e.g. the slug and the step. */
  facts: { label: string; value: string }[];
  reason: string;
  /** Where in the console to act on it. */
  link: string;
}

/** Where one kind of problem comes from: the ones that happened in (since, until]. */
export interface DigestSource {
  kind: DigestItemKind;
  collect(since: Date, until: Date): Promise<DigestItem[]>;
}

// A problem written a moment before `now` may not be committed yet: the
// digest covers up to this long ago, and the next one picks the rest up.
const SETTLE_MS = 30_000;
// The very first digest looks back this far (a new deployment, or one upgraded to this feature).
const FIRST_LOOKBACK_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;

export type DigestResult =
  | { sent: true; digestId: string; items: number; recipients: string[] }
  | { sent: false; reason: "already_sent" | "nothing_new" | "no_owners" };

/** The hour window (UTC) that `at` falls in. */
export function digestWindow(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

interface StoredItem extends Omit<DigestItem, "at"> {
  at: string;
}

export async function sendOwnerDigest(sources: readonly DigestSource[], now = new Date()): Promise<DigestResult> {
  const db = landlord();
  const windowStart = digestWindow(now);
  const last = await db.ownerDigest.findFirst({ orderBy: { coveredUntil: "desc" } });
  if (last && last.windowStart.getTime() >= windowStart.getTime()) {
    // This hour's digest is out: only an email to it that failed is tried again (same keys).
    await deliverDigest(last);
    return { sent: false, reason: "already_sent" };
  }
  const since = last?.coveredUntil ?? new Date(now.getTime() - FIRST_LOOKBACK_MS);
  const until = new Date(now.getTime() - SETTLE_MS);
  if (until.getTime() <= since.getTime()) return { sent: false, reason: "nothing_new" };
  const items = (await Promise.all(sources.map((source) => source.collect(since, until))))
    .flat()
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  if (items.length === 0) return { sent: false, reason: "nothing_new" };

  const owners = await db.user.findMany({
    where: { role: "owner", status: "active" },
    orderBy: { id: "asc" },
    select: { email: true },
  });
  // Nobody to tell: the items wait for the first owner (the window is not used up).
  if (owners.length === 0) return { sent: false, reason: "no_owners" };
  const recipients = owners.map((o) => o.email);
  const stored: StoredItem[] = items.map((item) => ({ ...item, at: item.at.toISOString() }));
  let digest: OwnerDigest;
  try {
    digest = await db.ownerDigest.create({
      data: { id: randomUUID(), windowStart, coveredUntil: until, items: stored as object[], recipients },
    });
  } catch (error) {
    // Another process made this hour's digest a moment ago.
    if (isUniqueViolation(error)) return { sent: false, reason: "already_sent" };
    throw error;
  }
  await audit({
    actor: SYSTEM,
    action: "email.digest_sent",
    context: {
      digestId: digest.id,
      window: windowStart.toISOString(),
      since: since.toISOString(),
      until: until.toISOString(),
      items: items.length,
      recipients,
    },
  });
  await deliverDigest(digest);
  return { sent: true, digestId: digest.id, items: items.length, recipients };
}

const UTC_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
const utc = (at: Date) => `${UTC_TIME.format(at)} UTC`;

/** The email of a stored digest. */
export function digestEmailProps(digest: Pick<OwnerDigest, "items" | "coveredUntil">): OwnerDigestProps {
  const items = digest.items as unknown as StoredItem[];
  const sections = DIGEST_KINDS.map((kind) => ({
    heading: HEADINGS[kind],
    items: items
      .filter((item) => item.kind === kind)
      .map(({ kind: _kind, at, ...item }) => ({ ...item, at: utc(new Date(at)) })),
  })).filter((section) => section.items.length > 0);
  return {
    until: utc(digest.coveredUntil),
    consoleUrl: `${env().APP_URL}/admin`,
    sections,
  };
}

/** Sends a digest to each of its recipients, once per hour window each (the idempotency key). */
async function deliverDigest(digest: OwnerDigest): Promise<void> {
  const recipients = digest.recipients as string[];
  const items = digest.items as unknown as StoredItem[];
  const props = digestEmailProps(digest);
  const window = digest.windowStart.toISOString();
  for (const to of recipients) {
    try {
      await sendEmail({
        template: "owner-digest",
        to,
        subject: `Election Platform: ${items.length === 1 ? "1 problem" : `${items.length} problems`} to look at`,
        react: createElement(OwnerDigestEmail, props),
        // Per window and owner (the address hashed: a key holds at most 191 characters).
        idempotencyKey: `owner-digest:${window}:${createHash("sha256").update(to).digest("hex").slice(0, 32)}`,
      });
    } catch (error) {
      // The next tick in this hour tries it again; the other owners still get theirs.
      console.error(`[digest] the digest of ${window} could not be sent to an owner: ${errorMessage(error)}`);
    }
  }
}

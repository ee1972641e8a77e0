// Whether a tenant's space is in maintenance right now, and what its people
// are told. Maintenance is a set of holds (lib/operations/maintenance.ts
// places and releases them); the space is in maintenance while any hold is in
// force. Read on every tenant request (lib/auth/tenant.ts), at sign-in, by the
// maintenance page (app/[slug]/maintenance/route.ts) and, from a list a
// couple of seconds old at most, by the proxy that sends the space's pages there.
import "server-only";
import { landlord } from "../db/landlord";
import { normalizeSlug, slugProblem } from "../platform/slugs";

/** Set by the proxy on a request it sent to the maintenance page (never trusted for access). */
export const MAINTENANCE_REWRITE_HEADER = "x-maintenance-rewrite";

/** Retry-After when a hold has no end time. */
export const DEFAULT_RETRY_AFTER_SECONDS = 300;

export interface MaintenanceNotice {
  /** The newest message a hold carries, if any does. */
  message: string | null;
  /** When the last hold ends; null while one has no end. */
  until: Date | null;
  retryAfterSeconds: number;
}

export interface TenantMaintenance {
  slug: string;
  name: string;
  notice: MaintenanceNotice;
}

interface HoldView {
  message: string | null;
  endsAt: Date | null;
}

/** The holds in force at `now`: no end, or an end still ahead (as a Prisma where clause). */
export function holdInForce(now: Date) {
  return { OR: [{ endsAt: null }, { endsAt: { gt: now } }] };
}

/** What the holds in force (oldest first) tell people; null when there are none. */
export function noticeOf(holds: readonly HoldView[], now = new Date()): MaintenanceNotice | null {
  if (holds.length === 0) return null;
  const ends = holds.map((h) => h.endsAt?.getTime() ?? null);
  const until = ends.every((t) => t !== null) ? new Date(Math.max(...(ends as number[]))) : null;
  const message = holds.findLast((h) => h.message)?.message ?? null;
  const retryAfterSeconds = until
    ? Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
    : DEFAULT_RETRY_AFTER_SECONDS;
  return { message, until, retryAfterSeconds };
}

const holdView = { message: true, endsAt: true } as const;

/** The tenant's maintenance right now, or null when nothing holds it. */
export async function maintenanceNotice(tenantId: string, now = new Date()): Promise<MaintenanceNotice | null> {
  const holds = await landlord().maintenanceHold.findMany({
    where: { tenantId, ...holdInForce(now) },
    orderBy: { createdAt: "asc" },
    select: holdView,
  });
  return noticeOf(holds, now);
}

/** The maintenance of the tenant at /{slug}; null for an invalid, unknown or deleted slug, or no hold. */
export async function maintenanceBySlug(rawSlug: string, now = new Date()): Promise<TenantMaintenance | null> {
  const slug = normalizeSlug(rawSlug);
  if (slugProblem(slug)) return null;
  const tenant = await landlord().tenant.findUnique({
    where: { slug },
    select: {
      slug: true,
      name: true,
      deletedAt: true,
      holds: { where: holdInForce(now), orderBy: { createdAt: "asc" }, select: holdView },
    },
  });
  if (!tenant || tenant.deletedAt) return null;
  const notice = noticeOf(tenant.holds, now);
  return notice ? { slug: tenant.slug, name: tenant.name, notice } : null;
}

// The proxy cannot wait for the database (it answers synchronously), and it
// asks on every page request of every space: it reads this process's list of
// the slugs held right now, reloaded in the background when it is older than a
// couple of seconds (one query for the whole fleet: holds in force are few).
// A change made in this process reloads it at once. Staleness costs nothing:
// the maintenance page, every tenant page and action and sign-in check the
// holds themselves. On globalThis: the proxy and the app's routes are bundled
// apart but share the process.
const HELD_TTL_MS = 2000;

interface HeldSlugs {
  /** slug → when its last hold ends (ms), or null while one has no end. */
  slugs: Map<string, number | null>;
  loadedAt: number;
  loading?: Promise<void>;
}

const holder = globalThis as unknown as { maintenanceHeldSlugs?: HeldSlugs };

function held(): HeldSlugs {
  holder.maintenanceHeldSlugs ??= { slugs: new Map(), loadedAt: 0 };
  return holder.maintenanceHeldSlugs;
}

/** Reloads the list of held slugs now (after this process placed or released a hold). */
export function reloadHeldSlugs(): Promise<void> {
  const state = held();
  state.loading ??= (async () => {
    try {
      const now = new Date();
      const holds = await landlord().maintenanceHold.findMany({
        where: { ...holdInForce(now), tenant: { deletedAt: null } },
        select: { endsAt: true, tenant: { select: { slug: true } } },
      });
      const slugs = new Map<string, number | null>();
      for (const { endsAt, tenant } of holds) {
        const known = slugs.get(tenant.slug);
        const end = endsAt?.getTime() ?? null;
        slugs.set(tenant.slug, known === null || end === null ? null : Math.max(known ?? 0, end));
      }
      state.slugs = slugs;
      state.loadedAt = Date.now();
    } catch (error) {
      console.error("[maintenance] cannot read the holds:", error instanceof Error ? error.message : error);
    } finally {
      state.loading = undefined;
    }
  })();
  return state.loading;
}

/** Whether /{slug} is held right now, as far as this process knows (never waits; see above). */
export function maintenanceHeld(slug: string, now = Date.now()): boolean {
  const state = held();
  if (now - state.loadedAt > HELD_TTL_MS) void reloadHeldSlugs();
  if (!state.slugs.has(slug)) return false;
  const until = state.slugs.get(slug);
  return until === null || (until !== undefined && until > now);
}

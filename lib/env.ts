// Configuration: every variable of the spec, validated once. A missing or
// malformed value stops the process with one line naming it. Nothing else in
// the portal reads process.env (Biome's noProcessEnv holds every other file to it).
import "server-only";
import nextEnv from "@next/env";
import { z } from "zod";
import { AppError } from "./errors";

const DEFAULT_DATABASE_URL = "mysql://root@127.0.0.1:3306/election";

const mysqlUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "mysql:" || url.protocol === "mariadb:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "must look like mysql://user:password@host:3306/database");

const flag = z.enum(["1", "0", "true", "false", ""]).transform((value) => value === "1" || value === "true");

const optional = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: mysqlUrl.default(DEFAULT_DATABASE_URL),
  TENANT_DATABASE_URL: optional.pipe(mysqlUrl.optional()),
  AUTH_SECRET: optional,
  // The keyring (lib/keyring.ts): `id:base64key,...`, 32-byte keys, the first one current.
  ENCRYPTION_KEYS: optional.pipe(
    z
      .string()
      .regex(
        /^\s*[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=\s*(,\s*[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=\s*)*$/,
        "must be a comma-separated list of id:key, each key 32 random bytes in base64 (the first is current)",
      )
      .optional(),
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: optional.pipe(
    z.url({ protocol: /^https?$/, error: "must be an http(s) address such as https://vote.example.org" }).optional(),
  ),
  RESEND_API_KEY: optional,
  RESEND_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  MAIL_FROM: z.string().min(3).default("Election Platform <no-reply@election.localhost>"),
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  INNGEST_DEV: optional.pipe(flag.optional()),
  WORKFLOW_DRIVER: optional.pipe(z.enum(["inline", "inngest"]).optional()),
  // Empty (the default): each tenant admin gets a generated initial password of their own.
  // A fixed value is for development only; production refuses it.
  INITIAL_ADMIN_PASSWORD: optional.pipe(z.string().min(8).optional()),
  PLATFORM_ADMIN_EMAIL: z.email().default("admin@example.com"),
  PLATFORM_ADMIN_PASSWORD: optional.pipe(z.string().min(12).optional()),
  // Beyond the spec's list: the knobs that bound connections and work.
  LANDLORD_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Tenant connections (lib/db/tenant-clients.ts): each tenant reaches its database through a pool
  // of its own (its own credentials), of at most TENANT_POOL_SIZE connections; at most
  // TENANT_CONNECTION_CAP tenant connections are open in this process (least recently used pools
  // close first), and the Prisma clients on them are cached up to TENANT_CLIENT_CACHE_SIZE.
  TENANT_CLIENT_CACHE_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
  TENANT_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(2),
  TENANT_CONNECTION_CAP: z.coerce.number().int().min(1).max(10_000).default(60),
  TENANT_CLIENT_IDLE_SECONDS: z.coerce.number().int().min(1).default(60),
  // Database servers (lib/db/servers.ts): a new server's capacity in tenants when none is given,
  // and the connections each tenant's own database user may hold (MAX_USER_CONNECTIONS).
  SERVER_CAPACITY: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  TENANT_USER_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(10),
  PROVISIONING_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  SETUP_TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  // How long a tenant admin's invitation link (/{slug}/join/{token}) works.
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  // Applications: how long the email confirmation link works (an unconfirmed
  // application expires with it), and how long a confirmed one waits for review.
  APPLICATION_CONFIRM_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  APPLICATION_PENDING_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // The apply form's limits: submissions per client address per 10 minutes,
  // confirmation emails per recipient address per 24 hours, slug checks per address per minute.
  APPLY_PER_IP: z.coerce.number().int().min(1).default(5),
  APPLY_CONFIRMATIONS_PER_RECIPIENT: z.coerce.number().int().min(1).default(3),
  SLUG_CHECKS_PER_IP: z.coerce.number().int().min(1).default(120),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(10),
  // Proxies in front of the portal that append to x-forwarded-for.
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Sign-in throttling (lib/platform/sign-in-throttle.ts): attempts per address per 5 minutes;
  // failures that lock an account on one address, or an address across accounts, for the lock time;
  // and the longest an account's next attempt waits after failures elsewhere.
  SIGNIN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(60),
  SIGNIN_FAILURES_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).default(5),
  SIGNIN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  SIGNIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SIGNIN_DELAY_MAX_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // Platform admin sessions: ended after this long without a request, and this long after sign-in whatever happens.
  PLATFORM_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  PLATFORM_SESSION_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  // Platform admins must enrol TOTP before anything else. Empty: on in production, off elsewhere.
  PLATFORM_REQUIRE_2FA: optional.pipe(flag.optional()),
  // Inline runs refresh their heartbeat this often; one silent for three beats is resumed.
  PROVISIONING_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  // How often the portal's background job (one process at a time) looks for work.
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  // The portal's background job (sweeper, expiry, snapshots); off only for special set-ups.
  BACKGROUND_JOBS: flag.default(true),
  // Backups (lib/operations/backups): one folder per tenant under BACKUP_DIR. Empty: .data/backups
  // in the checkout, for development only; production refuses to back up until it is set.
  BACKUP_DIR: optional,
  // Retention (`tenants backup:prune`): a tenant's last BACKUP_KEEP_LAST good backups and every
  // backup younger than BACKUP_KEEP_DAYS are kept.
  BACKUP_KEEP_LAST: z.coerce.number().int().min(1).max(1000).default(7),
  BACKUP_KEEP_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // The background job backs up every tenant (and the landlord) this often; 0 turns it off.
  BACKUP_EVERY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(24),
  BACKUP_LANDLORD: flag.default(true),
  // Tenants backed up (or verified) at once by `--all` and the schedule.
  BACKUP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // For tests only: pause this long after each batch a backup writes or a restore loads, so a
  // test can kill one half way. Always 0 in real use.
  BACKUP_THROTTLE_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  // A deleted tenant can be undeleted for this long; `tenants purge` drops it afterwards.
  TENANT_DELETE_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // The console's tenant snapshots (size, migrations, health, users): refreshed by the background
  // job every TENANT_SNAPSHOT_MINUTES; TENANT_SNAPSHOTS=0 turns the job off (the tenant's page and
  // `tenants health-check` / `disk-usage` still refresh them).
  TENANT_SNAPSHOTS: flag.default(true),
  TENANT_SNAPSHOT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  // The database servers' figures (tenants, tables, data, connections, cache headroom) on the
  // console's Servers page: refreshed by the background job every SERVER_FIGURES_MINUTES.
  SERVER_FIGURES_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  // Resend's webhook signing secret (whsec_...): /api/webhooks/resend answers 404 without it.
  RESEND_WEBHOOK_SECRET: optional.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be the webhook's signing secret from Resend (whsec_...)")
      .optional(),
  ),
  // The bearer token /api/metrics asks for (16+ characters); empty: /api/metrics answers 404.
  METRICS_TOKEN: optional.pipe(z.string().min(16).optional()),
  // Password reset requests (/{slug}/forgot-password) per account and per client address, per hour.
  RESET_REQUESTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(3),
  RESET_REQUESTS_PER_IP: z.coerce.number().int().min(1).default(10),
  // next-auth's own address variable; the scripts set it from APP_URL when it is empty.
  NEXTAUTH_URL: optional,
  // Where `next build` writes (the tests build into a folder of their own).
  NEXT_DIST_DIR: z.string().min(1).default(".next"),
});

/** Every variable the configuration reads. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export type Env = Omit<
  z.infer<typeof schema>,
  "APP_URL" | "WORKFLOW_DRIVER" | "INNGEST_DEV" | "PLATFORM_REQUIRE_2FA"
> & {
  APP_URL: string;
  PLATFORM_REQUIRE_2FA: boolean;
  WORKFLOW_DRIVER: "inline" | "inngest";
  INNGEST_DEV: boolean;
  /** SPEC.md's production: APP_URL is https on a host other than localhost or a loopback address. */
  production: boolean;
};

const LOOPBACK = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/** Whether the portal's public address is a real deployment's (NODE_ENV does not decide it). */
export function isProductionUrl(appUrl: string): boolean {
  const url = new URL(appUrl);
  return url.protocol === "https:" && !LOOPBACK.test(url.hostname);
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "configuration");
    const received = source[name];
    const shown = received === undefined ? "it is not set" : `got "${redact(name, received)}"`;
    throw new AppError("CONFIG", `Configuration error: ${name} ${issue?.message ?? "is invalid"} (${shown}).`);
  }
  const value = result.data;
  const appUrl = (value.APP_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, "");
  const production = isProductionUrl(appUrl);
  if (production && (!value.AUTH_SECRET || value.AUTH_SECRET.length < 32)) {
    throw new AppError(
      "CONFIG",
      `Configuration error: AUTH_SECRET must be set to 32 or more random characters in production (APP_URL is ${appUrl}).`,
    );
  }
  if (production && value.INITIAL_ADMIN_PASSWORD) {
    throw new AppError(
      "CONFIG",
      "Configuration error: INITIAL_ADMIN_PASSWORD must be empty in production: a shared initial password lets anyone who knows a tenant's address and contact email sign in first.",
    );
  }
  if (production && !value.ENCRYPTION_KEYS) {
    throw new AppError(
      "CONFIG",
      `Configuration error: ENCRYPTION_KEYS must be set in production (APP_URL is ${appUrl}); keep it where backups of the landlord database are not.`,
    );
  }
  const inngestConfigured = Boolean(value.INNGEST_EVENT_KEY || value.INNGEST_DEV);
  return {
    ...value,
    INNGEST_DEV: value.INNGEST_DEV ?? false,
    APP_URL: appUrl,
    WORKFLOW_DRIVER: value.WORKFLOW_DRIVER ?? (inngestConfigured ? "inngest" : "inline"),
    PLATFORM_REQUIRE_2FA: value.PLATFORM_REQUIRE_2FA ?? production,
    production,
  };
}

function redact(name: string, value: string): string {
  if (/SECRET|PASSWORD|KEY|TOKEN/.test(name)) return "***";
  if (name.endsWith("DATABASE_URL")) return value.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
  return value;
}

let cached: Env | undefined;

/** The validated configuration of this process, read once on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between files; this makes env() read it again. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Command-line scripts: reads .env and .env.local the way Next does, before the configuration is first used. */
export function loadEnvFiles(dir = process.cwd()): void {
  nextEnv.loadEnvConfig(dir, process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });
  resetEnvCache();
}

/**
 * Sets variables for this process and every process it starts (the scripts
 * that prepare and launch the portal), then validates the configuration again.
 */
export function setEnv(values: Record<string, string | undefined>): Env {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
  return env();
}

/** The environment a child process gets: this one's, with `extra` on top. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

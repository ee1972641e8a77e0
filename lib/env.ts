// Configuration: every variable of the spec, validated once. A missing or
// malformed value stops the process with one line naming it.
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
  INITIAL_ADMIN_PASSWORD: z.string().min(8).default("Start1234!"),
  PLATFORM_ADMIN_EMAIL: z.email().default("admin@example.com"),
  PLATFORM_ADMIN_PASSWORD: optional.pipe(z.string().min(12).optional()),
  // Beyond the spec's list: the knobs that bound connections and work.
  LANDLORD_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  TENANT_CLIENT_CACHE_SIZE: z.coerce.number().int().min(1).max(10_000).default(40),
  TENANT_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  TENANT_CLIENT_IDLE_SECONDS: z.coerce.number().int().min(1).default(60),
  PROVISIONING_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  SETUP_TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(10),
  // Proxies in front of the portal that append to x-forwarded-for.
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
});

export type Env = Omit<z.infer<typeof schema>, "APP_URL" | "WORKFLOW_DRIVER" | "INNGEST_DEV"> & {
  APP_URL: string;
  WORKFLOW_DRIVER: "inline" | "inngest";
  INNGEST_DEV: boolean;
};

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
  if (value.NODE_ENV === "production" && (!value.AUTH_SECRET || value.AUTH_SECRET.length < 32)) {
    throw new AppError(
      "CONFIG",
      "Configuration error: AUTH_SECRET must be set to 32 or more random characters in production.",
    );
  }
  const inngestConfigured = Boolean(value.INNGEST_EVENT_KEY || value.INNGEST_DEV);
  return {
    ...value,
    INNGEST_DEV: value.INNGEST_DEV ?? false,
    APP_URL: (value.APP_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ""),
    WORKFLOW_DRIVER: value.WORKFLOW_DRIVER ?? (inngestConfigured ? "inngest" : "inline"),
  };
}

function redact(name: string, value: string): string {
  if (/SECRET|PASSWORD|KEY/.test(name)) return "***";
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

// The `tenants` command line: parses argv, runs one command of
// lib/operations and prints its result. `main` returns the exit status
// (0 fine, 1 a problem found or refused, 2 a usage error), so tests call it
// directly with an output sink of their own.
import os from "node:os";
import { parseArgs } from "node:util";
import { isAppError } from "@/lib/errors";
import { DEFAULT_MIGRATE_CONCURRENCY } from "@/lib/operations/migrate";
import type { Actor } from "@/lib/platform/audit";
import { type Command, UsageError, type Values } from "./command";
import { cleanupCommand } from "./commands/cleanup";
import { diskUsageCommand } from "./commands/disk-usage";
import { healthCheckCommand } from "./commands/health-check";
import { listCommand } from "./commands/list";
import { migrateCommand } from "./commands/migrate";
import { migrateStatusCommand } from "./commands/migrate-status";
import { reissueLinkCommand } from "./commands/reissue-link";
import { resetCommand } from "./commands/reset";
import { rotateKeysCommand } from "./commands/rotate-keys";
import { activateCommand, suspendCommand } from "./commands/suspension";
import { type Io, println } from "./output";

export const USAGE = `Usage: npm run tenants -- <command> [options]

Commands:
  list [--status active|inactive|suspended] [--json]
      every tenant: slug, name, database, status, created
  health-check [--slug S] [--json]
      database reachable, every migration applied, initial admin present; exit 1 on any problem
  migrate [--slug S] [--concurrency N] [--json]
      apply pending tenant migrations to every tenant database (${DEFAULT_MIGRATE_CONCURRENCY} at a time by default);
      a failed tenant is reported and the others go on; exit 1 if any failed
  migrate:status [--slug S] [--json]
      applied and pending migrations and drift per tenant; exit 1 unless all are up to date
  disk-usage [--json]
      data and index size per tenant database, largest first, and the total
  cleanup --failed-only [--yes] [--json]
      list what failed provisioning runs left behind; with --yes, remove it
  reset --force
      development only: drop every tenant database and tenant row
  suspend <slug>
      suspend a tenant: its users can no longer sign in
  activate <slug>
      make a suspended tenant active again
  reissue-link <slug> [--email E]
      a new setup link and initial password for an active admin of the tenant, sent to their stored email;
      earlier links, passwords and sessions stop working
  keys:rotate
      re-encrypt every secret kept at rest under the current key (the first of ENCRYPTION_KEYS)
`;

/** A bad command line: usage message and exit status 2. */

const COMMANDS: Record<string, Command> = {
  list: listCommand,
  "health-check": healthCheckCommand,
  migrate: migrateCommand,
  "migrate:status": migrateStatusCommand,
  "disk-usage": diskUsageCommand,
  cleanup: cleanupCommand,
  reset: resetCommand,
  suspend: suspendCommand,
  activate: activateCommand,
  "reissue-link": reissueLinkCommand,
  "keys:rotate": rotateKeysCommand,
};

export interface MainOptions {
  /** Runs once the command line is known to be valid, before the command (the script loads configuration here). */
  prepare?: () => void | Promise<void>;
  /** Defaults to the operator's login name. */
  actor?: Actor;
}

export async function main(argv: readonly string[], io: Io, options: MainOptions = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(USAGE);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  let parsed: { values: Values; positionals: string[] };
  try {
    if (name === undefined) throw new UsageError("no command given");
    if (!command) throw new UsageError(`unknown command "${name}"`);
    parsed = parse(name, command, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    println(io.stderr, `tenants: ${error.message}`);
    println(io.stderr);
    io.stderr.write(USAGE);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    await options.prepare?.();
    return await command.run({ ...parsed, io, actor: options.actor ?? operator() });
  } catch (error) {
    // Input the domain refused (a malformed option value) is a usage error too.
    if (error instanceof UsageError || isAppError(error, "INVALID_INPUT")) {
      println(io.stderr, `tenants ${name}: ${(error as Error).message}`);
      println(io.stderr);
      io.stderr.write(USAGE);
      return 2;
    }
    if (isAppError(error)) {
      println(io.stderr, `✖ ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function parse(name: string, command: Command, args: string[]): { values: Values; positionals: string[] } {
  let result: { values: Values; positionals: string[] };
  try {
    result = parseArgs({
      args,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    // node:util reports unknown options, missing values and the like as TypeErrors with ERR_PARSE_ARGS_* codes.
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(`${name}: ${(error as Error).message.split(". To specify")[0]}`);
    }
    throw error;
  }
  if (result.values.help) return result;
  if (result.positionals.length !== command.positionals) {
    throw new UsageError(
      command.positionals === 0
        ? `${name} takes no arguments (got "${result.positionals.join(" ")}")`
        : `${name} takes exactly one tenant slug`,
    );
  }
  return result;
}

function operator(): Actor {
  let label = "operator";
  try {
    label = os.userInfo().username || label;
  } catch {
    // no passwd entry for this uid (some containers)
  }
  return { type: "operator", label };
}

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
import { adminsCreateCommand, adminsResetPasswordCommand, adminsResetTwoFactorCommand } from "./commands/admins";
import { backupCommand, backupListCommand } from "./commands/backup";
import { backupDecryptCommand } from "./commands/backup-decrypt";
import { backupPruneCommand, backupVerifyCommand } from "./commands/backup-verify";
import { cleanupCommand } from "./commands/cleanup";
import { closeApplicationCommand } from "./commands/close-application";
import { credentialsProvisionCommand, credentialsResetCommand } from "./commands/credentials";
import { deleteCommand, purgeCommand, undeleteCommand } from "./commands/deletion";
import { diskUsageCommand } from "./commands/disk-usage";
import { healthCheckCommand } from "./commands/health-check";
import { listCommand } from "./commands/list";
import { maintenanceCommand } from "./commands/maintenance";
import { markRolledBackCommand } from "./commands/mark-rolled-back";
import { migrateCommand } from "./commands/migrate";
import { migrateStatusCommand } from "./commands/migrate-status";
import { drainCommand, moveCommand } from "./commands/move";
import { reissueLinkCommand } from "./commands/reissue-link";
import { resetCommand } from "./commands/reset";
import { restoreCommand, restoreDropPreviousCommand } from "./commands/restore";
import { rotateKeysCommand } from "./commands/rotate-keys";
import {
  serversAddCommand,
  serversCordonCommand,
  serversDrainCommand,
  serversListCommand,
  serversRemoveCommand,
  serversUncordonCommand,
} from "./commands/servers";
import { activateCommand, suspendCommand } from "./commands/suspension";
import { type Io, println } from "./output";

export const USAGE = `Usage: npm run tenants -- <command> [options]

Commands:
  list [--status active|inactive|suspended] [--json]
      every tenant: slug, name, database, status, created
  health-check [--slug S] [--json]
      database reachable, every migration applied, initial admin present; exit 1 on any problem;
      then refreshes the console's snapshots of the tenants it checked
  migrate [--slug S] [--concurrency N] [--json]
      apply pending tenant migrations to every tenant database (${DEFAULT_MIGRATE_CONCURRENCY} at a time by default);
      a failed tenant is reported and the others go on; exit 1 if any failed
  migrate:status [--slug S] [--json]
      applied and pending migrations and drift per tenant; exit 1 unless all are up to date
  disk-usage [--json]
      data and index size per tenant database, largest first, and the total; then refreshes the console's snapshots
  cleanup --failed-only [--yes] [--json]
      list what failed provisioning runs left behind on every server (databases, database users, tenant rows);
      with --yes, remove it; a server that does not answer is reported and the others cleaned (exit 1)
  reset --force
      development only: drop every tenant database and tenant row
  suspend <slug> [--reason R]
      suspend a tenant: its users are signed out at once and can no longer sign in
  activate <slug> [--reason R]
      make a suspended tenant active again
  maintenance <slug> on|off [--message M] [--until ISO] [--reason R]
      on: an admin's maintenance hold (its pages answer 503 with the message, sign-in is paused) until ISO
      or until ended; off: end the admins' holds (a restore's or a move's stays until its work is done)
  migrate:mark-rolled-back <slug> <migration> [--reason R]
      after repairing a tenant database, mark its failed migration rolled back so \`migrate\` applies it again
  reissue-link <slug> [--email E]
      a new setup link and initial password for an active admin of the tenant, sent to their stored email;
      earlier links, passwords and sessions stop working
  close-application <reference|id> --reason R
      give up on an application whose provisioning failed: its slug is released and the applicant emailed R
  keys:rotate
      re-encrypt every secret kept at rest under the current key (the first of ENCRYPTION_KEYS)
  backup <slug> | --all [--concurrency N] | --landlord [--json]
      a consistent, compressed, encrypted backup under BACKUP_DIR, with its manifest;
      --all: every tenant (a failed tenant is reported and the others go on; exit 1 if any failed)
  backup:list <slug> | --landlord [--json]
      a tenant's (or the landlord's) backups: status, verification, size, rows, file
  backup:verify <slug> | --all | --landlord [--backup ID] [--concurrency N] [--json]
      restore the newest (or the given) backup into a scratch database and compare it with its manifest;
      a backup that fails is marked so and never counts as good; exit 1 if any failed
  backup:prune [--dry-run] [--json]
      retention: keep each tenant's last BACKUP_KEEP_LAST good backups and all younger than BACKUP_KEEP_DAYS
  backup:decrypt --file PATH [--out PATH]
      a backup file as plain SQL (needs only the file, its manifest and the keyring), for the mariadb client
  restore <slug> [--backup ID|PATH | --file PATH] [--as NEW_SLUG] [--drop-previous] [--reason R]
      restore the newest good (or the given) backup into a new database, verify it, migrate it forward and
      switch the tenant to it (the old database kept unless --drop-previous); --as: side by side, inactive
  restore:drop-previous <slug>
      drop the databases kept by earlier restores
  delete <slug> [--yes] [--reason R]
      back up and verify, then suspend, sign out and mark deleted for TENANT_DELETE_GRACE_DAYS (nothing dropped)
  undelete <slug> [--reason R]
      bring a deleted tenant back as it was, until it is purged
  purge [--dry-run] [--release-slug] [--json]
      drop the databases and database users (on every server) of tenants deleted longer ago than their grace
      period, keeping their final backup;
      --release-slug also frees their slugs; safe to run again
  admins:create <email> [--role owner|reviewer|viewer]
      a new platform admin (a viewer unless --role says otherwise); prints a generated password once
  admins:reset-password <email>
      a new generated password for a platform admin, printed once; re-enables the admin and ends their sessions
  admins:reset-2fa <email>
      turn a platform admin's two-factor sign-in off (a lost authenticator); ends their sessions
  servers:list [--refresh] [--json]
      the database servers: state, tenants against capacity, weight, databases, tables, data, connections,
      open files and table cache against their limits, with warnings; --refresh reads the figures first
  servers:add <name> --url mysql://admin[:password]@host:port [--password-stdin] [--capacity N] [--weight N]
      register a server after checking its admin may create databases and users (--password-stdin: the
      admin password from standard input, so it is not in your shell history)
  servers:cordon <name> [--reason R] | servers:uncordon <name>
      stop (or resume) placing new tenants on a server; its tenants stay
  servers:drain <name> | drain <name> [--concurrency N] [--drop-source] [--json]
      move every tenant off a server, a few at a time, each to the active server with the most headroom
  servers:remove <name> [--reason R]
      forget a server that holds no tenant, database or user of ours
  move <slug> --to <server> [--drop-source] [--reason R] [--json]
      copy a tenant's database to another server, verify it table by table, switch the tenant to it in one
      update (in maintenance meanwhile); the source is kept as \`source\` unless --drop-source
  credentials:provision [<slug>]
      give every tenant without one a database user of its own (idempotent)
  credentials:reset <slug> | --all [--reason R]
      new database credentials without downtime: the idle user of the pair gets a new password, the tenant
      switches to it, the other is locked
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
  maintenance: maintenanceCommand,
  "migrate:mark-rolled-back": markRolledBackCommand,
  "reissue-link": reissueLinkCommand,
  "close-application": closeApplicationCommand,
  "keys:rotate": rotateKeysCommand,
  backup: backupCommand,
  "backup:list": backupListCommand,
  "backup:verify": backupVerifyCommand,
  "backup:prune": backupPruneCommand,
  "backup:decrypt": backupDecryptCommand,
  restore: restoreCommand,
  "restore:drop-previous": restoreDropPreviousCommand,
  delete: deleteCommand,
  undelete: undeleteCommand,
  purge: purgeCommand,
  "admins:create": adminsCreateCommand,
  "admins:reset-password": adminsResetPasswordCommand,
  "admins:reset-2fa": adminsResetTwoFactorCommand,
  "servers:list": serversListCommand,
  "servers:add": serversAddCommand,
  "servers:cordon": serversCordonCommand,
  "servers:uncordon": serversUncordonCommand,
  "servers:drain": serversDrainCommand,
  "servers:remove": serversRemoveCommand,
  "credentials:provision": credentialsProvisionCommand,
  "credentials:reset": credentialsResetCommand,
  move: moveCommand,
  drain: drainCommand,
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
  const fewest = command.minPositionals ?? command.positionals;
  if (result.positionals.length < fewest || result.positionals.length > command.positionals) {
    throw new UsageError(
      command.positionals === 0
        ? `${name} takes no arguments (got "${result.positionals.join(" ")}")`
        : `${name} takes exactly one ${command.argument ?? "tenant slug"}`,
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

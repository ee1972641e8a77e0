// `tenants delete <slug> [--yes] [--reason R]`, `tenants undelete <slug>`, `tenants purge [--dry-run] [--release-slug]`.
import { env } from "@/lib/env";
import { deleteTenant, undeleteTenant } from "@/lib/operations/delete-tenant";
import { type PurgeEntry, purgeTenants } from "@/lib/operations/purge-tenants";
import { type Command, type Context, json, str } from "../command";
import { formatDate, printJson, println } from "../output";

async function remove({ values, positionals: [slug = ""], io, actor }: Context): Promise<number> {
  if (!values.yes) {
    println(
      io.stdout,
      `Deleting ${slug} takes a backup and verifies it, then suspends the tenant, signs its users out and marks it ` +
        `deleted; it can be undeleted for ${env().TENANT_DELETE_GRACE_DAYS} days, after which \`tenants purge\` drops its database.`,
    );
    println(io.stdout, `Nothing was changed. Re-run with --yes to delete ${slug}.`);
    return 0;
  }
  const result = await deleteTenant(slug, { actor, confirmation: slug, reason: str(values, "reason") });
  if (values.json) printJson(io.stdout, result);
  else {
    println(
      io.stdout,
      `Tenant ${result.slug} is deleted (was ${result.previousStatus}): backup ${result.backupId} verified, ` +
        `${result.sessionsRevoked} session(s) ended. Undelete it until ${formatDate(result.purgeAfter)} UTC; purge drops it after that.`,
    );
  }
  return 0;
}

export const deleteCommand: Command = {
  options: { yes: { type: "boolean" }, reason: { type: "string" }, ...json },
  positionals: 1,
  run: remove,
};

async function undelete({ values, positionals: [slug = ""], io, actor }: Context): Promise<number> {
  const result = await undeleteTenant(slug, { actor, reason: str(values, "reason") });
  println(
    io.stdout,
    `Tenant ${result.slug} is back, ${result.status}${result.afterGracePeriod ? " (its grace period had ended; purge had not run)" : ""}. Its users sign in again.`,
  );
  return 0;
}

export const undeleteCommand: Command = { options: { reason: { type: "string" } }, positionals: 1, run: undelete };

/** "tenant_a, tenant_b and user t_…_a on primary; tenant_a on second" */
function onServers(e: PurgeEntry): string {
  const each = e.servers.map((s) => {
    const users = s.users.length > 0 ? [`${s.users.length === 1 ? "user" : "users"} ${s.users.join(", ")}`] : [];
    return `${[s.databases.join(", "), ...users].filter(Boolean).join(" and ")} on ${s.server}`;
  });
  return each.join("; ") || "nothing";
}

function describeEntry(e: PurgeEntry): string {
  switch (e.outcome) {
    case "would-purge":
      return `${e.slug}: would drop ${onServers(e)}; final backup ${e.backupId} kept`;
    case "purged":
      return `${e.slug}: dropped ${onServers(e)}; final backup ${e.backupId} kept${e.slugReleased ? "; slug released" : ""}`;
    case "slug-released":
      return `${e.slug}: slug released`;
    case "failed":
      return `${e.slug}: FAILED: ${e.reason}`;
  }
}

async function purge({ values, io, actor }: Context): Promise<number> {
  const entries = await purgeTenants({
    actor,
    dryRun: Boolean(values["dry-run"]),
    releaseSlug: Boolean(values["release-slug"]),
  });
  if (values.json) printJson(io.stdout, entries);
  else if (entries.length === 0) println(io.stdout, "No deleted tenant is past its grace period.");
  else for (const e of entries) println(io.stdout, `${e.outcome === "failed" ? "✖" : "-"} ${describeEntry(e)}`);
  if (values["dry-run"] && !values.json && entries.length > 0) println(io.stdout, "Nothing was changed (--dry-run).");
  return entries.some((e) => e.outcome === "failed") ? 1 : 0;
}

export const purgeCommand: Command = {
  options: { "dry-run": { type: "boolean" }, "release-slug": { type: "boolean" }, ...json },
  positionals: 0,
  run: purge,
};

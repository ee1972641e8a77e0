// `tenants credentials:provision [<slug>]` and `tenants credentials:reset <slug|--all>`.
import { provisionCredentials, resetAllCredentials, resetCredentials } from "@/lib/operations/credentials";
import { type Command, type Context, json, str, UsageError } from "../command";
import { plural, printJson, println } from "../output";
import { progress } from "../progress";

async function provision({ values, positionals: [slug], io, actor }: Context): Promise<number> {
  const changes = await provisionCredentials(actor, slug);
  if (values.json) {
    printJson(io.stdout, changes);
    return 0;
  }
  const made = changes.filter((c) => c.changed);
  for (const c of made) println(io.stdout, `${c.slug}: now signs in as ${c.user}`);
  println(
    io.stdout,
    made.length > 0
      ? `${plural(made.length, "tenant")} got a database user of its own.`
      : "Every tenant has a database user of its own already.",
  );
  return 0;
}

export const credentialsProvisionCommand: Command = {
  options: { ...json },
  positionals: 1,
  minPositionals: 0,
  run: provision,
};

async function reset({ values, positionals: [slug], io, actor }: Context): Promise<number> {
  const all = Boolean(values.all);
  if (all === (slug !== undefined)) throw new UsageError("credentials:reset takes a tenant slug or --all");
  const reason = str(values, "reason");
  if (!all) {
    const change = await resetCredentials(slug as string, actor, reason);
    if (values.json) printJson(io.stdout, change);
    else
      println(
        io.stdout,
        `${change.slug}: switched to ${change.user} with a new password; the previous user is locked.`,
      );
    return 0;
  }
  let bar: ReturnType<typeof progress> | undefined;
  const { reset: done, failed } = await resetAllCredentials(actor, {
    reason,
    onStart: (total) => {
      if (!values.json) bar = progress(io.stdout, total, "tenants");
    },
    onResult: (each, error) => bar?.tick(error ? `${each}: FAILED` : `${each}: new credentials`),
  });
  bar?.done();
  if (values.json) {
    printJson(io.stdout, { reset: done, failed });
  } else {
    println(io.stdout, `${plural(done.length, "tenant")} got new database credentials, ${failed.length} failed.`);
    for (const f of failed) println(io.stdout, `✖ ${f.slug}: ${f.reason}`);
  }
  return failed.length > 0 ? 1 : 0;
}

export const credentialsResetCommand: Command = {
  options: { all: { type: "boolean" }, reason: { type: "string" }, ...json },
  positionals: 1,
  minPositionals: 0,
  run: reset,
};

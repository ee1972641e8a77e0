// `tenants move <slug> --to <server> [--drop-source]` and `tenants drain <server>`.
import type { DrainResult } from "@/lib/operations/drain-server";
import { drainServer } from "@/lib/operations/drain-server";
import { moveTenant } from "@/lib/operations/move-tenant";
import { type Command, type Context, json, str, UsageError } from "../command";
import { plural, printJson, println } from "../output";
import { progress } from "../progress";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function move({ values, positionals: [slug = ""], io, actor }: Context): Promise<number> {
  const to = str(values, "to");
  if (!to) throw new UsageError("move needs --to <server>");
  const result = await moveTenant(slug, to, actor, {
    reason: str(values, "reason"),
    dropSource: Boolean(values["drop-source"]),
    throttleMs: Number(str(values, "throttle-ms") ?? 0) || undefined,
  });
  if (values.json) {
    printJson(io.stdout, result);
    return 0;
  }
  println(
    io.stdout,
    `Moved ${result.slug} from ${result.from} to ${result.to}: ${plural(result.rows, "row")} copied and verified in ` +
      `${seconds(result.durationMs)}; in maintenance for ${seconds(result.unavailableMs)}.`,
  );
  println(
    io.stdout,
    result.sourceDropped
      ? `Its database on ${result.from} was dropped.`
      : `Its database on ${result.from} is kept (catalogued as source) until \`tenants purge\` or a move with --drop-source.`,
  );
  return 0;
}

export const moveCommand: Command = {
  options: {
    to: { type: "string" },
    "drop-source": { type: "boolean" },
    reason: { type: "string" },
    // Hidden: a pause after every batch copied, so tests can kill a move half way.
    "throttle-ms": { type: "string" },
    ...json,
  },
  positionals: 1,
  run: move,
};

function describeDrain(r: DrainResult): string {
  return r.outcome === "moved"
    ? `${r.slug} → ${r.to} (${seconds(r.move?.unavailableMs ?? 0)} in maintenance)`
    : `${r.slug}: FAILED: ${r.reason}`;
}

async function drain({ values, positionals: [name = ""], io, actor }: Context): Promise<number> {
  const concurrency = Number(str(values, "concurrency") ?? "2");
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 16 (got "${str(values, "concurrency")}")`);
  }
  const asJson = Boolean(values.json);
  let bar: ReturnType<typeof progress> | undefined;
  const results = await drainServer(name, actor, {
    concurrency,
    dropSource: Boolean(values["drop-source"]),
    onStart: (total) => {
      if (asJson) return;
      println(io.stdout, `Draining ${name}: moving ${plural(total, "tenant")} off, ${concurrency} at a time.`);
      if (total > 0) bar = progress(io.stdout, total, "tenants");
    },
    onResult: (result) => bar?.tick(describeDrain(result)),
  });
  bar?.done();
  const failed = results.filter((r) => r.outcome === "failed");
  if (asJson) {
    printJson(io.stdout, results);
    return failed.length > 0 ? 1 : 0;
  }
  println(io.stdout, `${plural(results.length - failed.length, "tenant")} moved, ${failed.length} failed.`);
  for (const r of failed) println(io.stdout, `✖ ${describeDrain(r)}`);
  if (failed.length === 0)
    println(io.stdout, `${name} holds no tenants now; \`tenants servers:remove ${name}\` once purged.`);
  return failed.length > 0 ? 1 : 0;
}

export const drainCommand: Command = {
  options: { concurrency: { type: "string" }, "drop-source": { type: "boolean" }, ...json },
  positionals: 1,
  argument: "server name",
  run: drain,
};

// `tenants migrate:mark-rolled-back <slug> <migration> [--reason R]`.
import { markMigrationRolledBack } from "@/lib/operations/mark-rolled-back";
import { type Command, type Context, str } from "../command";
import { println } from "../output";

async function markRolledBack({ positionals: [slug = "", migration = ""], values, io, actor }: Context) {
  const result = await markMigrationRolledBack(slug, migration, actor, { reason: str(values, "reason") });
  println(io.stdout, `Marked ${result.migration} rolled back in ${result.database} (${result.slug}).`);
  println(io.stdout, `The next \`tenants migrate --slug ${result.slug}\` applies it again.`);
  return 0;
}

export const markRolledBackCommand: Command = {
  options: { reason: { type: "string" } },
  positionals: 2,
  argument: "tenant slug, then the migration's name",
  run: markRolledBack,
};

// `tenants suspend <slug>` / `tenants activate <slug>`.

import { activateTenant, type StatusChange, suspendTenant } from "@/lib/operations/suspension";
import type { Actor } from "@/lib/platform/audit";
import type { Command, Context } from "../command";
import { println } from "../output";

async function statusChange(
  change: (slug: string, actor: Actor) => Promise<StatusChange>,
  { positionals: [slugArg], io, actor }: Context,
): Promise<number> {
  const result = await change(slugArg ?? "", actor);
  println(
    io.stdout,
    result.changed
      ? `Tenant ${result.slug} is now ${result.to} (was ${result.from}).`
      : `Tenant ${result.slug} is already ${result.to}; nothing changed.`,
  );
  return 0;
}

export const suspendCommand: Command = { options: {}, positionals: 1, run: (ctx) => statusChange(suspendTenant, ctx) };
export const activateCommand: Command = {
  options: {},
  positionals: 1,
  run: (ctx) => statusChange(activateTenant, ctx),
};

// `tenants suspend <slug> [--reason R]` / `tenants activate <slug> [--reason R]`.

import { activateTenant, type StatusChange, type StatusOptions, suspendTenant } from "@/lib/operations/suspension";
import type { Actor } from "@/lib/platform/audit";
import { type Command, type Context, str } from "../command";
import { println } from "../output";

async function statusChange(
  change: (slug: string, actor: Actor, options: StatusOptions) => Promise<StatusChange>,
  { positionals: [slugArg], values, io, actor }: Context,
): Promise<number> {
  const result = await change(slugArg ?? "", actor, { reason: str(values, "reason") });
  println(
    io.stdout,
    result.changed
      ? `Tenant ${result.slug} is now ${result.to} (was ${result.from}).`
      : `Tenant ${result.slug} is already ${result.to}; nothing changed.`,
  );
  if (result.sessionsRevoked) println(io.stdout, `Signed out ${result.sessionsRevoked} open session(s).`);
  if (result.sessionsRevoked === null) {
    println(io.stdout, "Its open sessions could not be ended in its database; the suspension refuses them anyway.");
  }
  return 0;
}

const options = { reason: { type: "string" } } as const;

export const suspendCommand: Command = { options, positionals: 1, run: (ctx) => statusChange(suspendTenant, ctx) };
export const activateCommand: Command = { options, positionals: 1, run: (ctx) => statusChange(activateTenant, ctx) };

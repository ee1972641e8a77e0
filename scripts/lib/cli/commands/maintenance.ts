// `tenants maintenance <slug> on|off [--message M] [--until ISO] [--reason R]`:
// an admin's maintenance hold, as the console places and ends it.
import { describeHold, endMaintenance, startMaintenance } from "@/lib/operations/tenant-maintenance";
import { type Command, type Context, str, UsageError } from "../command";
import { println } from "../output";

function until(values: Context["values"]): Date | null {
  const value = str(values, "until");
  if (value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`--until must be a date and time such as 2026-12-01T18:00Z (got "${value}")`);
  }
  return date;
}

async function maintenance({ positionals: [slug = "", mode = ""], values, io, actor }: Context): Promise<number> {
  const reason = str(values, "reason");
  if (mode === "on") {
    const hold = await startMaintenance(
      slug,
      { message: str(values, "message"), endsAt: until(values), reason },
      actor,
    );
    const end = hold.endsAt ? `until ${hold.endsAt.toISOString()}` : "until it is ended with `maintenance <slug> off`";
    println(io.stdout, `Tenant ${slug.toLowerCase()} is in maintenance now, ${end} (hold ${hold.id}).`);
    println(io.stdout, "Its pages answer 503 with the message, and signing in is paused.");
    return 0;
  }
  if (mode === "off") {
    if (values.message !== undefined || values.until !== undefined) {
      throw new UsageError("maintenance off takes no --message or --until");
    }
    const result = await endMaintenance(slug, { reason }, actor);
    println(io.stdout, `Ended ${result.ended} maintenance hold(s) of ${result.slug}.`);
    if (result.remaining.length === 0) println(io.stdout, `Tenant ${result.slug} is out of maintenance.`);
    for (const hold of result.remaining) println(io.stdout, `Still in maintenance: held by ${describeHold(hold)}.`);
    return 0;
  }
  throw new UsageError(`maintenance takes on or off after the tenant slug (got "${mode}")`);
}

export const maintenanceCommand: Command = {
  options: { message: { type: "string" }, until: { type: "string" }, reason: { type: "string" } },
  positionals: 2,
  argument: "tenant slug, then on or off",
  run: maintenance,
};

// After `health-check` and `disk-usage`: the console's tenant snapshots are
// refreshed too, so what the operator just saw is what the console shows. A
// failure here is said on stderr and changes neither the output nor the exit status.
import { describeError } from "@/lib/errors";
import { refreshSnapshots } from "@/lib/operations/tenant-snapshots";
import { type Io, println } from "../output";

export async function refreshConsoleSnapshots(io: Io, options: { slug?: string; dir?: string } = {}): Promise<void> {
  try {
    await refreshSnapshots(options);
  } catch (error) {
    println(io.stderr, `(the console's tenant snapshots could not be refreshed: ${describeError(error)})`);
  }
}

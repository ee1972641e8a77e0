// `tenants keys:rotate`: every secret at rest re-sealed under the current key.
import { rotateKeys } from "@/lib/operations/rotate-keys";
import type { Command } from "../command";
import { println } from "../output";

export const rotateKeysCommand: Command = {
  options: {},
  positionals: 0,
  async run({ io, actor }) {
    const report = await rotateKeys(actor);
    for (const c of report.columns) println(io.stdout, `${c.table}.${c.column}: ${c.resealed} re-sealed`);
    println(io.stdout, `Every sealed value is now under key "${report.keyId}"; older keys can be removed.`);
    return 0;
  },
};

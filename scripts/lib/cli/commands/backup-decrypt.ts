// `tenants backup:decrypt --file PATH [--out PATH]`: a backup file as plain SQL,
// opened with only its manifest and the keyring. For loading with the mariadb
// client, and for the landlord database's own recovery (see the README).
import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sqlOfFile } from "@/lib/operations/backups/download";
import { type Command, type Context, str, UsageError } from "../command";
import { println } from "../output";

async function decrypt({ values, io, actor }: Context): Promise<number> {
  const file = str(values, "file");
  if (!file) throw new UsageError("backup:decrypt needs --file PATH (the backup file; its manifest beside it)");
  const out = str(values, "out");
  const { manifest, stream } = await sqlOfFile(file, actor);
  if (out) {
    await pipeline(stream, createWriteStream(out, { flags: "wx" }));
    const what = manifest.tenant ? `tenant ${manifest.tenant.slug}` : "the landlord database";
    println(
      io.stdout,
      `Wrote ${out}: the SQL of backup ${manifest.id} of ${what}. Load it with \`mariadb <database> < ${out}\`.`,
    );
    return 0;
  }
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      io.stdout.write(chunk.toString("utf8"));
      done();
    },
  });
  await pipeline(stream, sink);
  return 0;
}

export const backupDecryptCommand: Command = {
  options: { file: { type: "string" }, out: { type: "string" } },
  positionals: 0,
  run: decrypt,
};

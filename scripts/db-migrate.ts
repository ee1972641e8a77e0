// `npm run db:migrate`: migrates the landlord database.
//   --status                 show applied, pending, changed and failed migrations
//   --rolled-back <name>     mark a failed migration rolled back so it runs again
import { LANDLORD_MIGRATIONS, markRolledBack, migrationStatus } from "@/lib/db/migrator";
import { prepareLandlordDatabase } from "@/lib/db/prepare";
import { landlordDatabase } from "@/lib/db/server";
import { boot, run } from "./lib/boot";

run(async () => {
  boot();
  const args = process.argv.slice(2);
  const { database, ...server } = landlordDatabase();
  if (args[0] === "--status") {
    const status = await migrationStatus(server, database, LANDLORD_MIGRATIONS);
    console.log(JSON.stringify(status, null, 2));
    return status.pending.length + status.changed.length + status.failed.length > 0 ? 1 : 0;
  }
  if (args[0] === "--rolled-back") {
    const name = args[1];
    if (!name) {
      console.error("usage: npm run db:migrate -- --rolled-back <migration name>");
      return 2;
    }
    const done = await markRolledBack(server, database, name);
    console.log(done ? `Marked ${name} rolled back; the next run applies it again.` : `No failed migration ${name}.`);
    return done ? 0 : 1;
  }
  if (args.length > 0) {
    console.error("usage: npm run db:migrate [-- --status | --rolled-back <name>]");
    return 2;
  }
  await prepareLandlordDatabase({ log: (line) => console.log(line) });
});

// A backup as plain SQL, decrypted and decompressed, for the `mariadb` client.
// It holds every secret the tenant's database does (password hashes,
// sessions): owners only (../owner-download.ts), and each download is audited
// by the lib before the first byte leaves.
import { platformActor } from "@/lib/auth/actor";
import { backupSqlStream } from "@/lib/operations/backups/download";
import { attachment, type BackupRouteContext, ownerDownload } from "../owner-download";

export const dynamic = "force-dynamic";

export function GET(_request: Request, context: BackupRouteContext) {
  return ownerDownload(context, async (slug, id, session) => {
    const sql = await backupSqlStream(id, await platformActor(session), { slug });
    return attachment(sql.stream, { name: sql.fileName, type: "application/sql; charset=utf-8" });
  });
}

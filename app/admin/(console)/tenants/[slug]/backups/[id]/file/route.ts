// A backup file as stored: still encrypted, byte for byte. With its manifest
// (../manifest) beside it, `tenants restore --file` restores it anywhere the
// keyring is. Owners only (../owner-download.ts).
import { backupDownload } from "@/lib/operations/backups/download";
import { attachment, type BackupRouteContext, ownerDownload } from "../owner-download";

export const dynamic = "force-dynamic";

export function GET(_request: Request, context: BackupRouteContext) {
  return ownerDownload(context, async (slug, id) => {
    const download = await backupDownload(id, { slug });
    return attachment(download.stream(), { name: download.fileName, type: "application/octet-stream" });
  });
}

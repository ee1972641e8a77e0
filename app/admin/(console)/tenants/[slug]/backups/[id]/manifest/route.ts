// A backup's manifest, named to sit beside its file (`<file>.manifest.json`,
// where `tenants restore --file` looks for it). Owners only (../owner-download.ts).
import { backupDownload } from "@/lib/operations/backups/download";
import { attachment, type BackupRouteContext, ownerDownload } from "../owner-download";

export const dynamic = "force-dynamic";

export function GET(_request: Request, context: BackupRouteContext) {
  return ownerDownload(context, async (slug, id) => {
    const download = await backupDownload(id, { slug });
    return attachment(download.manifest, {
      name: `${download.fileName}.manifest.json`,
      type: "application/json; charset=utf-8",
    });
  });
}

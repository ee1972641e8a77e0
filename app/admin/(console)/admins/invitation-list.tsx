// Invitations not yet used, withdrawn or expired: each link still works.
import { formatDateTime } from "@/components/data-table/format";
import { Card, CardTitle } from "@/components/ui/card";
import { type PlatformRole, ROLE_LABELS } from "@/lib/platform/permissions";
import { WithdrawButton } from "./withdraw-button";

interface Invitation {
  id: string;
  email: string;
  name: string;
  role: PlatformRole;
  expiresAt: Date;
}

export function InvitationList({ invitations }: { invitations: Invitation[] }) {
  return (
    <Card className="space-y-4">
      <CardTitle>Open invitations</CardTitle>
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">None.</p>
      ) : (
        <ul aria-label="Open invitations" className="divide-y divide-slate-100 text-sm">
          {invitations.map((i) => (
            <li key={i.id} className="flex flex-wrap items-start justify-between gap-3 py-3 first:pt-0 last:pb-0">
              <div>
                <p className="font-medium text-slate-900">{i.email}</p>
                <p className="text-xs text-slate-500">
                  {i.name} · {ROLE_LABELS[i.role]} · link works until {formatDateTime(i.expiresAt)}
                </p>
              </div>
              <WithdrawButton invitationId={i.id} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

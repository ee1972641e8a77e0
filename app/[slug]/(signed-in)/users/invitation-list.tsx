// Invitations neither used nor withdrawn. Resending makes a new link (the old
// one stops working); an expired one stays here until it is resent or withdrawn.
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { isTenantRole, ROLE_LABELS } from "@/lib/tenant-auth/roles";
import { InvitationButtons } from "./invitation-buttons";

interface Invitation {
  id: string;
  email: string;
  name: string;
  role: string;
  expiresAt: Date;
  expired: boolean;
}

export function InvitationList({ slug, invitations }: { slug: string; invitations: Invitation[] }) {
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
                <p className="flex items-center gap-2 font-medium text-slate-900">
                  {i.email} {i.expired && <Badge tone="yellow">expired</Badge>}
                </p>
                <p className="text-xs text-slate-500">
                  {i.name} · {isTenantRole(i.role) ? ROLE_LABELS[i.role] : i.role} ·{" "}
                  {i.expired ? "expired" : "link works until"} {formatDateTime(i.expiresAt)}
                </p>
              </div>
              <InvitationButtons slug={slug} invitationId={i.id} email={i.email} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

// The admin's sessions that still work: where each signed in from, and when it
// was last used, so a sign-in they do not recognise stands out.
import { formatDateTime } from "@/components/data-table/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { SignOutOthersButton } from "./sign-out-others-button";

interface SessionRow {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export function SessionList({ sessions, currentId }: { sessions: SessionRow[]; currentId: string }) {
  const others = sessions.filter((s) => s.id !== currentId).length;
  return (
    <Card className="space-y-4">
      <CardTitle>Where you are signed in</CardTitle>
      <ul aria-label="Your sessions" className="divide-y divide-slate-100 text-sm">
        {sessions.map((s) => (
          <li key={s.id} className="space-y-1 py-3 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-slate-900">{s.ip ?? "unknown address"}</span>
              {s.id === currentId && <Badge tone="green">This session</Badge>}
            </div>
            <p className="break-words text-xs text-slate-500">{s.userAgent || "unknown browser"}</p>
            <p className="text-xs text-slate-500">
              Signed in {formatDateTime(s.createdAt)} · last seen {formatDateTime(s.lastSeenAt)}
            </p>
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <SignOutOthersButton count={others} />
      ) : (
        <p className="text-sm text-slate-600">You are signed in nowhere else.</p>
      )}
    </Card>
  );
}

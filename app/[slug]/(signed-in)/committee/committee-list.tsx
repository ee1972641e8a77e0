"use client";
// The committee on one page (a committee is small). Those who manage it can
// edit an entry in place or remove it (asked twice); the server checks again.
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { committeeRoleLabel } from "@/lib/tenant-auth/committee-input";
import { MemberForm } from "./member-form";
import { RemoveButton } from "./remove-button";

export interface CommitteeMember {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  committeeRole: string;
  account: { status: string } | null;
}

export function CommitteeList({
  slug,
  members,
  manage,
}: {
  slug: string;
  members: CommitteeMember[];
  manage: boolean;
}) {
  const [editing, setEditing] = useState<string>();
  return (
    <Card className="space-y-4">
      <CardTitle>Members</CardTitle>
      {members.length === 0 ? (
        <p className="text-sm text-slate-600">No one is on the committee yet.</p>
      ) : (
        <ul aria-label="Committee members" className="divide-y divide-slate-100 text-sm">
          {members.map((m) => (
            <li key={m.id} className="space-y-3 py-3 first:pt-0 last:pb-0">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <p className="font-medium text-slate-900">
                    {m.name} <span className="font-normal text-slate-500">· {committeeRoleLabel(m.committeeRole)}</span>
                  </p>
                  <p className="flex items-center gap-2 text-xs text-slate-500">
                    {m.email}
                    {m.account ? (
                      <Badge tone={m.account.status === "active" ? "green" : "yellow"}>
                        user account{m.account.status === "active" ? "" : ` (${m.account.status})`}
                      </Badge>
                    ) : (
                      <Badge>no account</Badge>
                    )}
                  </p>
                </div>
                {manage && (
                  <div className="flex gap-2">
                    <Button
                      variant="secondary"
                      aria-label={`Edit ${m.email}`}
                      onClick={() => setEditing(editing === m.id ? undefined : m.id)}
                    >
                      {editing === m.id ? "Close" : "Edit"}
                    </Button>
                    <RemoveButton slug={slug} memberId={m.id} email={m.email} />
                  </div>
                )}
              </div>
              {manage && editing === m.id && <MemberForm slug={slug} member={m} onDone={() => setEditing(undefined)} />}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

"use client";
// What a tenant admin may do to one user, each asked twice (ConfirmButton).
// The server refuses what the state does not allow (the last active admin)
// and its message is shown on the row. Their own row too: an admin may step
// down or deactivate themselves while another admin remains.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions";
import { isTenantRole, ROLE_LABELS, TENANT_ROLES, type TenantRole } from "@/lib/tenant-auth/roles";
import type { UserRow } from "@/lib/tenant-auth/user-list-params";
import { changeUserRoleAction, setUserStatusAction } from "./actions";

export function UserRowActions({ slug, user, self }: { slug: string; user: UserRow; self: boolean }) {
  const router = useRouter();
  const current = user.roles.length === 1 && isTenantRole(user.roles[0]) ? user.roles[0] : undefined;
  const [role, setRole] = useState<TenantRole>(current ?? "voter");
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const userId = user.uuid;
  const who = self ? "yourself" : "them";

  function run(act: () => Promise<ActionResult<unknown>>, done: string) {
    startTransition(async () => {
      const result = await act();
      setMessage(result.ok ? { error: false, text: done } : { error: true, text: result.error });
      router.refresh();
    });
  }

  return (
    <div className="flex min-w-72 flex-col gap-2">
      <div className="flex items-center gap-2">
        <Select
          aria-label={`New role for ${user.email}`}
          value={role}
          onChange={(event) => setRole(event.target.value as TenantRole)}
          className="w-44"
        >
          {TENANT_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
        <ConfirmButton
          pending={pending}
          disabled={role === current}
          confirmLabel={`Make ${who} ${ROLE_LABELS[role].toLowerCase()}?`}
          onConfirm={() =>
            run(() => changeUserRoleAction(slug, { userId, role }), `Now ${ROLE_LABELS[role].toLowerCase()}.`)
          }
        >
          Change role
        </ConfirmButton>
      </div>
      <div>
        {user.status === "active" ? (
          <ConfirmButton
            pending={pending}
            confirmLabel={`Deactivate and sign ${who} out?`}
            onConfirm={() => run(() => setUserStatusAction(slug, { userId, status: "inactive" }), "Deactivated.")}
          >
            Deactivate
          </ConfirmButton>
        ) : (
          <ConfirmButton
            pending={pending}
            confirmLabel="Let them sign in again?"
            onConfirm={() => run(() => setUserStatusAction(slug, { userId, status: "active" }), "Reactivated.")}
          >
            Reactivate
          </ConfirmButton>
        )}
      </div>
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={message.error ? "text-xs text-rose-700" : "text-xs text-emerald-700"}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}

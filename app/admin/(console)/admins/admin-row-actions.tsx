"use client";
// What an owner may do to one admin, each asked twice (ConfirmButton). The
// server refuses what the state does not allow (the last active owner) and
// its message is shown on the row.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions";
import { PLATFORM_ROLES, type PlatformRole, ROLE_LABELS } from "@/lib/platform/permissions";
import { changeAdminRoleAction, resetAdminTwoFactorAction, setAdminStatusAction } from "./actions";
import type { AdminRow } from "./admins-table";

export function AdminRowActions({ admin, self }: { admin: AdminRow; self: boolean }) {
  const router = useRouter();
  const [role, setRole] = useState<PlatformRole>(admin.role);
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const [pending, startTransition] = useTransition();

  if (self) {
    return (
      <Link href="/admin/account" className="text-sm text-indigo-600 hover:text-indigo-500">
        You: your account
      </Link>
    );
  }

  function run(act: () => Promise<ActionResult<unknown>>, done: string) {
    startTransition(async () => {
      const result = await act();
      setMessage(result.ok ? { error: false, text: done } : { error: true, text: result.error });
      router.refresh();
    });
  }

  const adminId = admin.id;
  return (
    <div className="flex min-w-72 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {admin.status === "active" ? (
          <ConfirmButton
            pending={pending}
            confirmLabel="Disable and sign them out?"
            onConfirm={() => run(() => setAdminStatusAction({ adminId, status: "disabled" }), "Disabled.")}
          >
            Disable
          </ConfirmButton>
        ) : (
          <ConfirmButton
            pending={pending}
            confirmLabel="Let them sign in again?"
            onConfirm={() => run(() => setAdminStatusAction({ adminId, status: "active" }), "Re-enabled.")}
          >
            Re-enable
          </ConfirmButton>
        )}
        {admin.twoFactor && (
          <ConfirmButton
            pending={pending}
            confirmLabel="Turn their two-factor off?"
            onConfirm={() =>
              run(() => resetAdminTwoFactorAction({ adminId }), "Two-factor reset; their sessions ended.")
            }
          >
            Reset two-factor
          </ConfirmButton>
        )}
      </div>
      <div className="flex items-center gap-2">
        <Select
          aria-label={`New role for ${admin.email}`}
          value={role}
          onChange={(event) => setRole(event.target.value as PlatformRole)}
          className="w-32"
        >
          {PLATFORM_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
        <ConfirmButton
          pending={pending}
          disabled={role === admin.role}
          confirmLabel={`Make them ${ROLE_LABELS[role].toLowerCase()}?`}
          onConfirm={() =>
            run(() => changeAdminRoleAction({ adminId, role }), `Now ${ROLE_LABELS[role].toLowerCase()}.`)
          }
        >
          Change role
        </ConfirmButton>
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

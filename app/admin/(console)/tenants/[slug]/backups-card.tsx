"use client";
// The tenant's backups, newest first: when, why and by whom, size, whether it
// is good and verified. "Back up now" and "Verify" for a role that may operate
// tenants; the downloads (route handlers under backups/[id]/) for owners only.
// While a backup, verification, restore or deletion of the tenant runs, the
// card says so and refreshes the page until it ends: a long backup goes on
// after its action has answered (lib/operations/backups/start-backup.ts).
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { formatDateTime, formatNumber } from "@/components/data-table/format";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { formatBytes } from "../tenant-badges";
import { backupNowAction, verifyBackupAction } from "./backup-actions";
import type { BackupView } from "./backup-view";
import { OutcomeAlert, useOutcome } from "./outcome";

const REFRESH_MS = 2000;
const SHOWN = 20;

const STATUS: Record<BackupView["status"], { label: string; tone: BadgeTone }> = {
  succeeded: { label: "good", tone: "green" },
  running: { label: "running", tone: "blue" },
  interrupted: { label: "interrupted", tone: "yellow" },
  failed: { label: "failed", tone: "red" },
  pruned: { label: "pruned", tone: "gray" },
};

const VERIFICATION: Record<BackupView["verification"], { label: string; tone: BadgeTone }> = {
  passed: { label: "verified", tone: "green" },
  failed: { label: "verification failed", tone: "red" },
  unverified: { label: "not verified", tone: "gray" },
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function Downloads({ slug, id }: { slug: string; id: string }) {
  const base = `/admin/tenants/${slug}/backups/${id}`;
  const link = "text-indigo-700 hover:underline";
  return (
    <span className="inline-flex flex-wrap gap-x-3 text-xs">
      <a className={link} href={`${base}/file`} download>
        Encrypted file
      </a>
      <a className={link} href={`${base}/manifest`} download>
        Manifest
      </a>
      <a className={link} href={`${base}/sql`} download title="Decrypted; every download is audited">
        SQL (decrypted)
      </a>
    </span>
  );
}

export function BackupsCard(props: {
  slug: string;
  backups: BackupView[];
  error: string | null;
  busy: boolean;
  mayOperate: boolean;
  mayDownload: boolean;
}) {
  const { slug, backups } = props;
  const router = useRouter();
  const { outcome, settle } = useOutcome();
  const [pending, start] = useTransition();
  const [verifying, setVerifying] = useState<string>();
  const busy = props.busy || backups.some((b) => b.status === "running");

  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [busy, router]);

  const backUpNow = () =>
    start(async () => {
      settle(await backupNowAction({ slug }), (data) =>
        data.finished
          ? `Backed up: ${formatBytes(data.sizeBytes)}, ${formatNumber(data.rowCount)} rows, in ${seconds(data.durationMs)}.`
          : { tone: "warning", text: "Backing up; the list shows it running and refreshes until it is done." },
      );
    });

  const verify = (backupId: string) =>
    start(async () => {
      setVerifying(backupId);
      settle(await verifyBackupAction({ slug, backupId }), (data) =>
        !data.finished
          ? { tone: "warning", text: "Verifying; the list shows the result when it is done." }
          : data.passed
            ? "Verified: restored into a scratch database, every table matches its manifest."
            : { tone: "error", text: `Verification failed: ${data.problems.join("; ")}` },
      );
      setVerifying(undefined);
    });

  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <CardTitle>Backups</CardTitle>
        {props.mayOperate && (
          <Button variant="secondary" pending={pending && !verifying} disabled={busy} onClick={backUpNow}>
            Back up now
          </Button>
        )}
      </div>
      <OutcomeAlert outcome={outcome} />
      {busy && (
        <Alert tone="info">
          A backup, verification, restore or deletion of this tenant is running; this page refreshes until it ends.
        </Alert>
      )}
      {props.error !== null ? (
        <p className="text-sm text-rose-700">The backups cannot be listed: {props.error}</p>
      ) : backups.length === 0 ? (
        <p className="text-sm text-slate-500">None yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Backups">
          {backups.slice(0, SHOWN).map((b) => (
            <li key={b.id} className="space-y-1 py-2" data-backup={b.id}>
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={STATUS[b.status].tone}>{STATUS[b.status].label}</Badge>
                {b.status === "succeeded" && (
                  <Badge tone={VERIFICATION[b.verification].tone}>{VERIFICATION[b.verification].label}</Badge>
                )}
                <time dateTime={b.startedAt} title={formatDateTime(b.startedAt)}>
                  {b.age}
                </time>
                <span className="text-xs text-slate-500">
                  {b.reason}
                  {b.by ? ` · by ${b.by}` : ""} · {formatBytes(b.sizeBytes)}
                  {b.rowCount !== null ? ` · ${formatNumber(b.rowCount)} rows` : ""}
                </span>
                {b.hasFile && props.mayOperate && (
                  <Button
                    variant="ghost"
                    className="ml-auto px-2 py-1 text-xs"
                    pending={verifying === b.id}
                    disabled={busy || pending}
                    onClick={() => verify(b.id)}
                  >
                    Verify
                  </Button>
                )}
              </div>
              {b.hasFile && props.mayDownload && <Downloads slug={slug} id={b.id} />}
              {b.error && (b.status !== "succeeded" || b.verification === "failed") && (
                <p className="text-xs text-rose-700">{b.error}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {backups.length > SHOWN && (
        <p className="text-xs text-slate-500">
          {backups.length - SHOWN} older not shown;{" "}
          <span className="font-mono">npm run tenants -- backup:list {slug}</span> lists them all.
        </p>
      )}
    </Card>
  );
}

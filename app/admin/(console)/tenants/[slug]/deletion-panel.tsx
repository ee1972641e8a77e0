"use client";
// Deletion, the first of two steps. Not deleted: owners may delete it (a
// backup is taken and verified first; then it is suspended, its users signed
// out, and marked deleted; nothing is dropped). Deleted: when, by whom, why,
// its final backup and from when purge may drop it, with "Undelete" for
// owners until purge has begun.
import { formatDateTime } from "@/components/data-table/format";
import { Card, CardTitle } from "@/components/ui/card";
import type { DeletionView } from "./backup-view";
import { DeleteForm, UndeleteForm } from "./delete-form";
import { OutcomeAlert, useOutcome } from "./outcome";

function Deleted({ slug, deletion }: { slug: string; deletion: DeletionView | null }) {
  if (!deletion) return <p className="text-sm text-slate-600">It is marked deleted; no deletion is recorded for it.</p>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" aria-label="Deletion">
      <dt className="text-slate-500">Deleted</dt>
      <dd>
        {formatDateTime(deletion.deletedAt)}
        {deletion.deletedBy ? ` by ${deletion.deletedBy}` : ""}
      </dd>
      {deletion.reason && (
        <>
          <dt className="text-slate-500">Reason</dt>
          <dd className="whitespace-pre-wrap break-words">{deletion.reason}</dd>
        </>
      )}
      <dt className="text-slate-500">Final backup</dt>
      <dd className="break-all font-mono text-xs">{deletion.backupId}</dd>
      <dt className="text-slate-500">Purge</dt>
      <dd data-testid="purge-after">
        {deletion.purgeStartedAt
          ? `began ${formatDateTime(deletion.purgeStartedAt)}: it can no longer be undeleted; its final backup can be restored under another slug (tenants restore ${slug} --backup ${deletion.backupId} --as NEW_SLUG).`
          : deletion.graceOver
            ? `may drop it now: its grace period ended ${formatDateTime(deletion.purgeAfter)}. It can be undeleted until purge begins.`
            : `may drop it after ${formatDateTime(deletion.purgeAfter)}; until then its database is kept and it can be undeleted.`}
      </dd>
    </dl>
  );
}

export function DeletionPanel(props: {
  slug: string;
  deleted: boolean;
  deletion: DeletionView | null;
  mayDestroy: boolean;
  busy: boolean;
}) {
  const { slug } = props;
  // Here, not in the forms: deleting swaps the delete form for the undelete form, and the message must stay.
  const { outcome, settle } = useOutcome();
  const undeletable = props.mayDestroy && !props.deletion?.purgeStartedAt;
  return (
    <Card className="space-y-3">
      <CardTitle>{props.deleted ? "Deleted" : "Delete"}</CardTitle>
      {!props.deleted && (
        <p className="text-sm text-slate-600">
          A backup is taken and verified first (if either fails, nothing changes). Then the tenant is suspended, its
          users are signed out and it is marked deleted; its slug stays held and nothing is dropped until purge, after
          the grace period. Until then it can be undeleted.
        </p>
      )}
      <OutcomeAlert outcome={outcome} />
      {props.deleted ? (
        <>
          <Deleted slug={slug} deletion={props.deletion} />
          {undeletable && <UndeleteForm slug={slug} settle={settle} busy={props.busy} />}
        </>
      ) : (
        props.mayDestroy && <DeleteForm slug={slug} settle={settle} busy={props.busy} />
      )}
    </Card>
  );
}

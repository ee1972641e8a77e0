// Who reviewed the application, when, and what they wrote.
import { formatDateTime } from "@/components/data-table/format";
import { Card, CardTitle } from "@/components/ui/card";
import type { ApplicationDetail } from "@/lib/platform/applications/queries";

export function ReviewOutcome({
  application: a,
  closedReason,
}: {
  application: ApplicationDetail["application"];
  /** The reason given when it was closed (from its audit trail), if it was. */
  closedReason?: string | null;
}) {
  const rejected = a.status === "rejected";
  return (
    <Card>
      <CardTitle>Review</CardTitle>
      {a.status === "closed" && closedReason && (
        <div className="mt-3 text-sm">
          <p className="font-medium text-slate-500">Closed; reason sent to the applicant</p>
          <p className="mt-1 whitespace-pre-wrap text-slate-900">{closedReason}</p>
        </div>
      )}
      {a.reviewedAt ? (
        <div className="mt-3 space-y-3 text-sm">
          <p>
            <span className="font-medium">{rejected ? "Rejected" : "Approved"}</span> by{" "}
            {a.reviewer ? `${a.reviewer.name} (${a.reviewer.email})` : "a former admin"} on{" "}
            {formatDateTime(a.reviewedAt)}.
          </p>
          <div>
            <p className="font-medium text-slate-500">{rejected ? "Reason sent to the applicant" : "Review notes"}</p>
            <p className="mt-1 whitespace-pre-wrap text-slate-900">{a.reviewNotes ?? "—"}</p>
          </div>
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600">
          {a.status === "expired"
            ? "Expired without a review; its slug is released. The audit trail says why."
            : a.status === "unconfirmed"
              ? "Not reviewable until the applicant's email address is confirmed."
              : a.status === "pending"
                ? "Waiting for a reviewer or an owner to review it."
                : "No review recorded."}
        </p>
      )}
    </Card>
  );
}

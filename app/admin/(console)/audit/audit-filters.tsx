// The audit log's filters as a plain GET form: submitting it is a new address,
// so a filtered view can be bookmarked and the export link reads the same
// parameters. Works without JavaScript.
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { AuditFilters } from "@/lib/platform/audit-log-params";

const label = "block text-xs font-medium text-slate-700";

export function AuditFilterForm({ filters, actions }: { filters: AuditFilters; actions: string[] }) {
  return (
    <form
      method="get"
      action="/admin/audit"
      className="grid gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-3 lg:grid-cols-6"
    >
      <div className="space-y-1">
        <label htmlFor="audit-actor" className={label}>
          Actor
        </label>
        <Input
          id="audit-actor"
          name="actor"
          defaultValue={filters.actor}
          placeholder="Email, label or id"
          maxLength={255}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-action" className={label}>
          Action
        </label>
        <Select id="audit-action" name="action" defaultValue={filters.action ?? ""}>
          <option value="">Any action</option>
          {/* An action the log does not hold (yet) stays selectable when it is the filter. */}
          {[...new Set([...(filters.action ? [filters.action] : []), ...actions])].map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-application" className={label}>
          Application
        </label>
        <Input
          id="audit-application"
          name="application"
          defaultValue={filters.application}
          placeholder="Reference or id"
          maxLength={64}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-tenant" className={label}>
          Tenant
        </label>
        <Input id="audit-tenant" name="tenant" defaultValue={filters.tenant} placeholder="Slug or id" maxLength={64} />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-from" className={label}>
          From (UTC)
        </label>
        <Input id="audit-from" name="from" type="date" defaultValue={filters.from} />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-to" className={label}>
          To (UTC)
        </label>
        <Input id="audit-to" name="to" type="date" defaultValue={filters.to} />
      </div>
      <div className="flex items-center gap-3 sm:col-span-3 lg:col-span-6">
        <Button type="submit">Filter</Button>
        <Link href="/admin/audit" className="text-sm font-medium text-slate-600 hover:text-slate-900">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

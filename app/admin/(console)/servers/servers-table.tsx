"use client";
// The database servers with their figures as last refreshed, and each one's
// actions. A handful of rows, all on one page, in the order they were added.
import { DataTable } from "@/components/data-table/data-table";
import { columnHelper } from "@/components/data-table/features";
import { formatDateTime, formatNumber } from "@/components/data-table/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ServerState } from "@/lib/generated/landlord/enums";
import type { ServerRow } from "@/lib/operations/server-overview";
import { formatBytes } from "../tenants/tenant-badges";
import { ServerRowActions } from "./server-row-actions";

const column = columnHelper<ServerRow>();

const STATES: Record<ServerState, { label: string; tone: BadgeTone }> = {
  active: { label: "Active", tone: "green" },
  cordoned: { label: "Cordoned", tone: "yellow" },
  draining: { label: "Draining", tone: "blue" },
};

const figure = (value: number | null) => (value === null ? "—" : formatNumber(value));

/** "used / limit" with a bar; amber from 80 %, red from 95 %. */
function Gauge({ used, limit, label }: { used: number | null; limit: number | null; label: string }) {
  if (used === null || limit === null || limit === 0) return <span className="text-slate-400">—</span>;
  const share = Math.min(1, used / limit);
  const tone = share >= 0.95 ? "bg-rose-500" : share >= 0.8 ? "bg-amber-500" : "bg-indigo-500";
  return (
    <div className="min-w-28 space-y-1">
      <span className="whitespace-nowrap tabular-nums">
        {formatNumber(used)} / {formatNumber(limit)}
      </span>
      {/* The figures above say it in words; the bar is for the eye. */}
      <div aria-hidden="true" title={label} className="h-1.5 w-full rounded-full bg-slate-100">
        <div className={`h-1.5 rounded-full ${tone}`} style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}

/** The limits that bite first at thousands of databases: files open against open_files_limit, tables open against table_open_cache. */
function Headroom({ row }: { row: ServerRow }) {
  return (
    <dl className="min-w-40 space-y-0.5 text-xs">
      <div className="flex justify-between gap-2" title="open files / open_files_limit">
        <dt className="text-slate-500">open_files_limit</dt>
        <dd className="whitespace-nowrap tabular-nums">
          {figure(row.openFiles)} / {figure(row.openFilesLimit)}
        </dd>
      </div>
      <div className="flex justify-between gap-2" title="open tables / table_open_cache">
        <dt className="text-slate-500">table_open_cache</dt>
        <dd className="whitespace-nowrap tabular-nums">
          {figure(row.openTables)} / {figure(row.tableOpenCache)}
        </dd>
      </div>
    </dl>
  );
}

const columns = column.columns([
  column.accessor("name", {
    header: "Server",
    enableSorting: false,
    cell: (info) => {
      const row = info.row.original;
      return (
        <div className="min-w-36 space-y-1">
          <div className="font-mono text-xs font-medium text-slate-900">{row.name}</div>
          <div className="font-mono text-xs text-slate-500">{row.label}</div>
          <div className="text-xs text-slate-500">weight {figure(row.weight)}</div>
          <div className="flex flex-wrap gap-1">
            <Badge tone={STATES[row.state].tone}>{STATES[row.state].label}</Badge>
            {row.unreachable && <Badge tone="red">Unreachable</Badge>}
          </div>
        </div>
      );
    },
  }),
  column.accessor("tenants", {
    header: "Tenants",
    enableSorting: false,
    cell: (info) => (
      <Gauge used={info.getValue()} limit={info.row.original.capacity} label={`Tenants of ${info.row.original.name}`} />
    ),
  }),
  column.accessor("dataBytes", {
    header: "Contents",
    enableSorting: false,
    cell: (info) => {
      const row = info.row.original;
      return (
        <dl className="min-w-32 space-y-0.5 text-xs">
          <div className="flex justify-between gap-2">
            <dt className="text-slate-500">databases</dt>
            <dd className="tabular-nums">{figure(row.databases)}</dd>
          </div>
          <div className="flex justify-between gap-2">
            <dt className="text-slate-500">tables</dt>
            <dd className="tabular-nums">{figure(row.tables)}</dd>
          </div>
          <div className="flex justify-between gap-2">
            <dt className="text-slate-500">data</dt>
            <dd className="whitespace-nowrap tabular-nums">{formatBytes(info.getValue())}</dd>
          </div>
        </dl>
      );
    },
  }),
  column.accessor("connections", {
    header: "Connections",
    enableSorting: false,
    cell: (info) => (
      <Gauge
        used={info.getValue()}
        limit={info.row.original.maxConnections}
        label={`Connections of ${info.row.original.name}`}
      />
    ),
  }),
  column.display({ id: "headroom", header: "Headroom", cell: (info) => <Headroom row={info.row.original} /> }),
  column.display({
    id: "warnings",
    header: "Warnings",
    cell: (info) => {
      const row = info.row.original;
      if (!row.unreachable && row.warnings.length === 0) return <span className="text-slate-400">none</span>;
      return (
        <ul className="min-w-48 space-y-1 text-xs text-rose-700" aria-label={`Warnings of ${row.name}`}>
          {row.unreachable && <li>✖ unreachable: {row.unreachable}</li>}
          {row.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      );
    },
  }),
  column.accessor("figuresAt", {
    header: "Last refreshed",
    enableSorting: false,
    cell: (info) => {
      const at = info.getValue();
      const when = at ? (
        <time dateTime={at} className="whitespace-nowrap">
          {formatDateTime(at)}
        </time>
      ) : (
        <span className="text-slate-400">never</span>
      );
      // For a server that does not answer, its figures are those of when it was last seen.
      return info.row.original.unreachable ? <span className="text-xs">last seen {when}</span> : when;
    },
  }),
  column.display({
    id: "actions",
    header: "Actions",
    cell: (info) => <ServerRowActions server={info.row.original} />,
  }),
]);

const getRowId = (row: ServerRow) => row.name;

export function ServersTable({ servers }: { servers: ServerRow[] }) {
  return (
    <DataTable
      caption="Database servers"
      columns={columns}
      data={servers}
      rowCount={servers.length}
      page={1}
      pageSize={Math.max(1, servers.length)}
      getRowId={getRowId}
      empty="No database server is registered."
      pager={
        <p className="text-sm text-slate-500">{servers.length === 1 ? "1 server" : `${servers.length} servers`}</p>
      }
    />
  );
}

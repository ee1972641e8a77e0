"use client";
// Tabs that filter a table by one URL parameter, each with its count.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "./format";
import { nextSearch } from "./url-state";

export interface FilterTab {
  /** The parameter's value; undefined for "all". */
  value?: string;
  label: string;
  /** Left out when it is not known (a search counted only up to a cap). */
  count?: number;
  /** Shown instead of the count ("1,000+"). */
  countLabel?: string;
}

export function FilterTabs({ param, tabs, label }: { param: string; tabs: FilterTab[]; label: string }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const active = searchParams.get(param) ?? undefined;
  return (
    <nav aria-label={label} className="-mb-px flex flex-wrap gap-x-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const current = tab.value === active;
        return (
          <Link
            key={tab.value ?? "all"}
            href={`${pathname}${nextSearch(searchParams.toString(), { [param]: tab.value ?? null })}`}
            aria-current={current ? "page" : undefined}
            scroll={false}
            className={cn(
              "flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium",
              current
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
            )}
          >
            {tab.label}
            {(tab.countLabel !== undefined || tab.count !== undefined) && (
              <span
                className={cn(
                  "rounded-full px-2 py-0.5 text-xs tabular-nums",
                  current ? "bg-indigo-100 text-indigo-700" : "bg-slate-100 text-slate-600",
                )}
              >
                {tab.countLabel ?? formatNumber(tab.count ?? 0)}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}

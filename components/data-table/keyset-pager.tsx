// Paging by keyset (lib/keyset.ts): First, Previous, Next and Last, and the
// rows-per-page choices, as plain links the server built. No client code:
// every page has an address, and the pager works before any script loads.
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { nextSearch } from "./url-state";

export interface PagerLinks {
  first?: string;
  previous?: string;
  next?: string;
  last?: string;
}

export interface PageSizeLink {
  size: number;
  href: string;
  current: boolean;
}

const step = "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-semibold ring-1 ring-inset ring-slate-300";

function Step({ href, children }: { href?: string; children: ReactNode }) {
  if (!href) {
    return (
      <span aria-disabled="true" className={cn(step, "cursor-not-allowed text-slate-400")}>
        {children}
      </span>
    );
  }
  return (
    <Link href={href} scroll={false} className={cn(step, "bg-white text-slate-900 hover:bg-slate-50")}>
      {children}
    </Link>
  );
}

export function KeysetPager({
  summary,
  links,
  pageSizes = [],
}: {
  summary: ReactNode;
  links: PagerLinks;
  pageSizes?: PageSizeLink[];
}) {
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p>{summary}</p>
      <div className="flex flex-wrap items-center gap-3">
        {pageSizes.length > 1 && (
          <p className="flex items-center gap-1">
            Rows per page
            {pageSizes.map((option) =>
              option.current ? (
                <span key={option.size} aria-current="true" className="rounded px-1.5 font-semibold text-slate-900">
                  {option.size}
                </span>
              ) : (
                <Link key={option.size} href={option.href} scroll={false} className="rounded px-1.5 hover:underline">
                  {option.size}
                </Link>
              ),
            )}
          </p>
        )}
        <Step href={links.first}>First</Step>
        <Step href={links.previous}>Previous</Step>
        <Step href={links.next}>Next</Step>
        <Step href={links.last}>Last</Step>
      </div>
    </nav>
  );
}

/** The pager's links for one page of a keyset list at `path`, keeping its other URL parameters. */
export function keysetLinks(
  path: string,
  current: URLSearchParams,
  page: { hasPrevious: boolean; hasNext: boolean; firstCursor?: string; lastCursor?: string },
): PagerLinks {
  const go = (changes: Record<string, string | null>) =>
    `${path}${nextSearch(current, { after: null, before: null, last: null, page: null, ...changes })}`;
  return {
    first: page.hasPrevious ? go({}) : undefined,
    previous: page.hasPrevious && page.firstCursor ? go({ before: page.firstCursor }) : undefined,
    next: page.hasNext && page.lastCursor ? go({ after: page.lastCursor }) : undefined,
    last: page.hasNext ? go({ last: "1" }) : undefined,
  };
}

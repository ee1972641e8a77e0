// Table state lives in the URL (?page=2&sort=createdAt&dir=desc&q=acme), so a
// view can be bookmarked, shared and reloaded. These helpers are pure.

// Offset paging (`page`) or keyset paging (`after`, `before`, `last`: lib/keyset.ts).
const PAGING = ["page", "after", "before", "last"];

export type ParamChanges = Record<string, string | number | null | undefined>;

/**
 * The query string after applying `changes` to `current`. A null or undefined
 * value (or one equal to its default) removes the parameter. Any change other
 * than the page (or the keyset cursor) itself sends the reader back to page 1.
 */
export function nextSearch(
  current: URLSearchParams | string,
  changes: ParamChanges,
  defaults: ParamChanges = {},
): string {
  const params = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    const isDefault = defaults[key] !== undefined && String(defaults[key]) === String(value);
    if (value === null || value === undefined || value === "" || isDefault) params.delete(key);
    else params.set(key, String(value));
  }
  // Any change but paging itself starts over at the first page.
  if (!PAGING.some((key) => key in changes)) for (const key of PAGING) params.delete(key);
  if (params.get("page") === "1") params.delete("page");
  params.sort();
  const search = params.toString();
  return search ? `?${search}` : "";
}

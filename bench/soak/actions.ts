// Calling the portal's Server Actions over HTTP, as its forms do: a POST to
// the page with the action's id (from the build's server-reference manifest)
// and its argument encoded as React does for plain objects (a JSON array).
// The answer is the action's result (lib/actions.ts ActionResult) inside the
// RSC stream.
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

interface ManifestEntry {
  filename: string;
  exportedName: string;
}

export function actionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), env().NEXT_DIST_DIR, "server/server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, ManifestEntry> };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === filename && entry.exportedName === exportedName,
  );
  if (!found) throw new Error(`no Server Action ${exportedName} in ${filename} in this build`);
  return found[0];
}

export type ActionAnswer = { ok: true; data: unknown } | { ok: false; error: string; code: string };

export async function callAction(
  base: string,
  page: string,
  id: string,
  input: unknown,
  cookie = "",
): Promise<ActionAnswer> {
  const response = await fetch(base + page, {
    method: "POST",
    headers: {
      "next-action": id,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      origin: base,
      cookie,
    },
    body: JSON.stringify([input]),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${page}: action answered ${response.status}`);
  const line = text.split("\n").find((l) => /^\d+:\{"ok":/.test(l));
  if (!line) throw new Error(`${page}: no action result in the answer (${text.slice(0, 200)})`);
  return JSON.parse(line.slice(line.indexOf(":") + 1)) as ActionAnswer;
}

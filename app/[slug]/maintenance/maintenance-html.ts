// The maintenance page's HTML: a small document of its own, since a route
// handler answers it (see route.ts). Everything typed by people (the
// organization's name, the admin's message) is escaped.
import type { TenantMaintenance } from "@/lib/tenant-auth/maintenance";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `body{margin:0;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a}
main{max-width:32rem;margin:0 auto;padding:6rem 1.5rem}
.brand{font-size:.875rem;font-weight:600;color:#4f46e5;margin:0}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
p{line-height:1.5;color:#334155}
.message{white-space:pre-wrap;background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 0 0 1px #e2e8f0}`;

function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
<p class="brand">Election Platform</p>
${body}
</main></body>
</html>`;
}

function formatUtc(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function maintenanceHtml({ name, notice }: TenantMaintenance): string {
  const until = notice.until
    ? `<p>It should be back by <time datetime="${notice.until.toISOString()}">${formatUtc(notice.until)}</time>.</p>`
    : "<p>It will be back as soon as the work is done.</p>";
  return htmlDocument(
    `${name}: maintenance`,
    `<h1>${escapeHtml(name)} is in maintenance</h1>
<p>This organization's space is closed for maintenance for a while. Signing in is paused until it is over.</p>
${notice.message ? `<p class="message" data-testid="maintenance-message">${escapeHtml(notice.message)}</p>` : ""}
${until}`,
  );
}

export function comingBackHtml(): string {
  return htmlDocument(
    "Back in a moment",
    "<h1>Back in a moment</h1><p>Maintenance has just ended. Reload this page.</p>",
  );
}

// Dates as the same text on the server and in the browser (UTC, no locale),
// so a server-rendered table hydrates without a mismatch.
export function formatDateTime(value: string | Date): string {
  const iso = typeof value === "string" ? value : value.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatNumber(value: number): string {
  return value.toLocaleString("en-US");
}

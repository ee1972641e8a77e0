// The mailbox an address delivers to, for counting emails per recipient: the
// confirmation cap must not be dodged by writing one address many ways.
// Sub-addresses (name+anything@) reach the same mailbox at nearly every
// provider; Gmail also ignores dots in the local part and answers to
// googlemail.com. Pure, so the browser could use it too.

const GMAIL = new Set(["gmail.com", "googlemail.com"]);

export function normalizeRecipient(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

// Application reference numbers: what the applicant quotes when they write to
// us. Short, unambiguous when read aloud or retyped (no 0/O, 1/I/L, U), random
// so they reveal nothing about how many applications there are.
import { randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const PREFIX = "APP";

/** A new reference such as "APP-7K3M-Q9XD" (30^8 ≈ 6.6e11 possibilities). */
export function newReference(): string {
  const pick = () => ALPHABET[randomInt(ALPHABET.length)];
  const group = () => Array.from({ length: 4 }, pick).join("");
  return `${PREFIX}-${group()}-${group()}`;
}

const SHAPE = new RegExp(`^${PREFIX}-[${ALPHABET}]{4}-[${ALPHABET}]{4}$`);

/** Reads a reference as people type it: any case, spaces or missing hyphens. Null when it is not one. */
export function parseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  if (!compact.startsWith(PREFIX) || compact.length !== PREFIX.length + 8) return null;
  const body = compact.slice(PREFIX.length);
  const reference = `${PREFIX}-${body.slice(0, 4)}-${body.slice(4)}`;
  return SHAPE.test(reference) ? reference : null;
}

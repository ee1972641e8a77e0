// What every command of the command line gets, and the error that means a
// bad command line (usage message, exit status 2).
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import type { Actor } from "@/lib/platform/audit";
import type { Io } from "./output";

/** A bad command line: usage message and exit status 2. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | undefined>;

export interface Context {
  values: Values;
  positionals: string[];
  io: Io;
  /** Who the audit log names: the operator's login. */
  actor: Actor;
}

export interface Command {
  options: Options;
  /** How many positional arguments the command takes. */
  positionals: number;
  /** When it may also take fewer (`backup <slug>` or `backup --all`): the fewest. */
  minPositionals?: number;
  /** What the positional argument is, for the usage error (a tenant slug unless said). */
  argument?: string;
  /** Returns the exit status. */
  run(ctx: Context): Promise<number>;
}

export const json = { json: { type: "boolean" } } as const;
export const slug = { slug: { type: "string" } } as const;
// Hidden: another migrations folder (tests add a migration to a copy).
export const dir = { dir: { type: "string" } } as const;

export function str(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === "string" ? value : undefined;
}

export function dirOf(values: Values): string | undefined {
  const value = str(values, "dir");
  return value === undefined ? undefined : path.resolve(value);
}

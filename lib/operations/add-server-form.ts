// The console's "Add a server" form, field by field, as the address the
// command line gives addServer (mysql://admin:password@host:port): one path
// checks the connection and the grants, so what the form adds is what
// `tenants servers:add` would.
import "server-only";
import type { z } from "zod";
import type { Actor } from "../platform/audit";
import type { addServerInput } from "./server-input";
import { addServer, type ServerView } from "./servers";

export function serverUrl(
  input: Pick<z.output<typeof addServerInput>, "host" | "port" | "adminUser" | "adminPassword">,
) {
  const user = encodeURIComponent(input.adminUser);
  const password = input.adminPassword ? `:${encodeURIComponent(input.adminPassword)}` : "";
  return `mysql://${user}${password}@${input.host}:${input.port}`;
}

export async function addServerFromForm(input: z.output<typeof addServerInput>, actor: Actor): Promise<ServerView> {
  return addServer({ name: input.name, url: serverUrl(input), capacity: input.capacity, weight: input.weight }, actor);
}

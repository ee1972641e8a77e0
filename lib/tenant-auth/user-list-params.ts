// The tenant users table's URL state and rows: what the browser's table and
// the server's query (./users.ts) share. Client-safe: no server imports.
import { z } from "zod";

export const USER_SORTS = ["name", "email", "status", "lastLoginAt", "createdAt"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const PAGE_SIZE = 20;

/** The table's URL state. Anything malformed falls back to the default instead of failing the page. */
export const userListParams = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  sort: z.enum(USER_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  q: z.string().trim().max(100).catch(""),
});

export type UserListParams = z.output<typeof userListParams>;

export interface UserRow {
  uuid: string;
  name: string;
  email: string;
  status: string;
  roles: string[];
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UserPage {
  rows: UserRow[];
  total: number;
  page: number;
  pageCount: number;
  params: UserListParams;
}

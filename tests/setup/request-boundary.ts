// Next's request boundary, simulated for every integration test file: pages,
// layouts, actions and lib code are called directly, and only what a request
// would bring is played here. next/headers answers from `boundary.headers` (or
// from a scope opened by `asRequest`), next-auth's getServerSession from
// `boundary.session`, and next/cache does nothing. Everything behind it is real.
import { AsyncLocalStorage } from "node:async_hooks";
import { vi } from "vitest";

export const boundary = {
  headers: new Headers({ "x-forwarded-for": "192.0.2.1", "user-agent": "vitest" }),
  session: null as unknown,
};

const scope = new AsyncLocalStorage<Headers>();

/** Runs `fn` as one request with these headers (for tests that run requests side by side). */
export function asRequest<T>(headers: Headers, fn: () => Promise<T>): Promise<T> {
  return scope.run(headers, fn);
}

vi.mock("next/headers", () => ({
  headers: async () => scope.getStore() ?? boundary.headers,
  // No cookies: sessions come from `boundary.session` (getServerSession is mocked below).
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}));
vi.mock("next-auth", async (original) => ({
  ...(await original<typeof import("next-auth")>()),
  getServerSession: async () => boundary.session,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

// Every browser test starts from empty rate-limit buckets: all of them come
// from one address (this machine), so without this a test's outcome would
// depend on how many requests the tests before it made.
import { test as base } from "@playwright/test";
import { e2eQuery } from "./db";

export const test = base.extend<{ freshRateLimits: undefined }>({
  freshRateLimits: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      await e2eQuery("DELETE FROM rate_limit_buckets");
      await use(undefined);
    },
    { auto: true },
  ],
});

export { expect } from "@playwright/test";

import { describe, expect, it } from "vitest";
import { failureDelay } from "../platform/sign-in-throttle";
import { SIGN_IN_REFUSED, signInErrorMessage, throttleCode } from "./sign-in-messages";

describe("sign-in messages", () => {
  it("says the same for every refusal that is not throttling, whatever next-auth calls it", () => {
    for (const code of [null, undefined, "", "CredentialsSignin", "anything else", "locked:abc"]) {
      expect(signInErrorMessage(code)).toBe(SIGN_IN_REFUSED);
    }
    expect(SIGN_IN_REFUSED).toBe("Wrong email or password, or this account cannot sign in here.");
  });

  it("tells how long to wait when throttled", () => {
    expect(throttleCode("locked", 899.2)).toBe("locked:900");
    expect(signInErrorMessage("locked:900")).toBe(
      "Too many failed attempts. Sign-in is paused for a while; try again in 15 minutes.",
    );
    expect(signInErrorMessage("rate_limited:1")).toBe(
      "Too many sign-in attempts from your network. Try again in 1 second.",
    );
    expect(signInErrorMessage("wait:8")).toBe("This account had failed sign-ins a moment ago. Try again in 8 seconds.");
    expect(signInErrorMessage("unavailable")).toMatch(/not possible right now/);
  });

  it("makes each failure's wait longer than the last, up to a ceiling", () => {
    const policy = { delayBaseMs: 1000, delayMaxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => failureDelay(n, policy))).toEqual([
      0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    expect(failureDelay(3, { delayBaseMs: 0, delayMaxMs: 10 })).toBe(0);
  });
});

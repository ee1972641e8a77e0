import { describe, expect, it } from "vitest";
import { APPLICATION_STATUSES, assertTransition, canTransition, SLUG_HOLDING_STATUSES, sourcesOf } from "./status";

describe("application state machine", () => {
  const legal = [
    ["unconfirmed", "pending"],
    ["unconfirmed", "expired"],
    ["pending", "approved"],
    ["pending", "rejected"],
    ["pending", "expired"],
    ["approved", "provisioning_started"],
    ["provisioning_started", "provisioned"],
    ["provisioning_started", "provisioning_failed"],
    ["provisioning_failed", "provisioning_started"],
    ["provisioning_failed", "closed"],
    ["provisioned", "closed"],
  ] as const;

  it("allows exactly the spec's transitions", () => {
    const allowed = APPLICATION_STATUSES.flatMap((from) =>
      APPLICATION_STATUSES.filter((to) => canTransition(from, to)).map((to) => [from, to]),
    );
    expect(allowed.sort()).toEqual(legal.map((pair) => [...pair]).sort());
  });

  it.each([
    ["rejected", "approved", "Cannot approve an application that is rejected."],
    ["approved", "approved", "Cannot approve an application that is approved."],
    ["provisioned", "rejected", "Cannot reject an application that is provisioned."],
    ["pending", "provisioned", "Cannot mark as provisioned an application that is pending review."],
    ["provisioned", "provisioning_started", "Cannot start provisioning for an application that is provisioned."],
    ["unconfirmed", "approved", "Cannot approve an application that is awaiting confirmation."],
    ["expired", "pending", "Cannot confirm an application that is expired."],
    ["approved", "expired", "Cannot expire an application that is approved."],
    ["pending", "closed", "Cannot close an application that is pending review."],
  ] as const)("refuses %s → %s with a clear message", (from, to, message) => {
    expect(() => assertTransition(from, to)).toThrow(message);
  });

  it("knows where each status can be reached from", () => {
    expect(sourcesOf("provisioning_started").sort()).toEqual(["approved", "provisioning_failed"]);
    expect(sourcesOf("pending")).toEqual(["unconfirmed"]);
    expect(sourcesOf("expired").sort()).toEqual(["pending", "unconfirmed"]);
    expect(sourcesOf("unconfirmed")).toEqual([]);
  });

  it("releases the slug only once an application is over without a tenant", () => {
    expect([...SLUG_HOLDING_STATUSES].sort()).toEqual(
      ["unconfirmed", "pending", "approved", "provisioning_started", "provisioning_failed", "provisioned"].sort(),
    );
  });
});

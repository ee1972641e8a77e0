import { describe, expect, it } from "vitest";
import { APPLICATION_STATUSES, assertTransition, canTransition, sourcesOf } from "./status";

describe("application state machine", () => {
  const legal = [
    ["pending", "approved"],
    ["pending", "rejected"],
    ["approved", "provisioning_started"],
    ["provisioning_started", "provisioned"],
    ["provisioning_started", "provisioning_failed"],
    ["provisioning_failed", "provisioning_started"],
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
  ] as const)("refuses %s → %s with a clear message", (from, to, message) => {
    expect(() => assertTransition(from, to)).toThrow(message);
  });

  it("knows where each status can be reached from", () => {
    expect(sourcesOf("provisioning_started").sort()).toEqual(["approved", "provisioning_failed"]);
    expect(sourcesOf("pending")).toEqual([]);
  });
});

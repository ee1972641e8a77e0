import { describe, expect, it } from "vitest";
import { normalizeRecipient } from "./recipient";

describe("normalizeRecipient", () => {
  it.each([
    ["  Ada@Example.ORG ", "ada@example.org"],
    ["ada+apply1@example.org", "ada@example.org"],
    ["ada+a+b@example.org", "ada@example.org"],
    ["A.da.Love+x@GoogleMail.com", "adalove@gmail.com"],
    ["a.da@example.org", "a.da@example.org"],
    ["+only@example.org", "+only@example.org"],
  ])("%s → %s", (address, mailbox) => {
    expect(normalizeRecipient(address)).toBe(mailbox);
  });
});

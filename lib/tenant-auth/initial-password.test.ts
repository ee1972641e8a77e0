import { describe, expect, it } from "vitest";
import { passwordProblems } from "../password-policy";
import { newInitialPassword } from "./initial-password";

describe("generated initial passwords", () => {
  it("always meet the password policy, and are not repeated", () => {
    const passwords = Array.from({ length: 2000 }, () => newInitialPassword());
    expect(passwords.filter((p) => passwordProblems(p).length > 0)).toEqual([]);
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(passwords[0]).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
  });
});

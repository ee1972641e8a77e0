import { describe, expect, it } from "vitest";
import {
  changePasswordInput,
  passwordChecklist,
  passwordPolicy,
  passwordProblems,
  setupPasswordInput,
} from "./password-policy";

describe("password policy", () => {
  it.each([
    ["Tr0ub4dor&3", []],
    ["Aa1!aaaa", []], // exactly 8
    ["Ünïcødé9?", []], // non-ASCII letters count as letters of their case
    ["Aa1!aaa", ["Use at least 8 characters."]],
    ["AA1!AAAA", ["Add a lower-case letter."]],
    ["aa1!aaaa", ["Add an upper-case letter."]],
    ["Aa!!aaaa", ["Add a digit."]],
    ["Aa11aaaa", ["Add a symbol such as ! ? # or %."]],
    ["Aa11 aaaa", ["Add a symbol such as ! ? # or %."]], // a space is not a symbol
    [
      "",
      [
        "Use at least 8 characters.",
        "Add a lower-case letter.",
        "Add an upper-case letter.",
        "Add a digit.",
        "Add a symbol such as ! ? # or %.",
      ],
    ],
    [`Aa1!${"a".repeat(68)}`, []], // 72 bytes
    [`Aa1!${"a".repeat(69)}`, ["Use at most 72 characters."]], // bcrypt would silently drop the rest
    [`Aa1!${"é".repeat(35)}`, ["Use at most 72 characters."]], // 74 bytes in UTF-8
  ])("%j → %j", (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
    expect(passwordPolicy.safeParse(password).success).toBe(problems.length === 0);
  });

  it("gives every broken rule as an issue and the checklist marks each rule", () => {
    const result = passwordPolicy.safeParse("abc");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      "Use at least 8 characters.",
      "Add an upper-case letter.",
      "Add a digit.",
      "Add a symbol such as ! ? # or %.",
    ]);
    expect(passwordChecklist("abc")).toEqual([
      { label: "8+ characters", ok: false },
      { label: "at most 72 characters", ok: true },
      { label: "a lower-case letter", ok: true },
      { label: "an upper-case letter", ok: false },
      { label: "a digit", ok: false },
      { label: "a symbol", ok: false },
    ]);
  });

  it("refuses a password that is not a string", () => {
    expect(passwordPolicy.safeParse(undefined).error?.issues[0]?.message).toBe("Enter a password.");
    expect(passwordPolicy.safeParse(12345678).success).toBe(false);
  });

  it("setup and change inputs need the repeat to match, on the repeat field", () => {
    const setup = setupPasswordInput.safeParse({ token: "t", password: "Tr0ub4dor&3", confirmPassword: "Tr0ub4dor&4" });
    expect(setup.error?.issues).toEqual([
      expect.objectContaining({ path: ["confirmPassword"], message: "The two passwords differ." }),
    ]);
    expect(
      setupPasswordInput.safeParse({ token: "t", password: "Tr0ub4dor&3", confirmPassword: "Tr0ub4dor&3" }).success,
    ).toBe(true);
    expect(
      setupPasswordInput.safeParse({ token: "", password: "Tr0ub4dor&3", confirmPassword: "Tr0ub4dor&3" }).success,
    ).toBe(false);

    const change = changePasswordInput.safeParse({ currentPassword: "", password: "weak", confirmPassword: "weak" });
    const paths = change.error?.issues.map((i) => i.path.join("."));
    expect(paths).toContain("currentPassword");
    expect(paths).toContain("password");
  });
});

// Our forms are submitted by JavaScript; one sent before the page hydrates (a
// slow phone, a busy server) would otherwise go out as GET, with what was typed
// (a password, a code, an applicant's details) in the address bar, the history
// and the access logs. method="post" keeps it in the body whatever happens.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

describe("forms submitted by JavaScript", () => {
  const secretForms = [...files("app"), ...files("components")].filter((file) => {
    const source = readFileSync(file, "utf8");
    return source.includes("<form") && source.includes("onSubmit");
  });

  it("are found (the scan sees the sign-in forms)", () => {
    expect(secretForms).toContain(path.join("app", "admin", "login", "login-form.tsx"));
    expect(secretForms).toContain(path.join("app", "[slug]", "login", "login-form.tsx"));
  });

  it.each(secretForms)("%s posts, never GETs", (file) => {
    const forms = readFileSync(file, "utf8").match(/<form\b[^>]*>/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) expect(form).toMatch(/method="post"/);
  });
});

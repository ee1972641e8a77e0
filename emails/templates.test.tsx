// Every template in emails/ renders alone from its PreviewProps, as HTML and as the plain-text
// part, and the result is kept as a snapshot in emails/__snapshots__/ so a change shows in review.
// Templates are found on disk: a new file here is covered without editing this test.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pretty, render, toPlainText } from "@react-email/render";
import { type ComponentType, createElement } from "react";
import { describe, expect, it } from "vitest";

type Template = ComponentType<Record<string, unknown>> & { PreviewProps?: unknown };

const isComponent = (value: unknown): value is Template => typeof value === "function";

// One template a file at the top of emails/; shared pieces live in emails/components/.
const files = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith(".tsx") && !name.endsWith(".test.tsx"))
  .sort();

describe("email templates", () => {
  it("finds the templates on disk", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe.each(files)("%s", (file) => {
    const name = path.basename(file, ".tsx");

    async function load(): Promise<{ template: Template; previewProps: Record<string, unknown> }> {
      const module: Record<string, unknown> = await import(path.join(import.meta.dirname, file));
      // The preview server (`npm run email`) shows only a file's default export.
      const template = module.default;
      if (!isComponent(template)) throw new Error(`${file} has no default-exported component`);
      const previewProps = template.PreviewProps;
      if (typeof previewProps !== "object" || previewProps === null) {
        throw new Error(`${file}: set ${template.name || "the template"}.PreviewProps to sample props`);
      }
      return { template, previewProps: previewProps as Record<string, unknown> };
    }

    it("renders its preview props to the stored HTML and text", async () => {
      const { template, previewProps } = await load();
      // The mailer (lib/mail/send.ts) sends render()'s HTML with toPlainText() of it as the text part.
      const html = await render(createElement(template, previewProps));
      // Soft, so one run shows both diffs when a template changes.
      await expect.soft(await pretty(html)).toMatchFileSnapshot(`__snapshots__/${name}.html`);
      await expect.soft(toPlainText(html)).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
    });
  });
});

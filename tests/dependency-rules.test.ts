// The layer rules of .dependency-cruiser.cjs, proven on the real tree. Probe files placed in
// lib/, components/, inngest/ and emails/ for the length of one cruise break one rule each, and
// each rule must fire by its name; modules known to be clean must not. The cruise must also be
// parsed by swc: TypeScript 7 has no compiler API, and dependency-cruiser would otherwise fall
// back to acorn without a word, which misses `import type` and so bends every type-only rule.
import { randomBytes } from "node:crypto";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cruise, getAvailableTranspilers, type ICruiseResult, type IModule } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const P = `__probe_${randomBytes(3).toString("hex")}`;

interface Probe {
  file: string;
  source: string;
  /** The rule the file breaks, and the resolved module it breaks it with. */
  breaks?: { rule: string; to: string };
}

const probes: Probe[] = [
  {
    file: `lib/mail/${P}.ts`,
    source: `import "@/components/ui/cn";\nexport {};\n`,
    breaks: { rule: "lib-not-up", to: "components/ui/cn.ts" },
  },
  {
    file: `emails/components/${P}.tsx`,
    source: `import "@/lib/env";\nexport const Probe = () => <p>probe</p>;\n`,
    breaks: { rule: "emails-pure", to: "lib/env.ts" },
  },
  {
    file: `lib/db/${P}.ts`,
    source: `import "../platform/slugs";\nexport {};\n`,
    breaks: { rule: "infra-not-domain", to: "lib/platform/slugs.ts" },
  },
  {
    file: `lib/platform/${P}.ts`,
    source: `import "../provisioning/policy";\nexport {};\n`,
    breaks: { rule: "platform-below", to: "lib/provisioning/policy.ts" },
  },
  {
    file: `lib/tenant-auth/${P}.ts`,
    source: `import "../provisioning/policy";\nexport {};\n`,
    breaks: { rule: "tenant-auth-below", to: "lib/provisioning/policy.ts" },
  },
  {
    // A type-only import still counts for the layers.
    file: `lib/provisioning/${P}.ts`,
    source: `import type { ActionResult } from "../actions";\nexport type Probe = ActionResult<null>;\n`,
    breaks: { rule: "provisioning-below", to: "lib/actions.ts" },
  },
  {
    file: `lib/operations/${P}.ts`,
    source: `import "../auth/session";\nexport {};\n`,
    breaks: { rule: "operations-below", to: "lib/auth/session.ts" },
  },
  {
    // TSX through the @/ alias: the type-only import of lib/actions.ts and the client-safe
    // password policy are allowed, the landlord client is not.
    file: `components/${P}.tsx`,
    source: [
      `import type { ActionResult } from "@/lib/actions";`,
      `import { landlord } from "@/lib/db/landlord";`,
      `import { passwordChecklist } from "@/lib/password-policy";`,
      `export function Probe({ result }: { result: ActionResult<null> }) {`,
      `  return <p>{[typeof landlord, passwordChecklist("x").length, result.ok].join(" ")}</p>;`,
      `}`,
      ``,
    ].join("\n"),
    breaks: { rule: "components-no-server", to: "lib/db/landlord.ts" },
  },
  {
    file: `components/${P}_up.ts`,
    source: `import "@/inngest/events";\nexport {};\n`,
    breaks: { rule: "components-not-up", to: "inngest/events.ts" },
  },
  {
    file: `inngest/${P}.ts`,
    source: `import "@/components/ui/cn";\nexport {};\n`,
    breaks: { rule: "inngest-thin", to: "components/ui/cn.ts" },
  },
  {
    file: `lib/db/${P}_a.ts`,
    source: `import { b } from "./${P}_b";\nexport const a = () => b;\n`,
    breaks: { rule: "no-circular", to: `lib/db/${P}_b.ts` },
  },
  {
    // The other half of the cycle, which dependency-cruiser reports once (from a).
    file: `lib/db/${P}_b.ts`,
    source: `import { a } from "./${P}_a";\nexport const b = () => a;\n`,
  },
  {
    // A loop closed only by a type-only import is not a cycle at run time: allowed.
    file: `lib/db/${P}_c.ts`,
    source: `import type { D } from "./${P}_d";\nexport const c = 1;\nexport type C = D;\n`,
  },
  {
    file: `lib/db/${P}_d.ts`,
    source: `import { c } from "./${P}_c";\nexport type D = { c: typeof c };\n`,
  },
  {
    file: `lib/platform/${P}_missing.ts`,
    source: `import "./${P}_nowhere";\nexport {};\n`,
    breaks: { rule: "no-unresolvable", to: `./${P}_nowhere` },
  },
];

/** Real modules that keep the rules, one of them by the type-only exception. */
const CLEAN = [
  "components/forms/server-errors.ts",
  "components/ui/button.tsx",
  "lib/password-policy.ts",
  "lib/platform/slugs.ts",
];
const KNOWN = "lib/tenant-auth/credential-email.ts";

let result: ICruiseResult;

/** Writes the probes, cruises them with the real config, and removes them whatever happens. */
async function cruiseWithProbes(): Promise<ICruiseResult> {
  const written: string[] = [];
  try {
    for (const probe of probes) {
      const dir = path.dirname(probe.file);
      // A layer's folder gone means .dependency-cruiser.cjs needs the new layout, not a new folder.
      if (!existsSync(path.join(root, dir))) throw new Error(`${dir}/ is missing: update the layers`);
      writeFileSync(path.join(root, probe.file), probe.source, { flag: "wx" });
      written.push(probe.file);
    }
    const options = await extractDepcruiseOptions(path.join(root, ".dependency-cruiser.cjs"));
    const roots = [...probes.map((p) => p.file), ...CLEAN, KNOWN];
    const { output } = await cruise(roots, { ...options, baseDir: root });
    if (typeof output === "string") throw new Error("expected the cruise result as an object");
    return output;
  } finally {
    for (const file of written) rmSync(path.join(root, file), { force: true });
  }
}

function moduleOf(source: string): IModule {
  const found = result.modules.find((m) => m.source === source);
  if (!found) throw new Error(`${source} was not cruised`);
  return found;
}

const violationsFrom = (file: string) => result.summary.violations.filter((v) => v.from === file);

beforeAll(async () => {
  result = await cruiseWithProbes();
});

describe("the layer rules", () => {
  it.each(probes.filter((p) => p.breaks))("$breaks.rule fires on $file", ({ file, breaks }) => {
    expect(violationsFrom(file).map((v) => ({ rule: v.rule.name, severity: v.rule.severity, to: v.to }))).toEqual([
      { rule: breaks?.rule, severity: "error", to: breaks?.to },
    ]);
  });

  it("reports the cycle with its whole loop", () => {
    const [cycle] = violationsFrom(`lib/db/${P}_a.ts`).map((v) => v.cycle?.map((step) => step.name));
    expect(cycle).toEqual([`lib/db/${P}_b.ts`, `lib/db/${P}_a.ts`]);
  });

  it("leaves a loop closed only by a type-only import alone", () => {
    for (const file of [`lib/db/${P}_c.ts`, `lib/db/${P}_d.ts`]) expect(violationsFrom(file), file).toEqual([]);
  });

  it("finds nothing in modules that keep the rules", () => {
    for (const file of CLEAN) expect(violationsFrom(file), file).toEqual([]);
  });

  it("left no probe file behind", () => {
    for (const probe of probes) expect(existsSync(path.join(root, probe.file)), probe.file).toBe(false);
  });
});

describe("parsing with swc", () => {
  it("is what the config asks for, and available", () => {
    expect(result.summary.optionsUsed.parser).toBe("swc");
    expect(getAvailableTranspilers().find((t) => t.name === "swc")?.available).toBe(true);
  });

  it(`sees every import of ${KNOWN}, through the @/ alias and without extensions`, () => {
    const resolved = moduleOf(KNOWN).dependencies.filter((d) => !d.couldNotResolve);
    expect(resolved.length).toBeGreaterThanOrEqual(8);
    expect(resolved).toContainEqual(
      expect.objectContaining({ module: "@/emails/welcome", resolved: "emails/welcome.tsx" }),
    );
    expect(resolved).toContainEqual(
      expect.objectContaining({ module: "../db/landlord", resolved: "lib/db/landlord.ts" }),
    );
  });

  it("parses TSX and tells a type-only import apart (acorn, the silent fallback, cannot)", () => {
    const deps = moduleOf(`components/${P}.tsx`).dependencies;
    expect(deps.map((d) => d.resolved).sort()).toEqual([
      "lib/actions.ts",
      "lib/db/landlord.ts",
      "lib/password-policy.ts",
    ]);
    expect(deps.find((d) => d.resolved === "lib/actions.ts")?.dependencyTypes).toContain("type-only");
    expect(deps.find((d) => d.resolved === "lib/db/landlord.ts")?.dependencyTypes).not.toContain("type-only");
    const real = moduleOf("components/forms/server-errors.ts").dependencies;
    expect(real.find((d) => d.resolved === "lib/actions.ts")?.dependencyTypes).toContain("type-only");
  });
});

// Builds the app when the sources changed since the last build (or there is none).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { childEnv, env } from "@/lib/env";

const SOURCES = [
  "scripts/serve.ts",
  "app",
  "components",
  "lib",
  "emails",
  "inngest",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
];

function fingerprint(root: string): string {
  const hash = createHash("sha256");
  const visit = (file: string) => {
    if (!existsSync(file)) return;
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const name of readdirSync(file).sort()) {
        if (name !== "node_modules" && !name.endsWith(".test.ts")) visit(path.join(file, name));
      }
    } else {
      hash.update(`${path.relative(root, file)}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return hash.digest("hex");
}

export function buildIfNeeded(root = process.cwd(), log: (line: string) => void = console.log): void {
  const dist = path.join(root, env().NEXT_DIST_DIR);
  const stamp = path.join(dist, "source-fingerprint");
  const current = fingerprint(root);
  if (existsSync(path.join(dist, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === current) {
    log("Build is up to date.");
    return;
  }
  log("Building the portal (next build)...");
  const result = spawnSync("npx", ["--no-install", "next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: childEnv({ NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }),
  });
  if (result.status !== 0) throw new Error("next build failed (see above).");
  writeFileSync(stamp, current);
}

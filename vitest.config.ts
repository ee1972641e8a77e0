import path from "node:path";
import { defineConfig } from "vitest/config";

// `server-only` guards Next's client bundles; outside Next it resolves to nothing.
const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "scripts/node/server-only.mjs"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "emails/**/*.test.tsx"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          // Each file gets its own landlord database (tests/setup/landlord-database.ts)
          // and Next's request boundary simulated (tests/setup/request-boundary.ts).
          setupFiles: ["tests/setup/request-boundary.ts", "tests/setup/landlord-database.ts"],
          // A second MariaDB server for the tests of several servers (tests/setup/second-server.ts).
          globalSetup: ["tests/setup/second-server.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

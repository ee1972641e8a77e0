// A second MariaDB server for the whole test run (vitest globalSetup), so
// placement, fleet commands across servers and moves are tested against two
// real servers (scripts/lib/extra-server.ts: the installed mariadbd, a data
// directory of its own under .data/, a port of its own, started once and
// stopped at the end). With TEST_SECOND_DATABASE_URL set, that server is used
// instead and left alone. Fails loudly when neither is possible: the tests
// that need two servers would otherwise pass for the wrong reason.
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    secondServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.TEST_SECOND_DATABASE_URL;
  if (given) {
    project.provide("secondServerUrl", given);
    return;
  }
  const { startExtraServer } = await import("../../scripts/lib/extra-server");
  const server = await startExtraServer("test-mariadb");
  project.provide("secondServerUrl", server.url());
  return () => server.stop();
}

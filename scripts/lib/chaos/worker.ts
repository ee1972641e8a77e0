// The chaos run's workflow process for the test suite: what the portal does
// at start (instrumentation.ts → startPortalBackground: the background job
// with the sweeper) and what its approve action does (approveAndStart with the
// configured driver), with approvals coming over IPC instead of HTTP. SIGTERM
// winds down as scripts/serve.ts does; SIGKILL is the fault under test.

import { startPortalBackground, workflowDriver } from "@/app/workflow";
import { env } from "@/lib/env";
import { errorMessage, isAppError } from "@/lib/errors";
import { runShutdownHooks } from "@/lib/lifecycle";
import { approveAndStart } from "@/lib/provisioning/start";
import type { Approval } from "./portal";

const ACTOR = { type: "operator" as const, label: "chaos" };

env();
startPortalBackground();

process.on("message", (message: { id: number; applicationId: string }) => {
  const reply = (result: Approval) => process.send?.({ id: message.id, result });
  approveAndStart(message.applicationId, ACTOR, undefined, workflowDriver()).then(
    () => reply({ ok: true }),
    (error: unknown) => {
      reply({ ok: false, code: isAppError(error) ? error.code : "INTERNAL", error: errorMessage(error) });
    },
  );
});

process.on("SIGTERM", () => {
  void runShutdownHooks(() => undefined).then(() => process.exit(0));
});
process.send?.("ready");

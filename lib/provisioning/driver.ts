// What runs a provisioning run: the inline driver (./inline-driver.ts, in the
// portal's own process) or the Inngest driver (inngest/driver.ts, which sends
// the event). The composition root (app/workflow.ts) picks one from the
// configuration; lib/ never imports inngest/.
import type { Driver } from "./liveness";
import type { RunRef } from "./runs";

export interface ProvisioningDriver {
  readonly name: Driver;
  /**
   * Hands a committed run to the engine and returns once it is accepted (not
   * when it finishes). A failure here loses nothing: the run stays queued and
   * the sweeper hands it over again.
   */
  dispatch(run: RunRef): Promise<void>;
  /** Work worth starting before the approval commits; returns how to undo it if the approval fails. */
  prepare?(applicationId: string): () => void;
  /** Whether this process already holds the run (the sweeper leaves those alone). */
  holds?(runId: string): boolean;
}

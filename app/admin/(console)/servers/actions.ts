"use server";
// The Servers page's actions, the owners' alone ("tenants.destroy"): the
// session and the role are checked on the server before the input is read.
// Each calls one lib function, which refuses what the servers' state does not
// allow (the last active server, a server that still holds tenants, an
// address that does not answer) with its own message and audits what it does.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions";
import { addServerFromForm } from "@/lib/operations/add-server-form";
import { startDrain } from "@/lib/operations/server-drains";
import {
  addServerInput,
  drainServerInput,
  refreshFiguresInput,
  removeServerInput,
  serverNameInput,
} from "@/lib/operations/server-input";
import { refreshServerFigures, removeServer, setServerState } from "@/lib/operations/servers";

function revalidate() {
  revalidatePath("/admin/servers");
}

export const addServerAction = adminAction("tenants.destroy", addServerInput, async (input, { actor }) => {
  const server = await addServerFromForm(input, actor);
  revalidate();
  return { name: server.name, label: server.label };
});

export const cordonServerAction = adminAction("tenants.destroy", serverNameInput, async (input, { actor }) => {
  const server = await setServerState(input.name, "cordoned", actor);
  revalidate();
  return { name: server.name, state: server.state };
});

export const uncordonServerAction = adminAction("tenants.destroy", serverNameInput, async (input, { actor }) => {
  const server = await setServerState(input.name, "active", actor);
  revalidate();
  return { name: server.name, state: server.state };
});

// Started and awaited only for a moment (lib/operations/server-drains.ts): the page shows its progress.
export const drainServerAction = adminAction("tenants.destroy", drainServerInput, async (input, { actor }) => {
  const started = await startDrain(input.name, actor, { reason: input.reason, dropSource: input.dropSource });
  revalidate();
  return started;
});

export const removeServerAction = adminAction("tenants.destroy", removeServerInput, async (input, { actor }) => {
  await removeServer(input.name, actor, input.reason);
  revalidate();
  return { name: input.name };
});

export const refreshFiguresAction = adminAction("tenants.destroy", refreshFiguresInput, async () => {
  const report = await refreshServerFigures();
  revalidate();
  return report;
});

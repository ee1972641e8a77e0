// The portal itself as the chaos run's victim: the built app served by
// scripts/serve.ts (started as the benchmarks start it, bench/http.ts), a
// platform admin signed in through next-auth's form flow, and each approval
// sent as the application page's Server Action (the action id read from the
// build's server-reference manifest), exactly what the Approve button posts.
import type { ChildProcess } from "node:child_process";
import { signIn, startPortal } from "@/bench/http";
import { actionId as serverActionId } from "@/bench/soak/actions";
import { env } from "@/lib/env";
import { ensurePlatformAdmin } from "@/lib/platform/admins";
import { buildIfNeeded } from "@/scripts/lib/build";
import { type Approval, exited, type Portal, PortalDown, workflowEnv } from "./portal";

const ADMIN = { email: "chaos@example.org", password: "chaos admin password" };

/** The action's result in the RSC answer: `{"ok":true,...}` or `{"ok":false,"error":...,"code":...}`. */
function parseResult(text: string): Approval {
  if (/"ok":true/.test(text)) return { ok: true };
  const code = /"code":"([A-Z_]+)"/.exec(text)?.[1];
  const error = /"error":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  return { ok: false, code: code ?? "UNKNOWN", error: error ?? text.slice(0, 200) };
}

export async function httpPortal(port: number, heartbeatSeconds: number): Promise<Portal> {
  buildIfNeeded(process.cwd(), (line) => console.error(line));
  await ensurePlatformAdmin(ADMIN.email, ADMIN.password);
  const actionId = serverActionId("app/admin/(console)/applications/[id]/actions.ts", "approveApplicationAction");
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let cookie: string | undefined;
  const signal = async (name: NodeJS.Signals) => {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, name); // its process group: started detached
    } catch {
      return; // gone already
    }
    await exited(child);
  };
  return {
    kind: "http",
    pid: () => child?.pid,
    async start() {
      child = await startPortal(port, {
        DATABASE_URL: env().DATABASE_URL,
        AUTH_SECRET: "chaos-secret-chaos-secret-chaos-secret-0",
        APP_URL: base,
        NEXTAUTH_URL: base,
        ...workflowEnv(heartbeatSeconds),
      });
      // The session is a landlord row: it outlives the process.
      cookie ??= await signIn(base, "platform", ADMIN);
    },
    async approve(applicationId) {
      let response: Response;
      try {
        response = await fetch(`${base}/admin/applications/${applicationId}`, {
          method: "POST",
          headers: {
            "next-action": actionId,
            "content-type": "text/plain;charset=UTF-8",
            accept: "text/x-component",
            origin: base,
            cookie: cookie ?? "",
          },
          body: JSON.stringify([{ applicationId }]),
        });
      } catch (error) {
        throw new PortalDown(error instanceof Error ? error.message : String(error));
      }
      const text = await response.text().catch(() => "");
      if (!response.ok) return { ok: false, code: `HTTP_${response.status}`, error: text.slice(0, 200) };
      return parseResult(text);
    },
    kill: () => signal("SIGKILL"),
    stop: () => signal("SIGTERM"),
  };
}

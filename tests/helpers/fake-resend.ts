// A local HTTP server standing in for Resend's API (POST /emails), so the
// Resend path is tested with no network. It remembers idempotency keys as
// Resend does: the same key returns the first answer and sends nothing new.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeResend {
  url: string;
  requests: {
    key: string | undefined;
    auth: string | undefined;
    body: { to: string | string[]; subject: string; html: string };
  }[];
  delivered: Map<string, string>;
  /** Answer the next n requests with HTTP 500. */
  failNext(n: number): void;
  /** Refuse the next n requests for good (HTTP 422, validation_error), as for an address Resend will not send to. */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

export async function startFakeResend(): Promise<FakeResend> {
  let failures = 0;
  let refusals = 0;
  const requests: FakeResend["requests"] = [];
  const delivered = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const key = req.headers["idempotency-key"] as string | undefined;
      requests.push({ key, auth: req.headers.authorization, body: JSON.parse(raw || "{}") });
      res.setHeader("content-type", "application/json");
      if (req.method !== "POST" || req.url !== "/emails") {
        res.statusCode = 404;
        res.end(JSON.stringify({ name: "not_found", message: "no such route" }));
        return;
      }
      if (refusals > 0) {
        refusals--;
        res.statusCode = 422;
        res.end(JSON.stringify({ statusCode: 422, name: "validation_error", message: "Invalid `to` field." }));
        return;
      }
      if (failures > 0) {
        failures--;
        res.statusCode = 500;
        res.end(JSON.stringify({ name: "internal_server_error", message: "fake outage" }));
        return;
      }
      const id = (key && delivered.get(key)) ?? randomUUID();
      if (key) delivered.set(key, id);
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    failNext: (n) => {
      failures = n;
    },
    refuseNext: (n) => {
      refusals = n;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

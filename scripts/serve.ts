// The portal's HTTP server: Next's request handler behind node:http (Next's
// documented custom server), for two things `next start` cannot do:
//   - the client address comes from the socket, or from the entries that the
//     TRUST_PROXY_HOPS proxies in front appended; whatever a client writes in
//     X-Forwarded-For itself is replaced before Next sees the request;
//   - SIGTERM is graceful: stop accepting connections, let the portal's
//     shutdown hooks finish (running provisioning steps, the background job),
//     then exit.
// Started by `npm start` (scripts/start.ts), the browser tests and the benchmarks.
import { createServer } from "node:http";
import next from "next";
import { clientAddress } from "@/lib/client-address";
import { env, loadEnvFiles } from "@/lib/env";
import { runShutdownHooks } from "@/lib/lifecycle";

const dev = process.argv.includes("--dev");

async function main() {
  loadEnvFiles();
  const config = env();
  const app = next({ dev, dir: process.cwd(), port: config.PORT, hostname: "localhost" });
  await app.prepare();
  const handle = app.getRequestHandler();
  let warned = false;

  const server = createServer((req, res) => {
    const forwarded = req.headers["x-forwarded-for"];
    const sent = Array.isArray(forwarded) ? forwarded.join(",") : forwarded;
    if (sent && config.TRUST_PROXY_HOPS === 0 && !warned) {
      warned = true;
      console.warn(
        "[portal] a request came with X-Forwarded-For, which is ignored: TRUST_PROXY_HOPS is 0. " +
          "If the portal is behind a proxy, set TRUST_PROXY_HOPS to the number of proxies.",
      );
    }
    req.headers["x-forwarded-for"] = clientAddress(sent, req.socket.remoteAddress, config.TRUST_PROXY_HOPS);
    delete req.headers["x-real-ip"];
    void handle(req, res);
  });
  server.listen(config.PORT, () => console.log(`• Listening on port ${config.PORT}`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`• ${signal}: finishing work in hand before exiting`);
    server.close();
    server.closeIdleConnections();
    await runShutdownHooks();
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// Samples the server's Threads_connected and this process's memory while a
// benchmark runs, from a connection of its own.
import { connect, type ServerConfig } from "@/lib/db/server";
import { benchServer } from "./lib";

export interface Samples {
  baselineConnections: number;
  peakConnections: number;
  peakRssMiB: number;
}

export async function sampleWhile<T>(
  work: () => Promise<T>,
  everyMs = 20,
  server: ServerConfig = benchServer(),
): Promise<[T, Samples]> {
  const conn = await connect(server);
  const read = async () => {
    const [row] = await conn.query("SHOW GLOBAL STATUS LIKE 'Threads_connected'");
    return Number(row?.Value);
  };
  const baselineConnections = await read();
  let peakConnections = baselineConnections;
  let peakRss = process.memoryUsage().rss;
  let running = true;
  const loop = (async () => {
    while (running) {
      peakConnections = Math.max(peakConnections, await read());
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  try {
    const result = await work();
    return [result, { baselineConnections, peakConnections, peakRssMiB: peakRss / 2 ** 20 }];
  } finally {
    running = false;
    await loop;
    await conn.end();
  }
}

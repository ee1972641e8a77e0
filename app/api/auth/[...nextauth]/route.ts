// next-auth's routes, with two things it does not do itself:
//   - a body limit: next-auth reads any body whole before anything checks it,
//     so a request larger than a sign-in form ever is gets 413 first (by its
//     Content-Length, or by counting a streamed body, which next-auth then
//     gets as a new request with the bytes already read);
//   - Retry-After on a throttled sign-in: next-auth puts the refusal's code
//     (lib/tenant-auth/sign-in-messages.ts) in the address it redirects to.

import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { THROTTLE_CODE } from "@/lib/tenant-auth/sign-in-messages";

/** A sign-in form is a few hundred bytes; 8 KiB leaves room and bounds what a request can make us parse. */
const MAX_BODY_BYTES = 8 * 1024;

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context): Promise<Response> {
  const body = request.body ? await readLimited(request) : undefined;
  if (body === "too large") return new Response("Request body too large.", { status: 413 });
  const forwarded = new NextRequest(request.url, { method: request.method, headers: request.headers, body });
  const response = await NextAuth(authOptions())(forwarded, context);
  return withRetryAfter(response);
}

/** The body, or "too large" as soon as it is known to exceed the limit (nothing beyond it is read). */
async function readLimited(request: Request): Promise<Uint8Array<ArrayBuffer> | "too large"> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) return "too large";
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return "too large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Adds Retry-After when next-auth's answer sends the browser to a throttling code (Location, or `{ url }` for fetch). */
async function withRetryAfter(response: Response): Promise<Response> {
  let target = response.headers.get("location");
  if (!target && response.headers.get("content-type")?.includes("application/json")) {
    const answer: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    if (answer && typeof answer === "object" && "url" in answer && typeof answer.url === "string") target = answer.url;
  }
  const seconds = target ? retryAfterOf(target) : undefined;
  if (seconds !== undefined) response.headers.set("Retry-After", String(seconds));
  return response;
}

function retryAfterOf(target: string): number | undefined {
  try {
    const match = THROTTLE_CODE.exec(new URL(target, "http://localhost").searchParams.get("error") ?? "");
    return match ? Number(match[2]) : undefined;
  } catch {
    return undefined;
  }
}

export { handler as GET, handler as POST };

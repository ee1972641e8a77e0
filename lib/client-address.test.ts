import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("client address", () => {
  it("is the socket's peer when no proxy is trusted, whatever the client wrote", () => {
    expect(clientAddress("6.6.6.6", "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(clientAddress(undefined, "::ffff:198.51.100.4", 0)).toBe("198.51.100.4");
  });

  it("is the entry the nearest trusted proxy appended, never one the client wrote", () => {
    // The client sent "6.6.6.6"; the one proxy in front (10.0.0.1) appended what it saw.
    expect(clientAddress("6.6.6.6, 203.0.113.7", "10.0.0.1", 1)).toBe("203.0.113.7");
    // Two proxies: the outer one's view is second from the end of the header.
    expect(clientAddress("6.6.6.6, 203.0.113.7, 10.0.0.2", "10.0.0.1", 2)).toBe("203.0.113.7");
  });

  it("falls back to the farthest entry there is when fewer proxies appended than are trusted", () => {
    expect(clientAddress("203.0.113.7", "10.0.0.1", 3)).toBe("203.0.113.7");
    expect(clientAddress(" , ", "10.0.0.1", 1)).toBe("10.0.0.1");
  });
});

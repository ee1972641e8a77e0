import { describe, expect, it } from "vitest";
import { clientAddress } from "./request";

describe("client address", () => {
  it("takes the entry the nearest trusted proxy appended, never one the client wrote", () => {
    // The client sent "6.6.6.6"; the one proxy in front appended what it saw.
    expect(clientAddress("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    // Two proxies: the outer one's view is second from the end.
    expect(clientAddress("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
  });

  it("uses the only entry there is (next start sets it from the socket)", () => {
    expect(clientAddress("127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientAddress("::1", 1)).toBe("::1");
  });

  it("has no address without the header", () => {
    expect(clientAddress(null, 1)).toBeUndefined();
    expect(clientAddress(" , ", 1)).toBeUndefined();
  });
});

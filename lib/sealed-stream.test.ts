import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { openStream, sealStream } from "./sealed-stream";

const key = randomBytes(32);

async function seal(plain: Buffer, recordBytes = 16, k = key): Promise<Buffer> {
  // Written in uneven pieces, as gzip hands them over.
  const pieces = [];
  for (let at = 0; at < plain.length; at += 7) pieces.push(plain.subarray(at, at + 7));
  return buffer(Readable.from(pieces).pipe(sealStream(k, recordBytes)));
}

async function open(sealed: Buffer, k = key): Promise<Buffer> {
  const pieces = [];
  for (let at = 0; at < sealed.length; at += 5) pieces.push(sealed.subarray(at, at + 5));
  return buffer(Readable.from(pieces).pipe(openStream(k)));
}

describe("sealed streams", () => {
  it.each([0, 1, 15, 16, 17, 53])("round-trips %i bytes in records of 16", async (size) => {
    const plain = randomBytes(size);
    const sealed = await seal(plain);
    expect(sealed.subarray(0, 8).toString()).toBe("TPBACKUP");
    expect(await open(sealed)).toEqual(plain);
  });

  it("does not open under another key", async () => {
    await expect(open(await seal(randomBytes(40)), randomBytes(32))).rejects.toThrow(/record 0 does not authenticate/);
  });

  it("refuses a file cut short, at a record's end or inside one", async () => {
    const sealed = await seal(randomBytes(40)); // 16 + 16 + 8 (last)
    const record = 4 + 16 + 16;
    await expect(open(sealed.subarray(0, 16 + 2 * record))).rejects.toThrow(/cut short/);
    await expect(open(sealed.subarray(0, sealed.length - 3))).rejects.toThrow(/cut short/);
    await expect(open(sealed.subarray(0, 10))).rejects.toThrow(/shorter than its header/);
  });

  it("refuses bytes appended after the last record, records swapped, and any flipped bit", async () => {
    const sealed = await seal(randomBytes(40));
    await expect(open(Buffer.concat([sealed, Buffer.from([1, 2, 3, 4, 5])]))).rejects.toThrow(
      /bytes after its last record/,
    );
    const record = 4 + 16 + 16;
    const swapped = Buffer.concat([
      sealed.subarray(0, 16),
      sealed.subarray(16 + record, 16 + 2 * record),
      sealed.subarray(16, 16 + record),
      sealed.subarray(16 + 2 * record),
    ]);
    await expect(open(swapped)).rejects.toThrow(/record 0 does not authenticate/);
    const flipped = Buffer.from(sealed);
    flipped[30] = (flipped[30] as number) ^ 1;
    await expect(open(flipped)).rejects.toThrow(/does not authenticate/);
    const header = Buffer.from(sealed);
    header[12] = (header[12] as number) ^ 1; // the nonce prefix, bound to every record
    await expect(open(header)).rejects.toThrow(/does not authenticate/);
  });

  it("refuses what is not a backup at all", async () => {
    await expect(open(Buffer.from("-- plain SQL, not sealed\nSELECT 1;\n"))).rejects.toThrow(
      /does not start like a backup file/,
    );
  });
});

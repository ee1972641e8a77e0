// Streaming AES-256-GCM for files too big to seal in one piece (backups). The
// stream is cut into records, each sealed on its own, so a reader never acts on
// bytes it has not authenticated, and a file cut short or with records
// reordered, dropped or appended does not open:
//
//   header   "TPBACKUP" (8 bytes), format version (1 byte), nonce prefix (7 random bytes)
//   record   u32 big-endian length (top bit set on the last record) | ciphertext | 16-byte tag
//
// A record's nonce is the prefix, a last-record flag byte and its index (u32);
// every record authenticates the header as associated data. The last record
// may be empty. The key is the caller's (a backup's own data key).
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { AppError } from "./errors";

const MAGIC = Buffer.from("TPBACKUP", "ascii");
const VERSION = 1;
const HEADER_BYTES = 16;
const TAG_BYTES = 16;
const LAST = 0x8000_0000;
export const RECORD_BYTES = 64 * 1024;

function nonce(prefix: Buffer, last: boolean, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 7);
  n[7] = last ? 1 : 0;
  n.writeUInt32BE(index, 8);
  return n;
}

function damaged(detail: string): AppError {
  return new AppError("INVALID_INPUT", `The backup file is damaged or not a backup: ${detail}.`);
}

/** Seals what is written to it; emits the header, then records of up to `recordBytes`. */
export function sealStream(key: Buffer, recordBytes = RECORD_BYTES): Transform {
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), randomBytes(7)]);
  const prefix = header.subarray(9);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  const record = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv("aes-256-gcm", key, nonce(prefix, last, index++));
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE((body.length | (last ? LAST : 0)) >>> 0);
    return Buffer.concat([length, body, cipher.getAuthTag()]);
  };
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (!started) {
        this.push(header);
        started = true;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      // Keep at least one byte back: the last record is written by flush, marked last.
      if (pendingBytes > recordBytes) {
        let all = Buffer.concat(pending, pendingBytes);
        while (all.length > recordBytes) {
          this.push(record(all.subarray(0, recordBytes), false));
          all = all.subarray(recordBytes);
        }
        pending = [all];
        pendingBytes = all.length;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(header);
      this.push(record(Buffer.concat(pending, pendingBytes), true));
      pending = [];
      done();
    },
  });
}

/** Opens a sealed stream; fails on a wrong key, any altered byte, a missing or extra record. */
export function openStream(key: Buffer): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let index = 0;
  let finished = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        if (!header) {
          if (buffered.length < HEADER_BYTES) return done();
          header = buffered.subarray(0, HEADER_BYTES);
          if (!header.subarray(0, 8).equals(MAGIC)) throw damaged("it does not start like a backup file");
          if (header[8] !== VERSION) throw damaged(`unknown file version ${header[8]}`);
          header = Buffer.from(header);
          buffered = buffered.subarray(HEADER_BYTES);
        }
        while (buffered.length >= 4) {
          if (finished) throw damaged("there are bytes after its last record");
          const word = buffered.readUInt32BE(0);
          const last = (word & LAST) !== 0;
          const length = word & ~LAST;
          if (buffered.length < 4 + length + TAG_BYTES) break;
          const decipher = createDecipheriv("aes-256-gcm", key, nonce(header.subarray(9), last, index));
          decipher.setAAD(header);
          decipher.setAuthTag(buffered.subarray(4 + length, 4 + length + TAG_BYTES));
          let plain: Buffer;
          try {
            plain = Buffer.concat([decipher.update(buffered.subarray(4, 4 + length)), decipher.final()]);
          } catch {
            throw damaged(`record ${index} does not authenticate (altered, reordered, or sealed with another key)`);
          }
          index++;
          buffered = buffered.subarray(4 + length + TAG_BYTES);
          if (plain.length > 0) this.push(plain);
          if (last) finished = true;
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      if (!header) return done(damaged("it is shorter than its header"));
      if (!finished || buffered.length > 0) return done(damaged("it ends before its last record (cut short)"));
      done();
    },
  });
}

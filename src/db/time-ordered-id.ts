import { randomFillSync } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): milliseconds since 1970 first, then random bits. Rows keyed
 * by it are appended at the end of the primary key's index instead of scattered through it,
 * so writing many rows at once (an audited list) touches a few pages rather than one each.
 * Ids made in the same millisecond by this process carry a counter in the 12 bits after the
 * version (RFC 9562 §6.2, method 1), so they sort in the order they were made: the changes of
 * one HR import, or a listing's audit rows, read back in order.
 */
export function timeOrderedId(now = Date.now()): string {
  const bytes = randomBytes16();
  const [ms, counter] = stamp(now, ((bytes[6]! & 0x07) << 8) | bytes[7]!);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let lastMs = -1;
let lastCounter = 0;

/**
 * The millisecond and counter for the next id. A new millisecond starts the counter at a random
 * value below 2048, leaving room to count; the same millisecond (or a clock stepping back less
 * than a second) counts on, moving to the next millisecond if 4,096 were made in one.
 */
function stamp(now: number, randomStart: number): [number, number] {
  if (now > lastMs || lastMs - now >= 1_000) {
    lastMs = now;
    lastCounter = randomStart;
  } else if (lastCounter < 0xfff) {
    lastCounter += 1;
  } else {
    lastMs += 1;
    lastCounter = 0;
  }
  return [lastMs, lastCounter];
}

// Random bytes drawn 4 KiB at a time: an audited list takes a hundred ids, and asking the
// generator for 16 bytes at a time was a visible part of the request.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomBytes16(): Buffer {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + 16));
  used += 16;
  return bytes;
}

import { randomFillSync } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): milliseconds since 1970 first, then random bits. Rows keyed
 * by it are appended at the end of the primary key's index instead of scattered through it,
 * so writing many rows at once (an audited list) touches a few pages rather than one each.
 */
export function timeOrderedId(now = Date.now()): string {
  const bytes = randomFillSync(Buffer.alloc(16));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

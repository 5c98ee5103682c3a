/**
 * Finding ids unique across machines: a second bot of the same enterprise (another site, a new machine, a
 * restored backup) must never make an id another one already sent to the bureau, where (enterprise, id) is the
 * key. An id is `F` + the finding's China day + `-` + a UUIDv7 (RFC 9562: 48-bit milliseconds, then random bits
 * from node:crypto), so ids still sort by time and show their day. Ids of the earlier layout
 * (`F20261124-000001`, a counter per data directory) stay readable as they are.
 */
import { randomBytes } from 'node:crypto';

/** A UUIDv7 for `at` (time-ordered, 74 random bits). */
export function uuidV7(at: Date = new Date()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(at.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new finding id for a finding of China day `day` (`YYYY-MM-DD`) first reported at `at`. */
export function newFindingId(day: string, at: Date): string {
  return `F${day.replaceAll('-', '')}-${uuidV7(at)}`;
}

/**
 * Enterprise tokens for the intake API: random, shown once, stored only as their SHA-256 hash, so a copy of the
 * database gives nobody a token that works.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of every token, so one pasted into the wrong setting is recognisable. */
const TOKEN_PREFIX = 'cvb_';

/** A new token (32 random bytes). */
export function newEnterpriseToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The stored form of `token` (hex SHA-256). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` hashes to `storedHash`, compared in constant time. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(tokenHash(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

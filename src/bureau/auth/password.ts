/**
 * Passwords of the bureau's console users, hashed with scrypt (node:crypto) and a random salt per password. The
 * stored form names its parameters (`scrypt$N$r$p$salt$hash`, base64url), so they can be raised later without
 * breaking the hashes already stored; checking compares in constant time.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** Cost parameters of new hashes: N = 2^15 takes 32 MiB and tens of milliseconds, as OWASP suggests for scrypt. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** The most any stored hash may ask of the machine (a hash with larger parameters is refused, not computed). */
const MAX_MEMORY = 128 * 2 ** 20;

/** The shortest password accepted for a new user. */
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, options: ScryptOptions & { N: number; r: number }) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hash `password` for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** Whether `password` matches `stored`; false (never an error) for a malformed or unknown stored form. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0)) return false;
  if (128 * params.N * params.r > MAX_MEMORY) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(password, Buffer.from(salt, 'base64url'), params).catch(() => undefined);
  return key !== undefined && timingSafeEqual(key, expected);
}

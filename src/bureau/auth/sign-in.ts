/**
 * Signing in to the console, with failed attempts limited per login and per address. The counters live in the
 * bureau's database beside the sessions: every instance behind a balancer sees the same count, and a restart does
 * not hand a guesser a fresh allowance. A locked key is refused before any password is checked, and an unknown
 * login costs the same scrypt work as a known one, so neither timing nor wording tells which logins exist.
 */
import type { BureauStore, BureauUser } from '../store/types.js';
import { hashPassword, verifyPassword } from './password.js';
import { newToken } from './tokens.js';
import type { AuthStore } from './types.js';

/** The limits: failures per login and per address within the window, and how long a key stays locked. */
export const SIGN_IN_LIMITS = { perLogin: 5, perAddress: 20, windowMinutes: 15, lockMinutes: 15 } as const;

/** What a sign-in came to. */
export type SignInResult =
  | { kind: 'ok'; user: BureauUser }
  | { kind: 'wrong' }
  | { kind: 'locked'; minutes: number };

let dummyHash: Promise<string> | undefined;

/** Check `login` and `password` from `address` at `now`, counting a failure against both keys. */
export async function signIn(
  store: BureauStore,
  auth: AuthStore,
  attempt: { login: string; password: string; address: string },
  now: Date,
): Promise<SignInResult> {
  const keys: Array<[string, number]> = [
    [`login:${attempt.login.trim().toLowerCase()}`, SIGN_IN_LIMITS.perLogin],
    [`address:${attempt.address}`, SIGN_IN_LIMITS.perAddress],
  ];
  const locked = async () => {
    let until = 0;
    for (const [key] of keys) {
      const lockedUntil = (await auth.failures(key))?.lockedUntil;
      if (lockedUntil) until = Math.max(until, Date.parse(lockedUntil));
    }
    return until > now.getTime() ? Math.ceil((until - now.getTime()) / 60_000) : 0;
  };
  const before = await locked();
  if (before > 0) return { kind: 'locked', minutes: before };

  const user = attempt.login ? await store.userByLogin(attempt.login.trim()) : undefined;
  dummyHash ??= hashPassword(newToken());
  const matches = await verifyPassword(attempt.password, user?.passwordHash ?? (await dummyHash));
  if (user && matches) {
    await auth.clearFailures(keys[0]?.[0] as string);
    return { kind: 'ok', user };
  }
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000).toISOString();
  const lockUntil = new Date(now.getTime() + SIGN_IN_LIMITS.lockMinutes * 60_000).toISOString();
  for (const [key, limit] of keys)
    await auth.recordFailure(key, now.toISOString(), windowStart, limit, lockUntil);
  const after = await locked();
  return after > 0 ? { kind: 'locked', minutes: after } : { kind: 'wrong' };
}

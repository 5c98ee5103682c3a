/**
 * Signing in to the console, with attempts limited per login at one address and per address, and a login slowed
 * down (never locked) by failures from elsewhere. The counters live in the bureau's database beside the sessions:
 * every instance behind a balancer sees the same count, and a restart does not hand a guesser a fresh allowance.
 * Each attempt is counted before its password is checked, so requests sent at once cannot all slip under the
 * limit; a locked key is refused unchecked, and an unknown login costs the same scrypt work as a known one, so
 * neither timing nor wording tells which logins exist.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BureauStore, BureauUser } from '../store/types.js';
import { hashPassword, verifyPassword } from './password.js';
import { newToken } from './tokens.js';
import type { AuthStore, FailureCount } from './types.js';

/**
 * The limits within a window of 15 minutes: attempts per login from one address and per address (beyond them
 * that pair or address is locked for 15 minutes); attempts at a login from other addresses slow it down instead
 * (beyond `freeFromElsewhere`, each adds `slowStepMs` before the password is checked, up to `maxSlowMs`), so
 * nobody can lock someone else out by guessing at their login.
 */
export const SIGN_IN_LIMITS = {
  perLoginAndAddress: 5,
  perAddress: 20,
  freeFromElsewhere: 5,
  slowStepMs: 1_000,
  maxSlowMs: 10_000,
  windowMinutes: 15,
  lockMinutes: 15,
} as const;

/** What a sign-in came to. */
export type SignInResult =
  | { kind: 'ok'; user: BureauUser }
  | { kind: 'wrong' }
  | { kind: 'locked'; minutes: number };

/** Wait `ms` (the slowing down; tests pass their own). */
export type Pause = (ms: number) => Promise<void>;

let dummyHash: Promise<string> | undefined;

/** The count under `key` (zero when absent). */
const countOf = (counts: Map<string, FailureCount>, key: string) => counts.get(key)?.failures ?? 0;

/**
 * Check `login` and `password` from `address` at `now`. The attempt is counted first, in one statement, and only
 * an attempt within the limits is checked: however many arrive at once, no more than the limit are.
 */
export async function signIn(
  store: BureauStore,
  auth: AuthStore,
  attempt: { login: string; password: string; address: string },
  now: Date,
  pause: Pause = (ms) => sleep(ms),
): Promise<SignInResult> {
  const login = attempt.login.trim().toLowerCase();
  const keys = {
    pair: `pair:${login}|${attempt.address}`,
    address: `address:${attempt.address}`,
    login: `login:${login}`,
  };
  const limits = [
    { key: keys.pair, limit: SIGN_IN_LIMITS.perLoginAndAddress },
    { key: keys.address, limit: SIGN_IN_LIMITS.perAddress },
  ];
  const windowMs = SIGN_IN_LIMITS.windowMinutes * 60_000;
  const counts = await auth.countAttempt(
    // The login's own count is never a lock: it slows the login down.
    [keys.pair, keys.address, keys.login],
    now.toISOString(),
    new Date(now.getTime() - windowMs).toISOString(),
  );
  const over = limits.filter(({ key, limit }) => countOf(counts, key) > limit);
  if (over.length > 0) {
    // Refused until the key's lock ends, or (its lock not yet written by the failure that reached the limit)
    // until its window ends.
    const until = Math.max(
      ...over.map(({ key }) => {
        const count = counts.get(key);
        return count?.lockedUntil
          ? Date.parse(count.lockedUntil)
          : Date.parse(count?.firstAt ?? '') + windowMs;
      }),
    );
    return { kind: 'locked', minutes: Math.max(1, Math.ceil((until - now.getTime()) / 60_000)) };
  }

  const elsewhere = countOf(counts, keys.login) - countOf(counts, keys.pair);
  const slow = Math.min(
    (elsewhere - SIGN_IN_LIMITS.freeFromElsewhere) * SIGN_IN_LIMITS.slowStepMs,
    SIGN_IN_LIMITS.maxSlowMs,
  );
  if (slow > 0) await pause(slow);

  const user = login ? await store.userByLogin(attempt.login.trim()) : undefined;
  dummyHash ??= hashPassword(newToken());
  const matches = await verifyPassword(attempt.password, user?.passwordHash ?? (await dummyHash));
  if (user && matches) {
    await auth.clearFailures(keys.pair);
    await auth.forgetAttempt([keys.address, keys.login]);
    return { kind: 'ok', user };
  }
  const reached = limits.filter(({ key, limit }) => countOf(counts, key) >= limit).map(({ key }) => key);
  if (reached.length === 0) return { kind: 'wrong' };
  await auth.lock(reached, new Date(now.getTime() + SIGN_IN_LIMITS.lockMinutes * 60_000).toISOString());
  return { kind: 'locked', minutes: SIGN_IN_LIMITS.lockMinutes };
}

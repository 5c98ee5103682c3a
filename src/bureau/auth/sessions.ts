/**
 * Console sessions: a random id in an httpOnly cookie, only its hash in the database (so every instance of the
 * service knows it and a leaked table opens nothing), a CSRF token of its own, an end after a working day, and
 * logout that deletes it. Each request finds its user afresh, so a removed user's sessions end at once.
 */
import type { BureauStore, BureauUser } from '../store/types.js';
import { readCookie } from './cookies.js';
import { newToken, tokenHash } from './tokens.js';
import type { AuthStore } from './types.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'bureau_session';

/** How long a session lasts from sign-in. */
export const SESSION_HOURS = 8;

/** A signed-in request's session. */
export interface Session {
  user: BureauUser;
  csrfToken: string;
  idHash: string;
}

/** Open a session for `user`: the cookie's value, its CSRF token and how long the cookie should live. */
export async function startSession(
  auth: AuthStore,
  user: BureauUser,
  now: Date,
): Promise<{ token: string; csrfToken: string; maxAgeSeconds: number }> {
  const token = newToken();
  const csrfToken = newToken();
  const maxAgeSeconds = SESSION_HOURS * 3600;
  await auth.deleteExpiredSessions(now.toISOString());
  await auth.createSession({
    idHash: tokenHash(token),
    userId: user.id,
    login: user.login,
    csrfToken,
    expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000).toISOString(),
  });
  return { token, csrfToken, maxAgeSeconds };
}

/** The session of the request with `cookieHeader`, or undefined (none, expired, or its user is gone). */
export async function currentSession(
  store: BureauStore,
  auth: AuthStore,
  cookieHeader: string | undefined,
  now: Date,
): Promise<Session | undefined> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!token || token.length > 100) return undefined;
  const idHash = tokenHash(token);
  const row = await auth.sessionByHash(idHash, now.toISOString());
  if (!row) return undefined;
  const user = await store.userByLogin(row.login);
  if (!user || user.id !== row.userId) return undefined;
  return { user, csrfToken: row.csrfToken, idHash };
}

/** End `session` (logout). */
export async function endSession(auth: AuthStore, session: Session): Promise<void> {
  await auth.deleteSession(session.idHash);
}

/**
 * What the console's sign-in keeps in the bureau's database: sessions (by the hash of their id, so a copy of the
 * table opens none) and failed sign-ins per key (a login or an address), shared by every instance of the service.
 */

/** A stored session: whose it is, its CSRF token and when it ends. */
export interface SessionRow {
  idHash: string;
  userId: number;
  login: string;
  csrfToken: string;
  expiresAt: string;
}

/** The sign-in attempts counted under one key since `firstAt`, and the end of its lockout when there is one. */
export interface FailureCount {
  failures: number;
  firstAt: string;
  lockedUntil?: string;
}

/** The sessions and sign-in counters, in the bureau's database. */
export interface AuthStore {
  createSession(row: SessionRow): Promise<void>;
  /** The session with this id hash while it has not expired at `now`. */
  sessionByHash(idHash: string, now: string): Promise<SessionRow | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Drop every session that expired before `now`. */
  deleteExpiredSessions(now: string): Promise<void>;
  /**
   * Count one more sign-in attempt under each key at `now`, in one statement (atomic for any number of requests
   * at once, on several instances), before any password is checked; a count whose window began before
   * `windowStart` starts afresh unless the key is locked. Returns each key's count after this attempt.
   */
  countAttempt(keys: readonly string[], now: string, windowStart: string): Promise<Map<string, FailureCount>>;
  /** Lock each key until `lockUntil` (their limit was reached by a failure). */
  lock(keys: readonly string[], lockUntil: string): Promise<void>;
  /** Take this attempt back from each key (it succeeded: it was no failure). */
  forgetAttempt(keys: readonly string[]): Promise<void>;
  clearFailures(key: string): Promise<void>;
}

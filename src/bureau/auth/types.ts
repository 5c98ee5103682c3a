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

/** The failed sign-ins counted under one key since `firstAt`, and the end of its lockout when there is one. */
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
  failures(key: string): Promise<FailureCount | undefined>;
  /**
   * Count one more failure under `key` at `now`, starting the count afresh when the last one began before
   * `windowStart`; lock the key until `lockUntil` when the count reaches `limit`. Atomic, for several instances.
   */
  recordFailure(
    key: string,
    now: string,
    windowStart: string,
    limit: number,
    lockUntil: string,
  ): Promise<FailureCount>;
  clearFailures(key: string): Promise<void>;
}

/**
 * Per-user hourly limit on ID numbers queried (config.chat.maxQueriesPerHour), a sliding window in memory.
 */

const HOUR_MS = 3_600_000;

export interface RateDecision {
  /** How many of the requested queries may go ahead. */
  allowed: number;
  /** When the next one frees up (epoch ms), if some were refused. */
  retryAt?: number;
}

export class QueryRateLimit {
  private readonly used = new Map<string, number[]>();

  constructor(private readonly maxPerHour: number) {}

  /** Take up to `count` queries for `user` at `now`; the allowed ones are counted. */
  take(user: string, count: number, now: number): RateDecision {
    const recent = (this.used.get(user) ?? []).filter((t) => t > now - HOUR_MS);
    const allowed = Math.max(0, Math.min(count, this.maxPerHour - recent.length));
    for (let i = 0; i < allowed; i++) recent.push(now);
    this.used.set(user, recent);
    if (allowed === count) return { allowed };
    return { allowed, retryAt: (recent[0] ?? now) + HOUR_MS };
  }
}

/**
 * The WAF in front of the simulated platform: more than N queries in any rolling minute are refused.
 * Only queries let through count, so a client that waits is let in again once the window has moved on.
 */

export const RATE_WINDOW_MS = 60_000;

/** A rolling one-minute window of accepted queries. */
export class RollingWindow {
  readonly #times: number[] = [];
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Whether one more query may pass under `limit` (absent = no limit); counts it when it does. */
  admit(limit: number | undefined): boolean {
    const now = this.#now();
    while (this.#times.length > 0 && now - (this.#times[0] as number) >= RATE_WINDOW_MS) this.#times.shift();
    if (limit !== undefined && this.#times.length >= limit) return false;
    this.#times.push(now);
    return true;
  }
}

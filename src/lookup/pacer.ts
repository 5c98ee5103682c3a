/**
 * The national platform's pace: at most one query every `lookup.minIntervalMs`, whoever asks. `wait` resolves
 * when the caller may send its query now (the moment counts as the last query's); a waiting caller of a higher
 * priority goes first. One process alone: `memoryPacer` (the client's own queue already orders by priority).
 * Several instances on one database: the store's pacer (src/store/sql/platform-pacer.ts).
 */
import type { LookupPriority } from './port.js';

export interface Pacer {
  /** Resolves once a query may go to the platform; rejects with the signal's reason when it aborts. */
  wait(priority: LookupPriority, signal?: AbortSignal): Promise<void>;
}

/** The order of priorities, highest first served: chat, then batch, then background. */
export const PRIORITY_RANK: Record<LookupPriority, number> = { chat: 2, batch: 1, background: 0 };

/** Keep at least `intervalMs` between two grants of this process (callers come one at a time). */
export function memoryPacer(
  intervalMs: number,
  now: () => number,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): Pacer {
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    async wait(_priority, signal) {
      const wait = lastAt + intervalMs - now();
      if (wait > 0) await sleep(wait, signal);
      lastAt = now();
    },
  };
}

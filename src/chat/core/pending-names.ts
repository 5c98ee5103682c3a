/**
 * Queries waiting for a name, per user and conversation, remembered a short while: the platform needs the
 * holder's name, so "11010519491231002X" is answered with a question and the next bare name completes it.
 */
import type { ParsedQuery } from '../../domain/query.js';

interface Waiting {
  queries: ParsedQuery[];
  until: number;
}

export class PendingNames {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly ttlMs: number) {}

  /** Remember `queries` (first asked first) for `key`, replacing older ones. */
  set(key: string, queries: ParsedQuery[], now: number): void {
    if (queries.length === 0) this.waiting.delete(key);
    else this.waiting.set(key, { queries, until: now + this.ttlMs });
  }

  /** The first query waiting for `key`, left waiting; undefined when nothing waits or it waited too long. */
  peek(key: string, now: number): ParsedQuery | undefined {
    const w = this.waiting.get(key);
    return w && w.until >= now ? w.queries[0] : undefined;
  }

  /** Take (and forget) what waits for `key`; undefined when nothing waits or it waited too long. */
  take(key: string, now: number): ParsedQuery[] | undefined {
    const w = this.waiting.get(key);
    this.waiting.delete(key);
    return w && w.until >= now ? w.queries : undefined;
  }
}

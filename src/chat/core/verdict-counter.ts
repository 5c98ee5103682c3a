/**
 * A per-enterprise count of the verdicts the bot gave, kept in the store (`chat-stats`), for `统计`.
 * Findings hold only the problems; this counter also knows how many were fine. Every instance adds to the one
 * document; `counts` reads it afresh, so it includes the other instances' verdicts.
 */
import type { VerdictStatus } from '../../domain/status.js';
import type { StoreDocument } from '../../store/document.js';
import type { ChatServices } from './services.js';

/** Counts by status. */
export type StatusCounts = Partial<Record<VerdictStatus, number>>;

interface CounterData {
  byKey: Record<string, StatusCounts>;
}

export class VerdictCounter {
  private constructor(private readonly file: StoreDocument<CounterData>) {}

  /** Open (or create) the counter file. */
  static async open(store: ChatServices['store']): Promise<VerdictCounter> {
    return new VerdictCounter(
      await store.file<CounterData>('chat-stats', { version: 1, defaults: () => ({ byKey: {} }) }),
    );
  }

  /** Count verdicts under `key` (an enterprise, or a room / user when no enterprise is configured). */
  async record(key: string, statuses: VerdictStatus[]): Promise<void> {
    if (statuses.length === 0) return;
    await this.file.update((data) => {
      const counts = data.byKey[key] ?? {};
      for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
      data.byKey[key] = counts;
    });
  }

  /** Counts under `key`, as the database holds them now. */
  async counts(key: string): Promise<StatusCounts> {
    await this.file.reload();
    return { ...this.file.data.byKey[key] };
  }
}

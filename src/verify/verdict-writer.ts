/**
 * Saves a batch job's verdicts in `batch_verdicts` in batches: the verdicts saved while one insert is on its way
 * go together in the next (up to MAX_ROWS a statement), and each `save` resolves once its row is committed.
 * A key saved again replaces its verdict (`on conflict … do update`): a retry round's answer replaces the
 * `unverifiable` verdict it asked again for, and a row verified by two instances (one took the job over from the
 * other) keeps the later of two verdicts of the same person.
 */
import type { Verdict } from '../domain/verdict.js';
import type { SqlDb } from '../sql/db.js';

/** Rows in one insert at most. */
const MAX_ROWS = 500;

interface Waiting {
  key: string;
  verdict: Verdict;
  resolve(): void;
  reject(error: unknown): void;
}

export class VerdictWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly db: SqlDb,
    private readonly jobId: string,
  ) {}

  /** Save `verdict` under `key`; resolves once it is committed. */
  save(key: string, verdict: Verdict): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, verdict, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        void this.drain();
      }
    });
  }

  /** Write what waits, a batch at a time, until nothing does. */
  private async drain(): Promise<void> {
    for (;;) {
      const batch = this.waiting.splice(0, MAX_ROWS);
      if (batch.length === 0) {
        this.writing = false;
        return;
      }
      try {
        await this.insert(batch);
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  }

  private async insert(batch: readonly Waiting[]): Promise<void> {
    // One row per key (the last saved): an insert may not update the same row twice.
    const byKey = new Map(batch.map((w) => [w.key, JSON.stringify(w.verdict)]));
    await this.db.query(
      `insert into batch_verdicts (job_id, key, verdict)
       select $1, k, v::jsonb from unnest($2::text[], $3::text[]) as t (k, v)
       on conflict (job_id, key) do update set verdict = excluded.verdict`,
      [this.jobId, [...byKey.keys()], [...byKey.values()]],
    );
  }
}

/**
 * When the ledgers' background work runs: the day's re-check from `recheckHour` and each ledger's digest from
 * `remindHour` (China time), once a day each. The chat host calls `tick` on its timer; the clock is injected,
 * so tests move it across days, restarts and jumps. What ran is kept in ledger.json by day, so a restart does
 * not run a day twice, a clock set back runs nothing again, and days missed (the bot was down, the clock jumped
 * ahead) are caught up once, as today's round, at the next tick. With `runs`, a day's re-check and each ledger's
 * digest of a day are claimed first, so that of several instances on one database one runs each (a run whose
 * instance died is taken over once its claim runs out; a failed one is given back for the next tick).
 */
import { addDays } from '../domain/dates.js';
import type { LedgerBook, LedgerStore } from '../store/ledger-store.js';
import { logger } from '../util/logger.js';
import type { DigestOutcome } from './ledger-reminders.js';

const log = logger('ledger');

/** Named runs claimed across instances (store/sql/claims.ts ClaimedRuns). */
export interface DayRuns {
  claim(name: string): Promise<boolean>;
  finish(name: string): Promise<void>;
  release(name: string): Promise<void>;
}

export interface SchedulerDeps {
  ledger: LedgerStore;
  now: () => Date;
  /** The day of `now` in China (or the configured `today`). */
  today: () => string;
  recheckHour: number;
  remindHour: number;
  /** Run the day's re-check; stops early when `signal` aborts. */
  recheck: (today: string, signal: AbortSignal) => Promise<unknown>;
  /** Push one ledger's digest of `today`. */
  digest: (book: LedgerBook, today: string) => Promise<DigestOutcome>;
  /** Claims each run across instances (absent: this process alone runs them). */
  runs?: DayRuns;
}

/** Whether a daily round last run on `last` is due on `today` at `hour`. */
export function roundDue(last: string | undefined, today: string, hour: number, fromHour: number): boolean {
  if (last !== undefined && last >= today) return false;
  // A whole day missed is caught up at once; otherwise the round waits for its hour.
  if (last !== undefined && last < addDays(today, -1)) return true;
  return hour >= fromHour;
}

/** The hour of an instant in China (UTC+8). */
export function chinaHour(at: Date): number {
  return (at.getUTCHours() + 8) % 24;
}

/** The daily rounds of the ledgers. */
export class LedgerScheduler {
  private rechecking: Promise<void> | undefined;
  private digesting: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Start what is due now; resolves when what this tick started has ended. Never rejects. */
  async tick(): Promise<void> {
    if (this.abort.signal.aborted) return;
    // Another instance sharing the database may have changed the ledgers since this one last looked.
    const reloaded = await this.deps.ledger.reload().then(
      () => true,
      (error: unknown) => log.error({ error: String(error) }, 'ledger reload failed'),
    );
    if (!reloaded) return;
    // Nothing to do without a ledger (and nothing to write).
    if (this.deps.ledger.books.length === 0) return;
    const today = this.deps.today();
    const hour = chinaHour(this.deps.now());
    const started: Array<Promise<void>> = [];
    if (!this.rechecking && roundDue(this.deps.ledger.lastRecheckOn, today, hour, this.deps.recheckHour)) {
      this.rechecking = this.runRecheck(today).finally(() => {
        this.rechecking = undefined;
      });
      started.push(this.rechecking);
    }
    if (!this.digesting) {
      const due = this.deps.ledger.books.filter((b) =>
        roundDue(b.lastDigestOn, today, hour, this.deps.remindHour),
      );
      if (due.length > 0) {
        this.digesting = this.runDigests(due, today).finally(() => {
          this.digesting = undefined;
        });
        started.push(this.digesting);
      }
    }
    await Promise.all(started);
  }

  /**
   * Stop the re-check before its next person and wait for what is running, at most `graceMs` (a query stuck on
   * a hanging platform is not waited for: its answer is simply not recorded).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all([this.rechecking, this.digesting]), grace]);
    clearTimeout(timer);
  }

  private async runRecheck(today: string): Promise<void> {
    await this.claimed(`ledger-recheck:${today}`, {}, async () => {
      await this.deps.ledger.markRecheck(today);
      await this.deps.recheck(today, this.abort.signal);
    });
  }

  private async runDigests(books: LedgerBook[], today: string): Promise<void> {
    for (const book of books) {
      if (this.abort.signal.aborted) return;
      await this.claimed(
        `ledger-digest:${book.enterprise}:${today}`,
        { enterprise: book.enterprise },
        async () => {
          await this.deps.digest(book, today);
        },
      );
    }
  }

  /** Run `work` as the run `name` when this instance claims it (always without `runs`); never rejects. */
  private async claimed(name: string, about: object, work: () => Promise<void>): Promise<void> {
    const { runs } = this.deps;
    try {
      if (runs && !(await runs.claim(name))) return;
      await work();
      await runs?.finish(name);
    } catch (error) {
      log.error({ ...about, run: name, error: String(error) }, 'ledger round failed');
      await runs?.release(name).catch(() => {});
    }
  }
}

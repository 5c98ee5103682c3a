/**
 * The enterprise's self-check months for the bureau's monthly table (附件3, 生产经营单位 rows): the bot's tally of
 * a month (people checked, problems found; `monthSummary`, the store's tally) is queued in the outbox as that
 * month's summary, replacing the earlier count, and the sender takes it to `POST /api/v1/self-checks` with the
 * leads — so the bureau's table is right on any day and nothing is lost while the bureau is down.
 *
 * When: once at start (this month, and last month in case its last checks were never queued), at the end of
 * every batch, and after checks at most once every `debounceMs` (the months the checks fell in, so a check at
 * 23:59 on the last day still counts for its month). Stopping queues what a pending debounce would have. A
 * month with nothing checked is not sent unless it replaces a count sent before.
 */
import { addMonths, todayInChina } from '../domain/dates.js';
import type { MonthSummaryOf } from '../domain/self-check.js';
import type { Outbox } from '../store/outbox.js';
import { logger } from '../util/logger.js';
import type { Pipeline } from '../verify/pipeline.js';

const log = logger('bureau-outbox');

/** The longest a check waits before its month's summary is queued (default). */
export const SUMMARY_DEBOUNCE_MS = 10 * 60_000;

export interface SelfCheckReporterOptions {
  outbox: Outbox;
  /** The bot's tally of a month; the reporter asks it for every check the bot made (`enterprise` undefined). */
  monthSummary: MonthSummaryOf;
  /** Woken when a summary is queued (absent: no `bureau.url`, summaries wait in the outbox). */
  sender?: { wake(): void };
  debounceMs?: number;
  now?: () => Date;
  /** The China day the bot judges by (`config.today` or the clock's); default: the clock's. */
  today?: () => string;
}

/** Queues the month's self-check summary as checks happen (see the file comment). */
export class SelfCheckReporter {
  private timer: NodeJS.Timeout | undefined;
  /** Months with checks not yet counted in a queued summary. */
  private readonly touched = new Set<string>();

  constructor(private readonly options: SelfCheckReporterOptions) {}

  /** Queue this month's summary and last month's. */
  async start(): Promise<void> {
    const month = this.month();
    await this.queue([addMonths(`${month}-01`, -1).slice(0, 7), month]);
  }

  /** A check was made, judged as of a day of `month`: that month's summary is queued within `debounceMs`. */
  checked(month: string): void {
    this.touched.add(month);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.queueTouched();
    }, this.options.debounceMs ?? SUMMARY_DEBOUNCE_MS);
    this.timer.unref();
  }

  /** A batch finished: its month's summary is queued now. Never rejects (a batch's reply must not fail on it). */
  async batchDone(): Promise<void> {
    this.touched.add(this.month());
    await this.queueTouched();
  }

  /** Stop the debounce and queue what it held. Never rejects. */
  async stop(): Promise<void> {
    await this.queueTouched();
  }

  private month(): string {
    return (this.options.today?.() ?? todayInChina(this.now())).slice(0, 7);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Queue the months with checks; a failure (the tally, the disk) is logged and the months kept for next time. */
  private async queueTouched(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const months = [...this.touched].sort();
    this.touched.clear();
    try {
      await this.queue(months);
    } catch (error) {
      for (const month of months) this.touched.add(month);
      log.error({ err: error, months }, '自查情况未能排入发件箱');
    }
  }

  private async queue(months: readonly string[]): Promise<void> {
    const { outbox } = this.options;
    let queued = 0;
    for (const month of months) {
      const { people, problems } = await this.options.monthSummary(undefined, month);
      if (people === 0 && problems === 0 && !(await outbox.summaryOf(month))) continue;
      if (await outbox.queueSummary({ month, people, problems, at: this.now().toISOString() })) queued++;
    }
    if (queued === 0) return;
    this.options.sender?.wake();
  }
}

/** `pipeline` telling `reporter` of every check it makes. */
export function reportingChecks(pipeline: Pipeline, reporter: SelfCheckReporter): Pipeline {
  return {
    ...pipeline,
    async verify(query, ctx) {
      const verdict = await pipeline.verify(query, ctx);
      reporter.checked(ctx.today.slice(0, 7));
      return verdict;
    },
  };
}

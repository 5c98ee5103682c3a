/**
 * Progress of a batch: the events a runner emits and the pure rule deciding when a report is due
 * (start, each quarter, and at least every `intervalMs`, then the end), so a chat is kept informed without
 * being flooded.
 */
import { formatChinaTime } from '../domain/dates.js';
import { assertNever, type VerdictStatus } from '../domain/status.js';

/**
 * One progress event. `done`/`total` count distinct people (duplicates in the roster are verified once). A
 * `retry` event says the run waits before asking the platform again for the rows it could not answer; a
 * `budget` event, that the requester's hourly budget is used up and the other rows wait for it to free.
 */
export type BatchProgress =
  | (ProgressCounts & { kind: 'start' | 'progress' | 'end' })
  | (ProgressCounts & { kind: 'retry'; retry: RetryWait })
  | (ProgressCounts & { kind: 'budget'; budget: BudgetWait });

/** A wait for the hourly budget. */
export interface BudgetWait {
  /** Roster rows (duplicates included) not yet verified that wait. */
  rows: number;
  /** When the run goes on (epoch ms). */
  until: number;
}

/** A wait before a retry round. */
export interface RetryWait {
  /** Distinct people still `unverifiable` who will be asked again. */
  pending: number;
  /** This round (from 1) of `rounds`. */
  round: number;
  rounds: number;
  /** How long the run waits before asking. */
  delayMs: number;
}

/** What every progress event counts. */
export interface ProgressCounts {
  done: number;
  total: number;
  /** People already done before this run began (a resumed job); the rate counts only this run's work. */
  doneBefore: number;
  /** Person rows in the roster (duplicates included). */
  rows: number;
  elapsedMs: number;
  /** Verdicts so far by status, over distinct people. */
  byStatus: Partial<Record<VerdictStatus, number>>;
}

/** What the schedule needs to know. Times in milliseconds on any monotonic clock. */
export interface ReportClock {
  done: number;
  total: number;
  /** `done` at the last report (the start counts as one). */
  lastDone: number;
  lastAt: number;
  now: number;
  intervalMs: number;
}

/** Whether a `progress` report is due now (start and end are always reported, by the runner). */
export function shouldReport(c: ReportClock): boolean {
  if (c.total <= 0 || c.done >= c.total) return false;
  const quarter = (n: number) => Math.floor((n * 4) / c.total);
  if (quarter(c.done) > quarter(c.lastDone)) return true;
  return c.intervalMs > 0 && c.now - c.lastAt >= c.intervalMs;
}

/** Rate in people per second and the estimated milliseconds left (undefined until something is done). */
export function estimate(
  done: number,
  total: number,
  elapsedMs: number,
): { perSecond: number; leftMs?: number } {
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return { perSecond, leftMs: perSecond > 0 ? ((total - done) / perSecond) * 1000 : undefined };
}

/** A duration in Chinese: "2 分 10 秒", "1 小时 5 分", "8 秒". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
}

/** A wait in Chinese, as a person would say it: "60 秒", "5 分钟", "2 分 30 秒". */
export function formatWait(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} 秒`;
  return s % 60 === 0 ? `${s / 60} 分钟` : formatDuration(ms);
}

/** One Chinese line describing a progress event, for chat replies and non-terminal logs. */
export function describeProgress(e: BatchProgress): string {
  switch (e.kind) {
    case 'start':
      return e.doneBefore > 0
        ? `继续核验名单：共 ${e.total} 人（${e.rows} 行），此前已完成 ${e.doneBefore} 人`
        : `开始核验名单：共 ${e.total} 人（${e.rows} 行）`;
    case 'progress': {
      const pct = Math.floor((e.done * 100) / e.total);
      const { perSecond, leftMs } = estimate(e.done - e.doneBefore, e.total - e.doneBefore, e.elapsedMs);
      const left = leftMs === undefined ? '' : `，预计还需 ${formatDuration(leftMs)}`;
      return `核验进度 ${e.done}/${e.total}（${pct}%），每秒 ${perSecond.toFixed(1)} 人${left}`;
    }
    case 'retry': {
      const { pending, round, rounds, delayMs } = e.retry;
      return `全国平台暂时无法访问：还有 ${pending} 人未能核验，${formatWait(delayMs)}后重试（第 ${round}/${rounds} 次）`;
    }
    case 'budget':
      return `本小时核验额度已用完，其余 ${e.budget.rows} 行将在 ${formatChinaTime(e.budget.until).slice(11)} 后继续核验（无需重新发送名单）`;
    case 'end':
      return `核验完成：共 ${e.total} 人，用时 ${formatDuration(e.elapsedMs)}`;
    default:
      return assertNever(e);
  }
}

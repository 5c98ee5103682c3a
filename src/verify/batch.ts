/**
 * Verifies every row of a roster through the pipeline. The same person (ID, name, item, person type) is
 * verified once however often the roster lists them; verdicts already saved by an earlier run of the same job
 * are reused (except `unverifiable` ones, asked again), and each new one is saved as it comes, so a restart
 * continues where it stopped. With `retry`, rows the platform could not answer (`unverifiable`, e.g. while the
 * client's circuit breaker is open) are asked again in a few rounds after a wait (at least until the breaker lets
 * queries through again), before the run resolves. With a `budget` (a chat roster), people beyond the
 * requester's hourly budget wait for it to free, then are verified in the same run.
 */
import PQueue from 'p-queue';
import { type Audience, STRANGER } from '../domain/disclosure.js';
import type { ParsedQuery, Requester } from '../domain/query.js';
import type { VerdictStatus } from '../domain/status.js';
import type { Verdict } from '../domain/verdict.js';
import type { BatchResult, BatchRowResult, Roster, RosterRow } from '../roster/types.js';
import { logger } from '../util/logger.js';
import { type BatchProgress, shouldReport } from './batch-progress.js';
import { withDisclosedName } from './known-name.js';
import type { Pipeline } from './pipeline.js';

const log = logger('batch');

/** The requester's hourly budget, as the chat keeps it (src/chat/rate-limit.ts) for this requester. */
export interface RunBudget {
  /** Take up to `count` lookups at `now`: how many may go ahead and, when fewer, when the next frees (epoch ms). */
  take(count: number, now: number): { allowed: number; retryAt?: number };
}

/** Where a run keeps its verdicts (a job on disk, see batch-jobs.ts). */
export interface VerdictLog {
  /** The job's id: with a row's key it names the row's verification (see VerifyContext.occasion). */
  readonly id: string;
  /** A verdict saved by an earlier run, by dedup key. */
  saved(key: string): Verdict | undefined;
  /** Save one verdict; resolves once it is durable (the run waits for every save before it resolves). */
  save(key: string, verdict: Verdict): Promise<void>;
}

export interface BatchDeps {
  pipeline: Pipeline;
  /** Who asked; each row's query is recorded with the roster's file name and the row's 单位. */
  requester: Requester;
  /** Who reads the result: a row without a name gets a known name only if they may see it (default: nobody). */
  audience?: Audience;
  today: string;
  /** The job's verdict log; without one nothing is saved. */
  job?: VerdictLog;
  /** Scheduled reports: start, each quarter or every `progressIntervalMs`, end. */
  onProgress?: (event: BatchProgress) => void;
  /** After every verdict (for a progress bar). */
  onTick?: (done: number, total: number) => void;
  progressIntervalMs?: number;
  /** Verifications in flight at once (the platform client rate-limits itself; cache hits need not wait). */
  concurrency?: number;
  /** Stops starting new verifications; the run rejects with the signal's reason once in-flight ones are saved. */
  signal?: AbortSignal;
  now?: () => number;
  /** Resolves true after `ms` on `now`'s clock, false as soon as `signal` aborts (tests pass a fake clock's). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
  /**
   * After the first pass, ask again for the `unverifiable` rows (valid, with a name) in up to `rounds` rounds,
   * waiting `delayMs` before each, or longer when `readyAt` (the platform client's breaker: when it lets the next
   * query through, on `now`'s clock) is later, so no round asks while the breaker is still open. The wait is
   * reported as a `retry` progress event. Absent = no retry rounds.
   */
  retry?: { rounds: number; delayMs: number; readyAt?: () => number | undefined };
  /**
   * The requester's hourly budget (chat rosters; the CLI has none). Each person looked up (a valid ID number
   * with a name, given or known) costs one, cache hits too, once per job: invalid numbers and rows without a name
   * never reach the platform, and retry rounds and people a resumed job asked before cost nothing more. People over it are not dropped: the run waits until it frees (a `budget` progress event says
   * how many rows wait and until when), then goes on; a restart in between continues the job.
   */
  budget?: RunBudget;
}

/** The key under which identical people are verified once. Invalid numbers are never merged. */
export function dedupKey(query: ParsedQuery, where: string): string {
  if (!query.valid) return `invalid:${where}`;
  return JSON.stringify([query.idNumber, query.name ?? '', query.item ?? '', query.personType ?? '']);
}

interface Work {
  key: string;
  query: ParsedQuery;
  requester: Requester;
}

/** Verify every row of `roster`; resolves with the verdict of each row in roster order. */
export async function runBatch(roster: Roster, deps: BatchDeps): Promise<BatchResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? wait;
  const startedAt = new Date().toISOString();
  const t0 = now();
  const rowKeys = new Map<RosterRow, string>();
  const work = new Map<string, Work>();
  for (const sheet of roster.sheets) {
    for (const row of sheet.rows) {
      const query = await withDisclosedName(row.query, deps.pipeline, deps.audience ?? STRANGER);
      const key = dedupKey(query, `${sheet.name}!${row.rowNumber}`);
      rowKeys.set(row, key);
      if (!work.has(key)) work.set(key, { key, query, requester: rowRequester(deps.requester, roster, row) });
    }
  }

  const verdicts = new Map<string, Verdict>();
  for (const key of work.keys()) {
    const saved = deps.job?.saved(key);
    // `unverifiable` is not an answer: the platform may answer now, so a resumed job asks again.
    if (saved && saved.status !== 'unverifiable') verdicts.set(key, saved);
  }
  const total = work.size;
  const doneBefore = verdicts.size;
  const byStatus: Partial<Record<VerdictStatus, number>> = {};
  for (const v of verdicts.values()) byStatus[v.status] = (byStatus[v.status] ?? 0) + 1;
  const rows = rowKeys.size;
  const event = (kind: 'start' | 'progress' | 'end'): BatchProgress => ({
    kind,
    done: verdicts.size,
    total,
    doneBefore,
    rows,
    elapsedMs: now() - t0,
    byStatus: { ...byStatus },
  });
  let last = { done: verdicts.size, at: now() };
  const reportIfDue = () => {
    const clock = { done: verdicts.size, total, lastDone: last.done, lastAt: last.at, now: now() };
    if (!shouldReport({ ...clock, intervalMs: deps.progressIntervalMs ?? 0 })) return;
    last = { done: clock.done, at: clock.now };
    deps.onProgress?.(event('progress'));
  };

  deps.onProgress?.(event('start'));
  const timer = deps.progressIntervalMs ? setInterval(reportIfDue, deps.progressIntervalMs) : undefined;
  timer?.unref();
  const queue = new PQueue({ concurrency: deps.concurrency ?? 4 });
  const onAbort = () => queue.clear();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  let saveError: unknown;
  const saves: Array<Promise<void>> = [];
  const failSave = (error: unknown) => {
    saveError ??= error;
    queue.clear();
  };
  const ahead = prefetcher(deps.pipeline, [...work.values()]);
  const verify = (item: Work) =>
    queue.add(async () => {
      if (deps.signal?.aborted || saveError) return;
      await ahead(item);
      const verdict = await verifyOne(deps, item);
      // Not awaited before the next row: the findings and verdicts of many rows then share one write of their
      // files (awaiting each made every write carry a handful: the growing files were rewritten every few rows).
      // A verdict is saved only once its finding is durable; a verdict a crash loses is verified again on
      // resume, and its finding is not counted twice (VerifyContext.occasion).
      const findingDurable = deps.pipeline.flush?.() ?? Promise.resolve();
      const job = deps.job;
      saves.push(
        (job ? findingDurable.then(() => job.save(item.key, verdict)) : findingDurable).catch(failSave),
      );
      const replaced = verdicts.get(item.key);
      if (replaced) {
        // A verdict asked again (a retry round) replaces the old one: it no longer counts under its old status.
        const left = (byStatus[replaced.status] ?? 1) - 1;
        if (left > 0) byStatus[replaced.status] = left;
        else delete byStatus[replaced.status];
      }
      verdicts.set(item.key, verdict);
      byStatus[verdict.status] = (byStatus[verdict.status] ?? 0) + 1;
      deps.onTick?.(verdicts.size, total);
      reportIfDue();
    });
  const rowsOf = (items: Work[]) => {
    const keys = new Set(items.map((item) => item.key));
    return [...rowKeys.values()].filter((key) => keys.has(key)).length;
  };
  try {
    const budget = deps.budget;
    const costs = (item: Work) =>
      !!budget && item.query.valid && !!item.query.name && !deps.job?.saved(item.key);
    const first = [...work.values()].filter((item) => !verdicts.has(item.key));
    for (const item of first) if (!costs(item)) void verify(item);
    let unpaid = first.filter(costs);
    while (budget && unpaid.length > 0 && !deps.signal?.aborted && !saveError) {
      const decision = budget.take(unpaid.length, now());
      for (const item of unpaid.slice(0, decision.allowed)) void verify(item);
      unpaid = unpaid.slice(decision.allowed);
      if (unpaid.length === 0) break;
      // Those let through are verified and saved before the wait: a stop during it loses none of them.
      await queue.onIdle();
      await Promise.all(saves);
      const until = Math.max(decision.retryAt ?? 0, now() + 1_000);
      deps.onProgress?.({ ...event('progress'), kind: 'budget', budget: { rows: rowsOf(unpaid), until } });
      log.info({ waiting: unpaid.length, until }, 'hourly budget used up; the other rows wait for it');
      if (!(await sleep(until - now(), deps.signal))) break;
    }
    await queue.onIdle();
    await Promise.all(saves);
    const rounds = deps.retry?.rounds ?? 0;
    for (let round = 1; round <= rounds && !deps.signal?.aborted && !saveError; round++) {
      // A query without a name stays unverifiable however long we wait (the platform needs the name).
      const again = [...work.values()].filter(
        (item) => verdicts.get(item.key)?.status === 'unverifiable' && item.query.valid && !!item.query.name,
      );
      if (again.length === 0) break;
      const readyAt = deps.retry?.readyAt?.();
      const delayMs = Math.max(deps.retry?.delayMs ?? 0, readyAt === undefined ? 0 : readyAt - now());
      deps.onProgress?.({
        ...event('progress'),
        kind: 'retry',
        retry: { pending: again.length, round, rounds, delayMs },
      });
      log.info(
        { pending: again.length, round, rounds, delayMs },
        'asking again for unverifiable rows after a wait',
      );
      if (!(await sleep(delayMs, deps.signal))) break;
      for (const item of again) void verify(item);
      await queue.onIdle();
      await Promise.all(saves);
    }
  } finally {
    clearInterval(timer);
    deps.signal?.removeEventListener('abort', onAbort);
  }
  if (saveError) throw saveError;
  deps.signal?.throwIfAborted();
  deps.onProgress?.(event('end'));

  const results: BatchRowResult[] = [];
  for (const sheet of roster.sheets) {
    for (const row of sheet.rows) {
      const verdict = verdicts.get(rowKeys.get(row) ?? '');
      if (verdict) results.push({ sheet: sheet.name, row, verdict });
    }
  }
  return { roster, results, startedAt, finishedAt: new Date().toISOString(), today: deps.today };
}

/** ID numbers a roster's rows are prefetched by at once (the answer cache's memory holds 2,000). */
const PREFETCH_ROWS = 500;

/**
 * Before a row is verified, the ID numbers of its stretch of PREFETCH_ROWS rows (and the next stretch's, so the
 * rows never wait for it) are read in one go: a roster of cached people costs a query per stretch, not per row.
 */
function prefetcher(pipeline: Pipeline, items: readonly Work[]): (item: Work) => Promise<void> {
  const prefetch = pipeline.prefetch?.bind(pipeline);
  if (!prefetch) return async () => {};
  const stretchOf = new Map(items.map((item, i) => [item.key, Math.floor(i / PREFETCH_ROWS)]));
  const started = new Map<number, Promise<void>>();
  const start = (stretch: number): Promise<void> => {
    let done = started.get(stretch);
    if (!done) {
      const ids = items
        .slice(stretch * PREFETCH_ROWS, (stretch + 1) * PREFETCH_ROWS)
        .flatMap((item) => (item.query.valid ? [item.query.idNumber] : []));
      done = ids.length === 0 ? Promise.resolve() : prefetch(ids).catch(() => {});
      started.set(stretch, done);
    }
    return done;
  };
  return (item) => {
    const stretch = stretchOf.get(item.key) ?? 0;
    const own = start(stretch);
    void start(stretch + 1);
    return own;
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the timer is then cleared). */
function wait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function rowRequester(requester: Requester, roster: Roster, row: RosterRow): Requester {
  const enterprise = row.enterprise ?? requester.enterprise;
  return { ...requester, file: roster.fileName, ...(enterprise ? { enterprise } : {}) };
}

/** The pipeline never rejects for a lookup failure; anything else (a bug) must not stop the batch either. */
async function verifyOne(deps: BatchDeps, item: Work): Promise<Verdict> {
  try {
    const occasion = deps.job ? { occasion: `${deps.job.id}/${item.key}` } : {};
    return await deps.pipeline.verify(item.query, {
      requester: item.requester,
      today: deps.today,
      deferFinding: true,
      priority: 'batch',
      ...occasion,
    });
  } catch (error) {
    log.error({ err: error }, 'verification failed unexpectedly');
    return {
      status: 'unverifiable',
      query: item.query,
      certificates: [],
      history: [],
      reasons: [`核验时出错：${(error as Error)?.message ?? String(error)}`],
      warnings: [],
      today: deps.today,
    };
  }
}

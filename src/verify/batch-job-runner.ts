/**
 * Runs batch jobs: a new one from a received roster, or every unfinished one after a restart, so the person
 * who sent a roster gets the result even when the bot stopped half-way.
 */
import { CertVerifyError } from '../domain/errors.js';
import { type RosterLimits, readRoster } from '../roster/read/read-roster.js';
import type { BatchResult, Roster } from '../roster/types.js';
import { logger } from '../util/logger.js';
import { type BatchDeps, type RunBudget, runBatch } from './batch.js';
import type { BatchJob, JobStore, NewJob } from './batch-jobs.js';
import { summarise } from './batch-summary.js';
import type { Pipeline } from './pipeline.js';

const log = logger('batch-jobs');

/** What running a job needs. */
export interface JobRunDeps
  extends Pick<BatchDeps, 'onProgress' | 'onTick' | 'signal' | 'concurrency' | 'now' | 'sleep'> {
  pipeline: Pipeline;
  jobs: JobStore;
  /** Roster limits and run settings (config.batch); without `retryRounds` there are no retry rounds. */
  limits: RosterLimits & { progressIntervalMs: number; retryRounds?: number; retryDelayMs?: number };
  /** When the platform client lets queries through again (its breaker), so a retry round does not ask before. */
  platformReadyAt?: () => number | undefined;
  /** The hourly budget of a job's requester (chat jobs; none for the CLI's own). */
  budgetOf?: (job: BatchJob) => RunBudget | undefined;
}

/** Delivers a finished job's result (sends the annotated roster to the chat, writes the CLI's file). */
export type Deliver = (job: BatchJob, result: BatchResult) => Promise<void>;

/**
 * Read the roster (an InputError here creates no job), record the job, or claim the undelivered job for the
 * same file, date and target, and verify it. Delivery is the caller's, then `jobs.markDelivered`. `read`: the
 * roster's reading already under way (the command line starts it while the store opens).
 */
export async function startBatchJob(
  input: NewJob,
  deps: JobRunDeps,
  read: Promise<Roster> = readRoster(input.file, deps.limits, input.today),
): Promise<{ job: BatchJob; result: BatchResult }> {
  const roster = await read;
  const job =
    (await deps.jobs.findResumable(input.file.bytes, input.today, input.target)) ??
    (await deps.jobs.create(input));
  // The sender waits for this instance's reply: it is given even if another instance took the job over while
  // this one stalled past its lease.
  return { job, result: (await runJob(job, roster, deps)).result };
}

/**
 * Continue, one after another, every undelivered chat job no instance holds (this one stopped, or another died
 * and its lease ran out), claiming each, and deliver it; resolves with how many were delivered. A finished job
 * whose chat this instance cannot reach (`canDeliver`) is left to an instance that can; one whose delivery fails
 * is given back, for the next round here or elsewhere.
 */
export async function resumeJobs(
  deps: JobRunDeps & { deliver: Deliver; canDeliver?: (job: BatchJob) => boolean },
): Promise<number> {
  let delivered = 0;
  const tried: string[] = [];
  for (;;) {
    if (deps.signal?.aborted) break;
    const job = await deps.jobs.claimNext(tried);
    if (!job) break;
    tried.push(job.id);
    if (job.state === 'finished' && deps.canDeliver?.(job) === false) {
      await deps.jobs.release(job.id);
      continue;
    }
    let run: { result: BatchResult; held: boolean };
    try {
      const roster = await readRoster(await deps.jobs.readInput(job), deps.limits, job.today);
      run = await runJob(job, roster, deps);
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      const reason = error instanceof CertVerifyError ? error.message : '保存的名单文件无法读取';
      log.error({ err: error, job: job.id }, 'batch job could not be resumed');
      await deps.jobs.fail(job.id, reason);
      continue;
    }
    // Another instance took the job over meanwhile (this one stalled past its lease): it delivers it.
    if (!run.held) continue;
    try {
      await deps.deliver(job, run.result);
      await deps.jobs.markDelivered(job.id);
      delivered++;
    } catch (error) {
      log.error(
        { err: error, job: job.id },
        'batch result could not be delivered; given back for a later round',
      );
      await deps.jobs.release(job.id);
    }
  }
  return delivered;
}

/**
 * Verify a job this instance holds, renewing its lease meanwhile; a stop (`signal`) gives the job back at once.
 * `held` is false when another instance took the job over meanwhile (this one stalled past its lease).
 */
async function runJob(
  job: BatchJob,
  roster: Roster,
  deps: JobRunDeps,
): Promise<{ result: BatchResult; held: boolean }> {
  const lease = deps.jobs.keep(job.id);
  try {
    const result = await verifyJob(job, roster, deps);
    return { result, held: await deps.jobs.finish(job.id, summarise(result)) };
  } catch (error) {
    if (deps.signal?.aborted) await deps.jobs.release(job.id).catch(() => {});
    throw error;
  } finally {
    lease.stop();
  }
}

async function verifyJob(job: BatchJob, roster: Roster, deps: JobRunDeps): Promise<BatchResult> {
  const verdicts = await deps.jobs.verdictLog(job.id);
  log.info({ job: job.id, file: job.fileName, resumed: verdicts.size }, 'batch job running');
  const result = await runBatch(roster, {
    pipeline: deps.pipeline,
    requester: job.requester,
    // Whoever may see full IDs (admins, the CLI operator) may see names; else the roster's own enterprise.
    audience: {
      admin: job.fullIds,
      ...(job.requester.enterprise ? { enterprise: job.requester.enterprise } : {}),
    },
    today: job.today,
    job: verdicts,
    progressIntervalMs: deps.limits.progressIntervalMs,
    onProgress: deps.onProgress,
    onTick: deps.onTick,
    signal: deps.signal,
    concurrency: deps.concurrency,
    now: deps.now,
    sleep: deps.sleep,
    budget: deps.budgetOf?.(job),
    ...(deps.limits.retryRounds
      ? {
          retry: {
            rounds: deps.limits.retryRounds,
            delayMs: deps.limits.retryDelayMs ?? 0,
            readyAt: deps.platformReadyAt,
          },
        }
      : {}),
  });
  return result;
}

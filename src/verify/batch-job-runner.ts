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
 * Read the roster (an InputError here creates no job), record the job, or pick up the undelivered job for the
 * same file, date and target, and verify it. Delivery is the caller's, then `jobs.markDelivered`.
 */
export async function startBatchJob(
  input: NewJob,
  deps: JobRunDeps,
): Promise<{ job: BatchJob; result: BatchResult }> {
  const roster = await readRoster(input.file, deps.limits, input.today);
  const job =
    deps.jobs.findResumable(input.file.bytes, input.today, input.target) ?? (await deps.jobs.create(input));
  return { job, result: await runJob(job, roster, deps) };
}

/** Continue every undelivered job, one after another, and deliver each; resolves with how many were delivered. */
export async function resumeJobs(deps: JobRunDeps & { deliver: Deliver }): Promise<number> {
  let delivered = 0;
  // Another instance's job has its files in that instance's data directory: it resumes it when it starts again.
  for (const job of deps.jobs.unfinished().filter((j) => deps.jobs.ownedHere(j))) {
    let result: BatchResult;
    try {
      const roster = await readRoster(await deps.jobs.readInput(job), deps.limits, job.today);
      result = await runJob(job, roster, deps);
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      const reason = error instanceof CertVerifyError ? error.message : '保存的名单文件无法读取';
      log.error({ err: error, job: job.id }, 'batch job could not be resumed');
      await deps.jobs.fail(job.id, reason);
      continue;
    }
    try {
      await deps.deliver(job, result);
      await deps.jobs.markDelivered(job.id);
      delivered++;
    } catch (error) {
      log.error({ err: error, job: job.id }, 'batch result could not be delivered; kept for the next start');
    }
  }
  return delivered;
}

async function runJob(job: BatchJob, roster: Roster, deps: JobRunDeps): Promise<BatchResult> {
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
  await deps.jobs.finish(job.id, summarise(result));
  return result;
}

/**
 * Two instances on one database (the suite's engine: PGlite, or PostgreSQL with CERT_VERIFY_TEST_STORE=pg) share
 * the batch jobs: instance A runs a chat roster and dies mid-way (its lease is neither renewed nor released);
 * instance B leaves the job alone while A's lease lives, takes it over once the lease has run out, verifies only
 * the rows A had not saved and delivers it once. The row A was verifying when it died is verified again by B,
 * and its finding is still recorded once (the occasion is the job's row, whoever verifies it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/roster/types.js';
import type { SqlDb } from '../../src/sql/db.js';
import { FindingsLog } from '../../src/store/findings-log.js';
import { resumeJobs, startBatchJob } from '../../src/verify/batch-job-runner.js';
import type { BatchJob } from '../../src/verify/batch-jobs.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { validId } from '../roster/files.js';
import { findingInput } from '../store/finding-input.js';
import { CountingPipeline, chatRosterJob, openJobs, savedVerdicts } from './batch-helpers.js';

const limits = {
  maxRows: 1000,
  maxFileBytes: 5_000_000,
  maxUncompressedBytes: 50_000_000,
  progressIntervalMs: 0,
};
const AT = new Date('2025-06-01T02:00:00Z');
const PEOPLE = Array.from({ length: 10 }, (_, i) => validId(i + 1));
/** A dies while verifying the 5th person; the 5th and the 8th are findings. */
const DIES_AT = 5;
const PROBLEMS = new Set([PEOPLE[4]!, PEOPLE[7]!]);

let dir: string;
let db: SqlDb;
let findings: FindingsLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'batch-takeover-'));
  db = await openTestStoreDb(dir);
  findings = new FindingsLog(db);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The ten people, the third listed twice. */
const chatRoster = () => chatRosterJob(PEOPLE, [2]);

/**
 * An instance's pipeline: a finding for each problem person (recorded under the row's occasion, as the real
 * pipeline does), and with `diesAt`, it stops answering for good at that call (after recording its finding).
 */
function instancePipeline(diesAt?: number, died?: () => void): CountingPipeline {
  const pipeline: CountingPipeline = new CountingPipeline(
    (q) => (PROBLEMS.has(q.idNumber ?? '') ? 'not_found' : 'valid'),
    {},
    async (n) => {
      const { query, ctx } = pipeline.calls[n - 1]!;
      if (PROBLEMS.has(query.idNumber ?? ''))
        await findings.record(findingInput({ idNumber: query.idNumber }), AT, ctx.occasion);
      if (n === diesAt) {
        died?.();
        await new Promise(() => {});
      }
    },
  );
  return pipeline;
}

describe('a batch job taken over by another instance', () => {
  it('is continued by B once the lease of A (dead mid-roster) has run out: every row verified once, one finding per problem, delivered once', async () => {
    const jobsA = await openJobs(dir, { holder: 'instance-a' });
    let died!: () => void;
    const dead = new Promise<void>((resolve) => {
      died = resolve;
    });
    const a = instancePipeline(DIES_AT, died);
    void startBatchJob(await chatRoster(), { pipeline: a, jobs: jobsA, limits, concurrency: 1 });
    await dead;
    const [job] = await jobsA.unfinished();
    // The verdicts of the rows A finished reach the database (saved in the background, as a run does).
    while ((await savedVerdicts(dir, job!.id)).size < DIES_AT - 1)
      await new Promise((r) => setTimeout(r, 20));
    // A dies: its lease is no longer renewed, and never released.
    jobsA.close();

    const jobsB = await openJobs(dir, { holder: 'instance-b' });
    const b = instancePipeline();
    const delivered: Array<{ job: BatchJob; result: BatchResult }> = [];
    const deliver = async (j: BatchJob, result: BatchResult) => {
      delivered.push({ job: j, result });
    };
    // While A's lease lives, B leaves the job alone.
    expect(await resumeJobs({ pipeline: b, jobs: jobsB, limits, deliver })).toBe(0);
    expect(b.calls).toEqual([]);

    // A's lease runs out.
    await db.query("update batch_jobs set lease_until = now() - interval '1 second' where id = $1", [
      job!.id,
    ]);
    expect(await resumeJobs({ pipeline: b, jobs: jobsB, limits, deliver })).toBe(1);

    const answeredByA = a.calls.slice(0, DIES_AT - 1).map((c) => c.query.idNumber);
    const byB = b.calls.map((c) => c.query.idNumber);
    // The person A was verifying when it died is asked again by B; no one A had answered is.
    expect(byB.filter((id) => answeredByA.includes(id))).toEqual([]);
    expect([...answeredByA, ...byB].sort()).toEqual([...PEOPLE].sort());
    expect(byB).toContain(a.calls[DIES_AT - 1]!.query.idNumber);

    // One finding per problem person, counted once (the 5th person's was reported by A and by B).
    const stored = await findings.list();
    expect(stored.map((f) => `${f.idNumber} ${f.count}`).sort()).toEqual(
      [...PROBLEMS].map((id) => `${id} 1`).sort(),
    );

    // Delivered once, with every row; nothing is left for another round of either instance.
    expect(delivered.map((d) => d.job.id)).toEqual([job!.id]);
    expect(
      delivered[0]!.result.results.map((r) => r.verdict.status).filter((s) => s === 'not_found'),
    ).toHaveLength(2);
    expect(delivered[0]!.result.results).toHaveLength(11);
    expect((await jobsB.get(job!.id))?.state).toBe('delivered');
    const restartedA = await openJobs(dir, { holder: 'instance-a-again' });
    expect(await resumeJobs({ pipeline: b, jobs: restartedA, limits, deliver })).toBe(0);
    expect(delivered).toHaveLength(1);
  });

  it('leaves a finished job whose chat B cannot reach to an instance that can', async () => {
    const jobsA = await openJobs(dir, { holder: 'instance-a' });
    const { job } = await startBatchJob(await chatRoster(), {
      pipeline: instancePipeline(),
      jobs: jobsA,
      limits,
    });
    // A finished the job and died before delivering it.
    jobsA.close();
    await db.query("update batch_jobs set lease_until = now() - interval '1 second' where id = $1", [job.id]);
    const delivered: string[] = [];
    const deliver = async (j: BatchJob) => {
      delivered.push(j.id);
    };
    const jobsB = await openJobs(dir, { holder: 'instance-b' });
    const unreachable = { limits, deliver, canDeliver: () => false };
    expect(await resumeJobs({ pipeline: instancePipeline(), jobs: jobsB, ...unreachable })).toBe(0);
    expect((await jobsB.get(job.id))?.state).toBe('finished');
    const jobsC = await openJobs(dir, { holder: 'instance-c' });
    const c = instancePipeline();
    expect(await resumeJobs({ pipeline: c, jobs: jobsC, limits, deliver, canDeliver: () => true })).toBe(1);
    expect(c.calls).toEqual([]);
    expect(delivered).toEqual([job.id]);
  });
});

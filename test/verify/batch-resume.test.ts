import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/roster/types.js';
import { resumeJobs, startBatchJob } from '../../src/verify/batch-job-runner.js';
import type { BatchJob, NewJob } from '../../src/verify/batch-jobs.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { validId } from '../roster/files.js';
import { CountingPipeline, chatRosterJob, openJobs, savedVerdicts } from './batch-helpers.js';

const limits = {
  maxRows: 1000,
  maxFileBytes: 5_000_000,
  maxUncompressedBytes: 50_000_000,
  progressIntervalMs: 0,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'batch-resume-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 10 people, two of them listed twice: 12 rows. */
function newJob(): Promise<NewJob> {
  return chatRosterJob(
    Array.from({ length: 10 }, (_, i) => validId(i + 1)),
    [0, 5],
  );
}

const open = () => openJobs(dir);

/** Run a new job and stop it while the 4th person is being verified; resolves with the ids verified. */
async function runAndStop(input: NewJob): Promise<string[]> {
  const controller = new AbortController();
  const first = new CountingPipeline(undefined, {}, (n) => {
    if (n === 4) controller.abort(new Error('stopped'));
  });
  await expect(
    startBatchJob(input, {
      pipeline: first,
      jobs: await open(),
      limits,
      concurrency: 1,
      signal: controller.signal,
    }),
  ).rejects.toThrow('stopped');
  return first.calls.map((c) => c.query.idNumber);
}

describe('batch jobs across a restart', () => {
  it('keeps the roster as sent in the database until the job is delivered', async () => {
    const input = await newJob();
    await runAndStop(input);
    const jobs = await open();
    const [job] = await jobs.unfinished();
    expect((await jobs.readInput(job!)).bytes.equals(input.file.bytes)).toBe(true);
    await resumeJobs({ pipeline: new CountingPipeline(), jobs, limits, deliver: async () => {} });
    await expect(jobs.readInput(job!)).rejects.toThrow('has no input');
  });

  it('leaves a job another live instance holds, and CLI jobs, to their holders', async () => {
    const input = await newJob();
    const holder = await openJobs(dir, { holder: 'instance-a' });
    const held = await holder.create(input);
    const cli = await holder.create({ ...input, target: { kind: 'cli', outFile: join(dir, 'out.xlsx') } });
    await holder.release(cli.id);
    const pipeline = new CountingPipeline();
    const count = await resumeJobs({ pipeline, jobs: await open(), limits, deliver: async () => {} });
    expect(count).toBe(0);
    expect(pipeline.calls).toEqual([]);
    expect((await (await open()).unfinished()).map((j) => [j.id, j.state])).toEqual([
      [held.id, 'running'],
      [cli.id, 'running'],
    ]);
  });

  it('continues a stopped job after reopening the store, verifying no one twice, and delivers the result', async () => {
    const before = await runAndStop(await newJob());
    expect(before).toHaveLength(4);

    const jobs = await open();
    const [job] = await jobs.unfinished();
    expect(job?.state).toBe('running');
    expect((await savedVerdicts(dir, job!.id)).size).toBe(4);

    const second = new CountingPipeline();
    const delivered: Array<{ job: BatchJob; result: BatchResult }> = [];
    const count = await resumeJobs({
      pipeline: second,
      jobs,
      limits,
      deliver: async (j, result) => {
        delivered.push({ job: j, result });
      },
    });
    const after = second.calls.map((c) => c.query.idNumber);
    expect(count).toBe(1);
    expect(after).toHaveLength(6);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect(new Set([...before, ...after]).size).toBe(10);

    expect(delivered[0]!.job.target).toEqual({ kind: 'chat', conversationId: 'room-1', userId: 'wxid_1' });
    const { results } = delivered[0]!.result;
    expect(results).toHaveLength(12);
    expect(results.every((r) => r.verdict.status === 'valid')).toBe(true);

    const reopened = (await (await open()).get(job!.id))!;
    expect(reopened.state).toBe('delivered');
    expect((await savedVerdicts(dir, job!.id)).size).toBe(0);
    expect(reopened.summary?.rows).toBe(12);
    expect(await (await open()).unfinished()).toEqual([]);
  });

  it('picks up the same job when the same file is started again for the same target', async () => {
    const input = await newJob();
    const before = await runAndStop(input);
    const second = new CountingPipeline();
    const jobs = await open();
    const { job, result } = await startBatchJob(input, { pipeline: second, jobs, limits });
    expect((await jobs.unfinished()).map((j) => j.id)).toEqual([job.id]);
    expect(second.calls.map((c) => c.query.idNumber).filter((id) => before.includes(id))).toEqual([]);
    expect(second.calls).toHaveLength(6);
    expect(result.results).toHaveLength(12);
  });

  it('marks a job failed when its saved input is gone, and moves on', async () => {
    await runAndStop(await newJob());
    const jobs = await open();
    const [job] = await jobs.unfinished();
    await (await openTestStoreDb(dir)).query('update batch_jobs set input = null where id = $1', [job!.id]);
    const count = await resumeJobs({
      pipeline: new CountingPipeline(),
      jobs,
      limits,
      deliver: async () => {},
    });
    expect(count).toBe(0);
    expect(await (await open()).get(job!.id)).toMatchObject({
      state: 'failed',
      error: '保存的名单文件无法读取',
    });
  });
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/roster/types.js';
import { resumeJobs, startBatchJob } from '../../src/verify/batch-job-runner.js';
import type { BatchJob, NewJob } from '../../src/verify/batch-jobs.js';
import { validId, xlsx } from '../roster/files.js';
import { CountingPipeline, openJobs, savedVerdicts, TODAY, verdictsFile } from './batch-helpers.js';

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
async function newJob(): Promise<NewJob> {
  const people = Array.from({ length: 10 }, (_, i) => [`员工${i}`, validId(i + 1)]);
  const bytes = await xlsx([
    { name: '名单', rows: [['姓名', '身份证号'], ...people, people[0]!, people[5]!] },
  ]);
  return {
    file: { name: '名单.xlsx', bytes },
    requester: { channel: 'chat', userId: 'wxid_1' },
    today: TODAY,
    target: { kind: 'chat', conversationId: 'room-1', userId: 'wxid_1' },
    fullIds: false,
  };
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
  it('keeps the roster copy and its verdicts 0600 in 0700 folders, even in folders made 0755 beforehand', async () => {
    const umask = process.umask(0o022);
    try {
      await mkdir(join(dir, 'batch-inputs'), { mode: 0o755 });
      await mkdir(join(dir, 'batch-verdicts'), { mode: 0o755 });
      await runAndStop(await newJob());
      const [job] = (await open()).unfinished();
      const mode = async (path: string) => ((await stat(join(dir, path))).mode & 0o777).toString(8);
      expect(await mode('batch-inputs')).toBe('700');
      expect(await mode(job!.inputPath)).toBe('600');
      expect(await mode('batch-verdicts')).toBe('700');
      expect(await mode(join('batch-verdicts', `${job!.id}.jsonl`))).toBe('600');
    } finally {
      process.umask(umask);
    }
  });

  it("leaves another instance's job to it (its files are in that instance's data directory)", async () => {
    await runAndStop(await newJob());
    const here = await open();
    const [job] = here.unfinished();
    // The same jobs document, seen by an instance with another data directory.
    const elsewhere = await openJobs(dir, join(dir, 'other-instance'));
    expect(elsewhere.ownedHere(job!)).toBe(false);
    expect(here.ownedHere(job!)).toBe(true);
    const pipeline = new CountingPipeline();
    const count = await resumeJobs({ pipeline, jobs: elsewhere, limits, deliver: async () => {} });
    expect(count).toBe(0);
    expect(pipeline.calls).toEqual([]);
    expect((await open()).get(job!.id)?.state).toBe('running');
  });

  it('continues a stopped job after reopening the store, verifying no one twice, and delivers the result', async () => {
    const before = await runAndStop(await newJob());
    expect(before).toHaveLength(4);

    const jobs = await open();
    const [job] = jobs.unfinished();
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

    const reopened = (await open()).get(job!.id)!;
    expect(reopened.state).toBe('delivered');
    expect(existsSync(verdictsFile(dir, job!.id))).toBe(false);
    expect(reopened.summary?.rows).toBe(12);
    expect(existsSync(join(dir, job!.inputPath))).toBe(false);
    expect((await open()).unfinished()).toEqual([]);
  });

  it('picks up the same job when the same file is started again for the same target', async () => {
    const input = await newJob();
    const before = await runAndStop(input);
    const second = new CountingPipeline();
    const jobs = await open();
    const { job, result } = await startBatchJob(input, { pipeline: second, jobs, limits });
    expect(jobs.unfinished().map((j) => j.id)).toEqual([job.id]);
    expect(second.calls.map((c) => c.query.idNumber).filter((id) => before.includes(id))).toEqual([]);
    expect(second.calls).toHaveLength(6);
    expect(result.results).toHaveLength(12);
  });

  it('drops a verdict line a crash cut short, and verifies that person again', async () => {
    const before = await runAndStop(await newJob());
    const [job] = (await open()).unfinished();
    const path = verdictsFile(dir, job!.id);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length - 20));

    const second = new CountingPipeline();
    await resumeJobs({ pipeline: second, jobs: await open(), limits, deliver: async () => {} });
    const again = second.calls.map((c) => c.query.idNumber);
    expect(again).toHaveLength(7);
    expect(again.filter((id) => before.includes(id))).toHaveLength(1);
  });

  it('verifies everyone again whose verdict line cannot be read, keeping the bad lines aside', async () => {
    await runAndStop(await newJob());
    const [job] = (await open()).unfinished();
    await writeFile(verdictsFile(dir, job!.id), '{"schemaVersion":1}\n{not json\n{"key":"x"}\n');

    const second = new CountingPipeline();
    const delivered = await resumeJobs({
      pipeline: second,
      jobs: await open(),
      limits,
      deliver: async () => {},
    });
    expect(delivered).toBe(1);
    expect(second.calls).toHaveLength(10);
    const aside = (await readdir(join(dir, 'batch-verdicts'))).filter((f) => f.endsWith('.jsonl.bad'));
    expect(aside).toHaveLength(1);
  });

  it('marks a job failed when its saved input is gone, and moves on', async () => {
    await runAndStop(await newJob());
    const jobs = await open();
    const [job] = jobs.unfinished();
    await rm(join(dir, job!.inputPath));
    const count = await resumeJobs({
      pipeline: new CountingPipeline(),
      jobs,
      limits,
      deliver: async () => {},
    });
    expect(count).toBe(0);
    expect((await open()).get(job!.id)).toMatchObject({ state: 'failed', error: '保存的名单文件无法读取' });
  });
});

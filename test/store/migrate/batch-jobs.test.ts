import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchJobsKind } from '../../../src/store/migrate/batch-jobs.js';
import { resumeJobs } from '../../../src/verify/batch-job-runner.js';
import { JobStore } from '../../../src/verify/batch-jobs.js';
import { validId, xlsx } from '../../roster/files.js';
import { CountingPipeline, TODAY } from '../../verify/batch-helpers.js';
import { tempDir } from '../temp-dir.js';
import { kindDb } from './kind-db.js';
import { writeLines } from './old-files.js';

const limits = {
  maxRows: 100,
  maxFileBytes: 1_000_000,
  maxUncompressedBytes: 10_000_000,
  progressIntervalMs: 0,
};
const PEOPLE = [validId(1), validId(2), validId(3)];

/** batch-jobs.json of the file store: a delivered job (its summary alone), and a chat job stopped after one row. */
async function oldDataDir(): Promise<{ from: string; running: Buffer }> {
  const from = await tempDir();
  const running = await xlsx([
    { name: '名单', rows: [['姓名', '身份证号'], ...PEOPLE.map((id, i) => [`员工${i}`, id])] },
  ]);
  const job = (id: string, state: string, extra: object) => ({
    id,
    state,
    fileName: '名单.xlsx',
    inputPath: `batch-inputs/${id}.xlsx`,
    inputSha256: 'not-checked',
    requester: { channel: 'chat', userId: 'wxid_1' },
    today: TODAY,
    target: { kind: 'chat', conversationId: 'room-1', userId: 'wxid_1' },
    fullIds: false,
    createdAt: '2025-06-01T01:00:00.000Z',
    instance: 'old-host:/var/lib/cert-verify',
    ...extra,
  });
  const jobs = [
    job('20250601-aaaa0001', 'delivered', { summary: { rows: 2, byStatus: { valid: 2 } } }),
    job('20250601-aaaa0002', 'running', {}),
  ];
  await writeFile(join(from, 'batch-jobs.json'), JSON.stringify({ schemaVersion: 1, jobs }));
  await mkdir(join(from, 'batch-inputs'));
  await writeFile(join(from, 'batch-inputs', '20250601-aaaa0002.xlsx'), running);
  await mkdir(join(from, 'batch-verdicts'));
  // The first person's verdict, saved twice (a later line wins), as runBatch keys it.
  const key = JSON.stringify([PEOPLE[0], '员工0', '', '']);
  const verdict = (status: string) => ({
    key,
    verdict: { status, query: {}, certificates: [], history: [], reasons: [], warnings: [], today: TODAY },
  });
  await writeLines(join(from, 'batch-verdicts'), '20250601-aaaa0002.jsonl', 1, [
    verdict('unverifiable'),
    verdict('valid'),
  ]);
  return { from, running };
}

describe('store migrate: batch jobs', () => {
  const database = kindDb();

  it('carries every job once, an unfinished one with its roster and verdicts, which a bot then continues', async () => {
    const { from, running } = await oldDataDir();
    const db = database();
    expect(await batchJobsKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 2 });
    expect(await batchJobsKind.run(from, db)).toEqual({ read: 2, stored: 2, added: 0 });

    const jobs = new JobStore(db, { holder: 'bot' });
    expect((await jobs.get('20250601-aaaa0001'))?.summary).toEqual({ rows: 2, byStatus: { valid: 2 } });
    const [open] = await jobs.unfinished();
    expect(open?.id).toBe('20250601-aaaa0002');
    expect((await jobs.readInput(open!)).bytes.equals(running)).toBe(true);

    const pipeline = new CountingPipeline();
    const delivered: number[] = [];
    const count = await resumeJobs({
      pipeline,
      jobs,
      limits,
      deliver: async (_job, result) => {
        delivered.push(result.results.length);
      },
    });
    expect(count).toBe(1);
    expect(delivered).toEqual([3]);
    // The carried verdict (the later line, an answer) stands: only the two others are asked.
    expect(pipeline.calls.map((c) => c.query.idNumber)).toEqual(PEOPLE.slice(1));
  });
});

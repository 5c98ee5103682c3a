/**
 * A roster counts in its sender's hourly budget: the people over it are neither dropped nor failed, they wait
 * for the budget to free and are verified in the same job, also after a restart. A fake clock: nothing waits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunBudget, runBatch } from '../../src/verify/batch.js';
import { resumeJobs, startBatchJob } from '../../src/verify/batch-job-runner.js';
import type { BatchProgress } from '../../src/verify/batch-progress.js';
import { describeProgress } from '../../src/verify/batch-progress.js';
import { validId, xlsx } from '../roster/files.js';
import { CountingPipeline, openJobs, roster, TODAY } from './batch-helpers.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-10T02:00:00Z');
const requester = { channel: 'chat' as const, userId: 'stranger' };

/** A clock that only moves when the run sleeps; each sleep is recorded with the calls made before it. */
function fakeClock(pipeline: CountingPipeline) {
  const clock = { ms: T0, sleeps: [] as Array<{ ms: number; callsBefore: number }> };
  return {
    clock,
    now: () => clock.ms,
    sleep: async (ms: number) => {
      clock.sleeps.push({ ms, callsBefore: pipeline.calls.length });
      clock.ms += ms;
      return true;
    },
  };
}

/** `max` lookups per sliding hour, as the chat keeps them; records every take. */
function hourlyBudget(max: number): RunBudget & { takes: number[] } {
  const used: number[] = [];
  const takes: number[] = [];
  return {
    takes,
    take(count, now) {
      takes.push(count);
      const recent = used.filter((t) => t > now - HOUR);
      used.splice(0, used.length, ...recent);
      const allowed = Math.max(0, Math.min(count, max - recent.length));
      for (let i = 0; i < allowed; i++) used.push(now);
      return allowed === count ? { allowed } : { allowed, retryAt: (used[0] ?? now) + HOUR };
    },
  };
}

const people = (n: number, from = 1): Array<[string, string]> =>
  Array.from({ length: n }, (_, i) => [`员工${from + i}`, validId(from + i)]);

describe('a roster over the hourly budget', () => {
  it('verifies 30 of 50 now and the other 20 rows once the hour frees, saying how many wait and until when', async () => {
    const pipeline = new CountingPipeline();
    const { clock, now, sleep } = fakeClock(pipeline);
    const budget = hourlyBudget(30);
    const events: BatchProgress[] = [];
    const result = await runBatch(roster([...people(50), ['坏号', '123']]), {
      pipeline,
      requester,
      today: TODAY,
      now,
      sleep,
      budget,
      onProgress: (e) => events.push(e),
    });
    // The invalid number costs nothing; 30 people went at once, the rest only after the wait.
    expect(clock.sleeps).toEqual([{ ms: HOUR, callsBefore: 31 }]);
    expect(pipeline.calls).toHaveLength(51);
    expect(budget.takes).toEqual([50, 20]);
    expect(result.results.map((r) => r.verdict.status).filter((s) => s === 'valid')).toHaveLength(50);
    const wait = events.find((e) => e.kind === 'budget');
    expect(wait?.kind === 'budget' && wait.budget).toEqual({ rows: 20, until: T0 + HOUR });
    expect(describeProgress(wait!)).toBe(
      '本小时核验额度已用完，其余 20 行将在 11:00 后继续核验（无需重新发送名单）',
    );
    expect(events.at(-1)?.kind).toBe('end');
  });

  it('charges a person listed twice once, counts both rows as waiting, and charges no retry round', async () => {
    let down = true;
    const pipeline = new CountingPipeline((q) => (down ? 'unverifiable' : q.valid ? 'valid' : 'invalid_id'));
    const { now, sleep } = fakeClock(pipeline);
    const budget = hourlyBudget(2);
    const events: BatchProgress[] = [];
    const [a, b, c] = people(3);
    const result = await runBatch(roster([a!, b!, c!, c!]), {
      pipeline,
      requester,
      today: TODAY,
      now,
      sleep: async (ms) => {
        if (events.at(-1)?.kind === 'retry') down = false;
        return sleep(ms);
      },
      budget,
      onProgress: (e) => events.push(e),
      retry: { rounds: 1, delayMs: 60_000 },
    });
    const wait = events.find((e) => e.kind === 'budget');
    expect(wait?.kind === 'budget' && wait.budget.rows).toBe(2);
    expect(budget.takes).toEqual([3, 1]);
    expect(result.results.map((r) => r.verdict.status)).toEqual(['valid', 'valid', 'valid', 'valid']);
  });

  it('charges nothing for a row without a name (it never reaches the platform)', async () => {
    const pipeline = new CountingPipeline();
    const { clock, now, sleep } = fakeClock(pipeline);
    const budget = hourlyBudget(1);
    await runBatch(
      roster([
        [undefined, validId(1)],
        ['李四', validId(2)],
      ]),
      { pipeline, requester, today: TODAY, now, sleep, budget },
    );
    expect(budget.takes).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
    expect(pipeline.calls).toHaveLength(2);
  });
});

describe('a chat job waiting for the budget', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'batch-budget-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stopped during the wait, continues after a restart with only the rows that waited', async () => {
    const bytes = await xlsx([{ name: '名单', rows: [['姓名', '身份证号'], ...people(50)] }]);
    const budget = hourlyBudget(30);
    const limits = { maxRows: 1000, maxFileBytes: 5_000_000, maxUncompressedBytes: 50_000_000 };
    const first = new CountingPipeline();
    const stop = new AbortController();
    await expect(
      startBatchJob(
        {
          file: { name: '名单.xlsx', bytes },
          requester,
          today: TODAY,
          target: { kind: 'chat', conversationId: 'stranger', userId: 'stranger' },
          fullIds: false,
        },
        {
          pipeline: first,
          jobs: await openJobs(dir),
          limits: { ...limits, progressIntervalMs: 0 },
          budgetOf: () => budget,
          now: () => T0,
          // The bot stops while the job waits for the next hour.
          sleep: async () => {
            stop.abort(new Error('stopped'));
            return false;
          },
          signal: stop.signal,
        },
      ),
    ).rejects.toThrow('stopped');
    expect(first.calls).toHaveLength(30);

    const second = new CountingPipeline();
    const { clock, now, sleep } = fakeClock(second);
    clock.ms = T0 + 60_000;
    const delivered: number[] = [];
    const count = await resumeJobs({
      pipeline: second,
      jobs: await openJobs(dir),
      limits: { ...limits, progressIntervalMs: 0 },
      budgetOf: () => budget,
      now,
      sleep,
      deliver: async (_job, result) => {
        delivered.push(result.results.filter((r) => r.verdict.status === 'valid').length);
      },
    });
    // The budget is still used up after the restart: the job waits out the hour, then asks only for the 20.
    expect(clock.sleeps).toEqual([{ ms: HOUR - 60_000, callsBefore: 0 }]);
    expect(second.calls).toHaveLength(20);
    expect(count).toBe(1);
    expect(delivered).toEqual([50]);
  });
});

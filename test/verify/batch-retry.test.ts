/**
 * Retry rounds: rows the platform could not answer (`unverifiable`, e.g. while the client's breaker is open)
 * are asked again after a wait, in a bounded number of rounds, before the batch resolves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VerdictStatus } from '../../src/domain/status.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { CircuitBreaker } from '../../src/lookup/national/breaker.js';
import { runBatch, type VerdictLog } from '../../src/verify/batch.js';
import { startBatchJob } from '../../src/verify/batch-job-runner.js';
import { type BatchProgress, describeProgress, formatWait } from '../../src/verify/batch-progress.js';
import { progressPrinter } from '../../src/verify/progress-bar.js';
import { validId, xlsx } from '../roster/files.js';
import { CountingPipeline, openJobs, roster, savedVerdicts, TODAY } from './batch-helpers.js';

const requester = { channel: 'batch' as const, userId: 'u1' };

/** A verdict log in memory that keeps every save, in order. */
function memoryLog(): VerdictLog & { saves: Array<[string, VerdictStatus]> } {
  const saves: Array<[string, VerdictStatus]> = [];
  return {
    id: 'job-1',
    saves,
    saved: () => undefined,
    async save(key: string, verdict: Verdict) {
      saves.push([key, verdict.status]);
    },
  };
}

/** A platform that is down until `upAfter` retry waits were announced, then answers `valid`. */
function recoveringPlatform(upAfter: number) {
  const events: BatchProgress[] = [];
  const pipeline = new CountingPipeline((q) => {
    if (!q.valid) return 'invalid_id';
    return events.filter((e) => e.kind === 'retry').length >= upAfter ? 'valid' : 'unverifiable';
  });
  return { pipeline, events, onProgress: (e: BatchProgress) => events.push(e) };
}

const callsFor = (pipeline: CountingPipeline, id: string) =>
  pipeline.calls.filter((c) => c.query.idNumber === id).length;

describe('runBatch retry rounds', () => {
  it('asks again for unverifiable rows after a wait and resolves them once the platform answers', async () => {
    const { pipeline, events, onProgress } = recoveringPlatform(2);
    const job = memoryLog();
    const r = roster([
      ['张三', validId(1)],
      ['李四', validId(2)],
      ['张三', validId(1)],
      ['王五', validId(3)],
      ['坏号', '123'],
    ]);
    const result = await runBatch(r, {
      pipeline,
      requester,
      today: TODAY,
      job,
      onProgress,
      retry: { rounds: 3, delayMs: 5 },
    });
    // Round 1 still finds the platform down; round 2 resolves everyone; round 3 is not needed.
    expect(result.results.map((x) => x.verdict.status)).toEqual([
      'valid',
      'valid',
      'valid',
      'valid',
      'invalid_id',
    ]);
    expect(callsFor(pipeline, validId(1))).toBe(3);
    expect(callsFor(pipeline, '123')).toBe(1);
    const retries = events.filter((e) => e.kind === 'retry');
    expect(retries.map((e) => e.retry)).toEqual([
      { pending: 3, round: 1, rounds: 3, delayMs: 5 },
      { pending: 3, round: 2, rounds: 3, delayMs: 5 },
    ]);
    // Counts stay right when a verdict is replaced: the old status is no longer counted.
    expect(retries[0]!.byStatus).toEqual({ unverifiable: 3, invalid_id: 1 });
    expect(retries[0]!.done).toBe(4);
    const end = events.at(-1)!;
    expect(end.kind).toBe('end');
    expect(end.done).toBe(4);
    expect(end.total).toBe(4);
    expect(end.byStatus).toEqual({ valid: 3, invalid_id: 1 });
    // Every verdict, the replaced ones too, went to the job log; the last one per person is the answer.
    const last = new Map(job.saves);
    expect([...last.values()].sort()).toEqual(['invalid_id', 'valid', 'valid', 'valid']);
    expect(job.saves).toHaveLength(4 + 3 + 3);
  });

  it('reports the wait in Chinese, for chat and the terminal', () => {
    const event: BatchProgress = {
      kind: 'retry',
      retry: { pending: 12, round: 1, rounds: 3, delayMs: 60_000 },
      done: 40,
      total: 40,
      doneBefore: 0,
      rows: 41,
      elapsedMs: 5_000,
      byStatus: { valid: 28, unverifiable: 12 },
    };
    const line = '全国平台暂时无法访问：还有 12 人未能核验，60 秒后重试（第 1/3 次）';
    expect(describeProgress(event)).toBe(line);
    expect([formatWait(500), formatWait(90_000), formatWait(300_000), formatWait(150_000)]).toEqual([
      '1 秒',
      '90 秒',
      '5 分钟',
      '2 分 30 秒',
    ]);
    for (const isTTY of [false, true]) {
      const written: string[] = [];
      const stream = Object.assign(
        { write: (s: string) => written.push(s) > 0 },
        { isTTY },
      ) as unknown as NodeJS.WritableStream & { isTTY?: boolean };
      progressPrinter(stream).progress(event);
      expect(written.join('')).toContain(`${line}\n`);
    }
  });

  it('does at most `rounds` rounds when the platform stays down', async () => {
    const { pipeline, events, onProgress } = recoveringPlatform(Number.POSITIVE_INFINITY);
    const r = roster([
      ['张三', validId(1)],
      ['李四', validId(2)],
    ]);
    const result = await runBatch(r, {
      pipeline,
      requester,
      today: TODAY,
      onProgress,
      retry: { rounds: 2, delayMs: 1 },
    });
    expect(result.results.map((x) => x.verdict.status)).toEqual(['unverifiable', 'unverifiable']);
    expect(pipeline.calls).toHaveLength(2 * 3);
    expect(events.filter((e) => e.kind === 'retry').map((e) => e.kind === 'retry' && e.retry.round)).toEqual([
      1, 2,
    ]);
    expect(events.at(-1)!.byStatus).toEqual({ unverifiable: 2 });
  });

  it('does not ask again for a row without a name, nor wait when only such rows are left', async () => {
    const { pipeline, events, onProgress } = recoveringPlatform(1);
    const r = roster([
      [undefined, validId(1)],
      ['李四', validId(2)],
    ]);
    const result = await runBatch(r, {
      pipeline,
      requester,
      today: TODAY,
      onProgress,
      retry: { rounds: 3, delayMs: 1 },
    });
    expect(result.results.map((x) => x.verdict.status)).toEqual(['unverifiable', 'valid']);
    expect(callsFor(pipeline, validId(1))).toBe(1);
    expect(callsFor(pipeline, validId(2))).toBe(2);
    const retries = events.filter((e) => e.kind === 'retry');
    expect(retries.map((e) => e.kind === 'retry' && e.retry.pending)).toEqual([1]);
  });

  it('does no retry rounds without `retry` (direct callers keep the old behaviour)', async () => {
    const events: BatchProgress[] = [];
    const down = new CountingPipeline(() => 'unverifiable');
    const r = roster([['张三', validId(1)]]);
    const result = await runBatch(r, {
      pipeline: down,
      requester,
      today: TODAY,
      onProgress: (e) => events.push(e),
    });
    expect(result.results[0]!.verdict.status).toBe('unverifiable');
    expect(down.calls).toHaveLength(1);
    expect(events.map((e) => e.kind)).toEqual(['start', 'end']);
  });

  it('stops waiting at once when aborted, rejecting with the reason after the first pass is saved', async () => {
    const controller = new AbortController();
    const job = memoryLog();
    const pipeline = new CountingPipeline(() => 'unverifiable');
    const r = roster([
      ['张三', validId(1)],
      ['李四', validId(2)],
    ]);
    const t0 = Date.now();
    await expect(
      runBatch(r, {
        pipeline,
        requester,
        today: TODAY,
        job,
        signal: controller.signal,
        retry: { rounds: 3, delayMs: 600_000 },
        onProgress: (e) => {
          if (e.kind === 'retry') setTimeout(() => controller.abort(new Error('中断')), 5);
        },
      }),
    ).rejects.toThrow('中断');
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(pipeline.calls).toHaveLength(2);
    expect(job.saves).toHaveLength(2);
  });
});

describe('retry rounds and the platform client’s breaker', () => {
  /**
   * A platform down until `upAt` behind a breaker (5 failures open it for 120 s, as by default), on a clock that
   * moves only when the run sleeps. Like the client, a query is turned away at once while the breaker is open.
   */
  function shakyPlatform(upAt: number) {
    const clock = { ms: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 120_000 }, () => clock.ms);
    const asked: number[] = [];
    const pipeline = new CountingPipeline((q) => {
      if (!q.valid) return 'invalid_id';
      try {
        breaker.check();
      } catch {
        return 'unverifiable';
      }
      asked.push(clock.ms);
      if (clock.ms < upAt) {
        breaker.failure();
        return 'unverifiable';
      }
      breaker.success();
      return 'valid';
    });
    const sleep = async (ms: number) => {
      clock.ms += ms;
      return true;
    };
    return { clock, breaker, asked, pipeline, sleep, now: () => clock.ms };
  }

  it('waits for the breaker to let queries through, so every round asks the platform', async () => {
    const platform = shakyPlatform(200_000);
    const events: BatchProgress[] = [];
    const r = roster(Array.from({ length: 10 }, (_, i) => [`员工${i}`, validId(i + 1)] as [string, string]));
    const result = await runBatch(r, {
      pipeline: platform.pipeline,
      requester,
      today: TODAY,
      now: platform.now,
      sleep: platform.sleep,
      onProgress: (e) => events.push(e),
      retry: { rounds: 3, delayMs: 60_000, readyAt: () => platform.breaker.openUntil },
    });
    // First pass: 5 failures open the breaker, the other 5 are turned away. Round 1 waits out the cool-down
    // (not just 60 s) and its probe finds the platform still down; round 2 waits again and everyone is answered.
    expect(platform.asked).toEqual([0, 0, 0, 0, 0, 120_000, ...Array(10).fill(240_000)]);
    const retries = events.filter((e) => e.kind === 'retry').map((e) => e.kind === 'retry' && e.retry);
    expect(retries).toEqual([
      { pending: 10, round: 1, rounds: 3, delayMs: 120_000 },
      { pending: 10, round: 2, rounds: 3, delayMs: 120_000 },
    ]);
    expect(result.results.every((x) => x.verdict.status === 'valid')).toBe(true);
  });

  it('waits the configured delay when it is longer than the cool-down left', async () => {
    const platform = shakyPlatform(0);
    platform.clock.ms = 1;
    for (let i = 0; i < 5; i++) platform.breaker.failure();
    const events: BatchProgress[] = [];
    await runBatch(roster([['张三', validId(1)]]), {
      pipeline: platform.pipeline,
      requester,
      today: TODAY,
      now: platform.now,
      sleep: platform.sleep,
      onProgress: (e) => events.push(e),
      retry: { rounds: 1, delayMs: 300_000, readyAt: () => platform.breaker.openUntil },
    });
    expect(events.find((e) => e.kind === 'retry')).toMatchObject({ retry: { delayMs: 300_000 } });
    expect(platform.asked).toEqual([300_001]);
  });
});

describe('batch jobs with retry settings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'batch-retry-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes retryRounds/retryDelayMs from the limits and saves the replaced verdicts in the job', async () => {
    const { pipeline, events, onProgress } = recoveringPlatform(1);
    const bytes = await xlsx([
      {
        name: '名单',
        rows: [
          ['姓名', '身份证号'],
          ['张三', validId(1)],
          ['李四', validId(2)],
        ],
      },
    ]);
    const jobs = await openJobs(dir);
    const { job, result } = await startBatchJob(
      {
        file: { name: '名单.xlsx', bytes },
        requester: { channel: 'chat', userId: 'wxid_1' },
        today: TODAY,
        target: { kind: 'chat', conversationId: 'room-1', userId: 'wxid_1' },
        fullIds: false,
      },
      {
        pipeline,
        jobs,
        onProgress,
        limits: {
          maxRows: 1000,
          maxFileBytes: 5_000_000,
          maxUncompressedBytes: 50_000_000,
          progressIntervalMs: 0,
          retryRounds: 2,
          retryDelayMs: 1,
        },
      },
    );
    expect(result.results.map((x) => x.verdict.status)).toEqual(['valid', 'valid']);
    expect(events.filter((e) => e.kind === 'retry')).toHaveLength(1);
    // The retried verdicts were appended after the unverifiable ones, and replace them when read again.
    const saved = await savedVerdicts(dir, job.id);
    expect([...saved.values()].map((v) => v.status)).toEqual(['valid', 'valid']);
    expect(await (await openJobs(dir)).verdictLog(job.id)).toMatchObject({ size: 2 });
  });
});

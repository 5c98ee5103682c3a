import { describe, expect, it } from 'vitest';
import {
  type BatchProgress,
  describeProgress,
  estimate,
  formatDuration,
  shouldReport,
} from '../../src/verify/batch-progress.js';
import { formatBar, progressPrinter } from '../../src/verify/progress-bar.js';

const base = { total: 100, lastDone: 0, lastAt: 0, now: 1000, intervalMs: 30_000 };

describe('shouldReport', () => {
  it('reports when a quarter is crossed', () => {
    expect(shouldReport({ ...base, done: 24 })).toBe(false);
    expect(shouldReport({ ...base, done: 25 })).toBe(true);
    expect(shouldReport({ ...base, done: 30, lastDone: 25 })).toBe(false);
    expect(shouldReport({ ...base, done: 51, lastDone: 49 })).toBe(true);
  });

  it('reports after the interval even within a quarter', () => {
    expect(shouldReport({ ...base, done: 3, now: 29_999 })).toBe(false);
    expect(shouldReport({ ...base, done: 3, now: 30_000 })).toBe(true);
    expect(shouldReport({ ...base, done: 3, now: 60_000, lastAt: 30_000 })).toBe(true);
  });

  it('leaves the end and empty batches to the runner, and needs no interval', () => {
    expect(shouldReport({ ...base, done: 100, lastDone: 99 })).toBe(false);
    expect(shouldReport({ ...base, total: 0, done: 0 })).toBe(false);
    expect(shouldReport({ ...base, done: 3, now: 10 ** 9, intervalMs: 0 })).toBe(false);
  });

  it('reports a small batch at each person that crosses a quarter', () => {
    const reported = [1, 2, 3].filter((done) =>
      shouldReport({ ...base, total: 3, done, lastDone: done - 1 }),
    );
    expect(reported).toEqual([1, 2]);
  });
});

describe('progress texts', () => {
  it('estimates rate and time left from this run only', () => {
    expect(estimate(10, 40, 5000)).toEqual({ perSecond: 2, leftMs: 15_000 });
    expect(estimate(0, 40, 5000).leftMs).toBeUndefined();
    const e: BatchProgress = {
      kind: 'progress',
      done: 30,
      total: 40,
      doneBefore: 20,
      rows: 45,
      elapsedMs: 5000,
      byStatus: {},
    };
    expect(describeProgress(e)).toBe('核验进度 30/40（75%），每秒 2.0 人，预计还需 5 秒');
    expect(describeProgress({ ...e, kind: 'start', done: 20 })).toContain('此前已完成 20 人');
  });

  it('formats durations and the bar', () => {
    expect(formatDuration(8_000)).toBe('8 秒');
    expect(formatDuration(130_000)).toBe('2 分 10 秒');
    expect(formatDuration(3_900_000)).toBe('1 小时 5 分');
    expect(formatBar(1, 4, 0.5, 6000, 8)).toBe('[##------] 1/4 25% 0.5 人/秒 剩余约 6 秒');
  });

  it('redraws a bar on a terminal and writes plain lines elsewhere', () => {
    const out: string[] = [];
    const stream = (isTTY: boolean) =>
      ({ isTTY, write: (s: string) => out.push(s) > 0 }) as unknown as NodeJS.WritableStream;
    const start: BatchProgress = {
      kind: 'start',
      done: 0,
      total: 2,
      doneBefore: 0,
      rows: 2,
      elapsedMs: 0,
      byStatus: {},
    };
    let t = 0;
    const tty = progressPrinter(stream(true), () => t, 0);
    tty.progress(start);
    t = 1000;
    tty.tick(1, 2);
    expect(out.at(-1)).toBe(`\r\x1b[2K${formatBar(1, 2, 1, 1000)}`);
    out.length = 0;
    const plain = progressPrinter(stream(false), () => t);
    plain.progress(start);
    plain.tick(1, 2);
    expect(out).toEqual(['开始核验名单：共 2 人（2 行）\n']);
  });
});

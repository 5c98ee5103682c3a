import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/verify/batch.js';
import type { BatchProgress } from '../../src/verify/batch-progress.js';
import { summarise, summaryLine, summaryWithAdvice } from '../../src/verify/batch-summary.js';
import { validId } from '../roster/files.js';
import { CountingPipeline, roster, TODAY } from './batch-helpers.js';

const requester = { channel: 'batch' as const, userId: 'u1' };

describe('runBatch', () => {
  it('verifies identical people once and gives every row its verdict, in roster order', async () => {
    const pipeline = new CountingPipeline((q) => (q.idNumber === validId(2) ? 'expired' : 'valid'));
    const r = roster([
      ['张三', validId(1), '低压电工作业'],
      ['李四', validId(2)],
      ['张三', validId(1), '低压电工作业'],
      ['张三', validId(1), '熔化焊接与热切割作业'],
      ['李四', validId(2)],
    ]);
    const result = await runBatch(r, { pipeline, requester, today: TODAY });
    expect(pipeline.calls).toHaveLength(3);
    expect(result.results.map((x) => [x.row.rowNumber, x.verdict.status])).toEqual([
      [2, 'valid'],
      [3, 'expired'],
      [4, 'valid'],
      [5, 'valid'],
      [6, 'expired'],
    ]);
    expect(result.today).toBe(TODAY);
    expect(pipeline.calls[0]!.ctx).toEqual({
      requester: { ...requester, file: '名单.xlsx' },
      today: TODAY,
      deferFinding: true,
      // Roster rows wait behind a person waiting in chat on the platform's one narrow pipe.
      priority: 'batch',
    });
  });

  it("reads a roster's ID numbers ahead in stretches of 500, each once, before their rows are verified", async () => {
    const pipeline = new CountingPipeline();
    const prefetched: string[][] = [];
    const verifiedBeforeFetch: number[] = [];
    pipeline.prefetch = async (ids) => {
      verifiedBeforeFetch.push(pipeline.calls.length);
      prefetched.push([...ids]);
    };
    const ids = Array.from({ length: 1_100 }, (_, i) => validId(i + 1));
    const r = roster([...ids.map((id, i): [string, string] => [`人${i}`, id]), ['坏号', '123']]);
    await runBatch(r, { pipeline, requester, today: TODAY });
    expect(prefetched.map((stretch) => stretch.length)).toEqual([500, 500, 100]);
    expect(prefetched.flat()).toEqual(ids);
    // A stretch is read before its first row is verified (the first with nothing verified yet).
    expect(verifiedBeforeFetch[0]).toBe(0);
    expect(verifiedBeforeFetch[2]).toBeLessThanOrEqual(500);
  });

  it('never merges invalid numbers, and looks up a nameless row under the known name for an admin', async () => {
    const pipeline = new CountingPipeline(undefined, { [validId(3)]: '王五' });
    const r = roster([
      ['甲', '123'],
      ['乙', '123'],
      [undefined, validId(3)],
    ]);
    const result = await runBatch(r, { pipeline, requester, today: TODAY, audience: { admin: true } });
    expect(pipeline.calls).toHaveLength(3);
    expect(result.results.map((x) => x.verdict.status)).toEqual(['invalid_id', 'invalid_id', 'valid']);
    expect(pipeline.calls[2]!.query.name).toBe('王五');
  });

  it("fills a nameless row only for the enterprise holding the person, never for a stranger's roster", async () => {
    const names = { [validId(3)]: '王五', [validId(4)]: '赵六' };
    const heldBy = { [validId(3)]: ['甲公司'] };
    const r = roster([
      [undefined, validId(3)],
      [undefined, validId(4)],
    ]);
    const stranger = new CountingPipeline(undefined, names, undefined, heldBy);
    await runBatch(r, { pipeline: stranger, requester, today: TODAY });
    expect(stranger.calls.map((c) => c.query.name)).toEqual([undefined, undefined]);
    const own = new CountingPipeline(undefined, names, undefined, heldBy);
    await runBatch(r, {
      pipeline: own,
      requester,
      today: TODAY,
      audience: { admin: false, enterprise: '甲公司' },
    });
    expect(own.calls.map((c) => c.query.name)).toEqual(['王五', undefined]);
  });

  it('reports start, each quarter and the end', async () => {
    const events: BatchProgress[] = [];
    const ticks: number[] = [];
    const r = roster(Array.from({ length: 8 }, (_, i): [string, string] => [`人${i}`, validId(i + 1)]));
    await runBatch(r, {
      pipeline: new CountingPipeline((q) => (q.idNumber === validId(1) ? 'not_found' : 'valid')),
      requester,
      today: TODAY,
      concurrency: 1,
      onProgress: (e) => events.push(e),
      onTick: (done) => ticks.push(done),
    });
    expect(events.map((e) => [e.kind, e.done])).toEqual([
      ['start', 0],
      ['progress', 2],
      ['progress', 4],
      ['progress', 6],
      ['end', 8],
    ]);
    expect(events.at(-1)!.byStatus).toEqual({ not_found: 1, valid: 7 });
    expect(ticks).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('turns an unexpected pipeline failure into an unverifiable row without stopping', async () => {
    const pipeline = new CountingPipeline();
    pipeline.verify = async (query) => {
      if (query.idNumber === validId(1)) throw new Error('boom');
      return {
        status: 'valid',
        query,
        certificates: [],
        history: [],
        reasons: [],
        warnings: [],
        today: TODAY,
      };
    };
    const result = await runBatch(
      roster([
        ['a', validId(1)],
        ['b', validId(2)],
      ]),
      { pipeline, requester, today: TODAY },
    );
    expect(result.results.map((x) => x.verdict.status)).toEqual(['unverifiable', 'valid']);
    expect(result.results[0]!.verdict.reasons[0]).toContain('boom');
  });
});

describe('summary', () => {
  it('counts rows by status word, duplicates included, and says so in one line', async () => {
    const pipeline = new CountingPipeline((q) =>
      !q.valid ? 'invalid_id' : q.idNumber === validId(2) ? 'expired' : 'valid',
    );
    const r = roster([
      ['张三', validId(1)],
      ['李四', validId(2)],
      ['李四', validId(2)],
      ['错', '123'],
    ]);
    const summary = summarise(await runBatch(r, { pipeline, requester, today: TODAY }));
    expect(summary.rows).toBe(4);
    expect(summary.byStatus).toMatchObject({ valid: 1, expired: 2, invalid_id: 1, not_found: 0 });
    expect(summaryLine(summary)).toBe('已核验 4 行：有效 1，已过期 2，证件号无效 1');
    expect(summaryWithAdvice(summary, '稍后再发一次')).toBe(summaryLine(summary));
  });

  it('says how to ask again for the rows the platform did not answer', async () => {
    const pipeline = new CountingPipeline((q) => (q.idNumber === validId(2) ? 'unverifiable' : 'valid'));
    const r = roster([
      ['张三', validId(1)],
      ['李四', validId(2)],
      ['李四', validId(2)],
    ]);
    const summary = summarise(await runBatch(r, { pipeline, requester, today: TODAY }));
    expect(summaryWithAdvice(summary, '稍后再发一次').split('\n')).toEqual([
      '已核验 3 行：有效 1，暂时无法核验 2',
      '其中 2 行暂时无法核验（查询平台没有回应）。稍后再发一次即可补查：已有结果的人直接取用缓存，只重新查询这些人。',
    ]);
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingInput } from '../../src/store/findings-log.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const ID = '11010519491231002X';

function input(overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    status: 'not_found',
    idNumber: ID,
    name: '张三',
    requester: { channel: 'chat', userId: 'wxid_a', enterprise: '甲公司' },
    enterprise: '甲公司',
    reasons: ['全国平台没有查询到相关证件信息'],
    evidence: { source: 'national', platformSaid: '没有查询到相关证件信息！', certificates: [] },
    ...overrides,
  };
}

describe('FindingsLog', () => {
  it('counts the same finding within a China day instead of repeating it', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    // 2025-05-01 01:00 and 23:30 China time (UTC+8).
    const first = await store.findings.record(input(), new Date('2025-04-30T17:00:00Z'));
    const again = await store.findings.record(input(), new Date('2025-05-01T15:30:00Z'));
    expect(first.duplicate).toBe(false);
    expect(first.finding).toMatchObject({ day: '2025-05-01', count: 1 });
    expect(again.duplicate).toBe(true);
    expect(again.finding).toMatchObject({
      id: first.finding.id,
      count: 2,
      firstAt: '2025-04-30T17:00:00.000Z',
      lastAt: '2025-05-01T15:30:00.000Z',
    });
    await store.close();
    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.findings.list()).toHaveLength(1);
    expect(reopened.findings.list()[0]?.count).toBe(2);
    await reopened.close();
  });

  it('keeps findings of another day, enterprise or status apart', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    await store.findings.record(input(), new Date('2025-05-01T03:00:00Z'));
    // 2025-05-01T16:00Z is already 2025-05-02 in China.
    const nextDay = await store.findings.record(input(), new Date('2025-05-01T16:00:00Z'));
    const otherFirm = await store.findings.record(
      input({ enterprise: '乙公司' }),
      new Date('2025-05-01T03:00:00Z'),
    );
    const otherStatus = await store.findings.record(
      input({ status: 'expired' }),
      new Date('2025-05-01T03:00:00Z'),
    );
    expect([nextDay, otherFirm, otherStatus].map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(nextDay.finding.day).toBe('2025-05-02');
    expect(new Set(store.findings.list().map((f) => f.id)).size).toBe(4);
    await store.close();
  });

  it('lists by China day, newest last, filtered by days, enterprise and statuses', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    await store.findings.record(input({ status: 'expired' }), new Date('2025-05-03T03:00:00Z'));
    await store.findings.record(input(), new Date('2025-05-01T03:00:00Z'));
    await store.findings.record(input({ enterprise: '乙公司' }), new Date('2025-05-02T03:00:00Z'));
    await store.findings.record(input({ status: 'name_mismatch' }), new Date('2025-05-02T01:00:00Z'));
    const days = (list: { day: string; status: string }[]) => list.map((f) => `${f.day} ${f.status}`);
    expect(days(store.findings.list())).toEqual([
      '2025-05-01 not_found',
      '2025-05-02 name_mismatch',
      '2025-05-02 not_found',
      '2025-05-03 expired',
    ]);
    expect(days(store.findings.list({ from: '2025-05-02', to: '2025-05-02', enterprise: '甲公司' }))).toEqual(
      ['2025-05-02 name_mismatch'],
    );
    expect(days(store.findings.list({ statuses: ['expired', 'not_found'] }))).toEqual([
      '2025-05-01 not_found',
      '2025-05-02 not_found',
      '2025-05-03 expired',
    ]);
    await store.close();
  });

  it('records 1,000 findings at once, all durable, in far fewer disk writes', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        store.findings.record(input({ idNumber: `1101051949123${String(i).padStart(4, '0')}X` }), at),
      ),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);
    // Durable before close: read the file itself, not the store's memory.
    const onDisk = JSON.parse(await readFile(join(dir, 'findings.json'), 'utf8'));
    expect(onDisk.findings).toHaveLength(1000);
    await store.close();
  });

  it('migrates a v0 findings file (a bare array, one entry per report)', async () => {
    const dir = await tempDir();
    const { requester, reasons, evidence } = input();
    const v0 = [
      {
        status: 'not_found',
        idNumber: ID,
        enterprise: '甲公司',
        requester,
        reasons,
        evidence,
        at: '2024-03-01T02:00:00Z',
      },
      {
        status: 'not_found',
        idNumber: ID,
        enterprise: '甲公司',
        requester,
        reasons,
        evidence,
        at: '2024-03-01T05:00:00Z',
      },
      {
        status: 'expired',
        idNumber: ID,
        enterprise: '甲公司',
        requester,
        reasons,
        evidence,
        at: '2024-03-02T02:00:00Z',
      },
    ];
    await writeFile(join(dir, 'findings.json'), JSON.stringify(v0));
    const store = await openStore(dir, { cache: TTL });
    const list = store.findings.list();
    expect(list.map((f) => [f.day, f.status, f.count])).toEqual([
      ['2024-03-01', 'not_found', 2],
      ['2024-03-02', 'expired', 1],
    ]);
    expect(list[0]).toMatchObject({
      firstAt: '2024-03-01T02:00:00.000Z',
      lastAt: '2024-03-01T05:00:00.000Z',
    });
    expect(list[0]).not.toHaveProperty('at');
    const onDisk = JSON.parse(await readFile(join(dir, 'findings.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(1);
    expect(onDisk.findings).toHaveLength(2);
    const next = await store.findings.record(input(), new Date('2025-01-01T00:00:00Z'));
    expect(new Set([...list.map((f) => f.id), next.finding.id]).size).toBe(3);
    await store.close();
  });
});

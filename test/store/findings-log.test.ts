import * as fsp from 'node:fs/promises';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreFs } from '../../src/store/atomic-write.js';
import type { FindingInput } from '../../src/store/findings-log.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const ID = '11010519491231002X';

/** The parsed lines of a JSON-lines file, header first. */
async function linesOf(path: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

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

  it('keeps a photo lead apart from the verdict’s finding, also on a valid verdict, across a reopen', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    const plain = await store.findings.record(input(), at);
    const fake = await store.findings.record(input({ photoLead: 'fake_platform' }), at);
    const altered = await store.findings.record(input({ status: 'valid', photoLead: 'altered_card' }), at);
    const again = await store.findings.record(input({ status: 'valid', photoLead: 'altered_card' }), at);
    expect([plain, fake, altered].map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(again).toMatchObject({ duplicate: true, finding: { id: altered.finding.id, count: 2 } });
    await store.close();
    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.findings.list().map((f) => [f.status, f.photoLead, f.count])).toEqual([
      ['not_found', undefined, 1],
      ['not_found', 'fake_platform', 1],
      ['valid', 'altered_card', 2],
    ]);
    await reopened.close();
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
    const onDisk = await linesOf(join(dir, 'findings.jsonl'));
    expect(onDisk.filter((e) => e.t === 'new')).toHaveLength(1000);
    expect(store.findings.diskWrites).toBeLessThan(10);
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
    const onDisk = await linesOf(join(dir, 'findings.jsonl'));
    expect(onDisk[0]).toEqual({ schemaVersion: 2 });
    expect(onDisk.filter((e) => e.t === 'new')).toHaveLength(2);
    expect(await readdir(dir)).not.toContain('findings.json');
    const next = await store.findings.record(input(), new Date('2025-01-01T00:00:00Z'));
    expect(new Set([...list.map((f) => f.id), next.finding.id]).size).toBe(3);
    await store.close();
  });
  it('replays the log after a reopen: counts, occasions and the next id', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    const first = await store.findings.record(input(), at, 'job1|row2');
    await store.findings.record(input(), new Date('2025-05-01T04:00:00Z'));
    await store.findings.record(input({ status: 'expired' }), at);
    await store.close();

    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.findings.list().map((f) => [f.status, f.count, f.lastAt])).toEqual([
      ['not_found', 2, '2025-05-01T04:00:00.000Z'],
      ['expired', 1, '2025-05-01T03:00:00.000Z'],
    ]);
    // The occasion is remembered across the restart: a resumed job does not count the row again.
    const resumed = await reopened.findings.record(input(), at, 'job1|row2');
    expect(resumed).toMatchObject({ duplicate: true, finding: { id: first.finding.id, count: 2 } });
    const next = await reopened.findings.record(input({ status: 'name_mismatch' }), at);
    expect(reopened.findings.list().map((f) => f.id)).toHaveLength(3);
    expect(new Set(reopened.findings.list().map((f) => f.id)).size).toBe(3);
    expect(next.duplicate).toBe(false);
    await reopened.close();

    const lines = await linesOf(join(dir, 'findings.jsonl'));
    expect(lines.map((l) => l.t ?? 'header')).toEqual(['header', 'new', 'repeat', 'new', 'new']);
  });

  it('leaves out a last line cut by a crash, and sets a damaged line elsewhere aside', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    await store.findings.record(input(), new Date('2025-05-01T03:00:00Z'));
    await store.close();
    const path = join(dir, 'findings.jsonl');
    const intact = await readFile(path, 'utf8');
    await appendFile(path, '{"t":"repeat","id":"F2025');

    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.findings.list().map((f) => f.count)).toEqual([1]);
    expect(await readFile(path, 'utf8')).toBe(intact);
    await reopened.findings.record(input(), new Date('2025-05-01T05:00:00Z'));
    await reopened.close();
    const again = await openStore(dir, { cache: TTL });
    expect(again.findings.list().map((f) => f.count)).toEqual([2]);
    await again.close();

    const [header, ...rest] = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, [header, '{broken', ...rest].join('\n'));
    const recovered = await openStore(dir, { cache: TTL });
    expect(recovered.findings.list().map((f) => f.count)).toEqual([2]);
    expect(await readFile(`${path}.bad`, 'utf8')).toBe('{broken\n');
    await recovered.close();
  });

  it('converts a findings.json of the previous layout, occasions included', async () => {
    const dir = await tempDir();
    const old = await openStore(dir, { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    const first = await old.findings.record(input(), at, 'job1|row1');
    await old.findings.record(input(), new Date('2025-05-01T04:00:00Z'));
    const findings = old.findings.list();
    await old.close();
    await fsp.rm(join(dir, 'findings.jsonl'));
    await writeFile(
      join(dir, 'findings.json'),
      JSON.stringify({
        schemaVersion: 1,
        findings,
        nextSeq: 2,
        occasions: { 'job1|row1|not_found': first.finding.id },
      }),
    );

    const store = await openStore(dir, { cache: TTL });
    expect(store.findings.list()).toEqual(findings);
    expect(await readdir(dir)).not.toContain('findings.json');
    const resumed = await store.findings.record(input(), at, 'job1|row1');
    expect(resumed).toMatchObject({ duplicate: true, finding: { count: 2 } });
    await store.close();
    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.findings.list()).toEqual(findings);
    await reopened.close();
  });

  it('shares one append and fsync among 1,000 concurrent records', async () => {
    const dir = await tempDir();
    let syncs = 0;
    const counting: StoreFs = {
      ...fsp,
      open: (async (...args: Parameters<typeof fsp.open>) => {
        const handle = await fsp.open(...args);
        if (String(args[0]).endsWith('findings.jsonl')) {
          const sync = handle.sync.bind(handle);
          handle.sync = () => {
            syncs++;
            return sync();
          };
        }
        return handle;
      }) as StoreFs['open'],
    };
    const store = await openStore(dir, { cache: TTL, fs: counting });
    const at = new Date('2025-05-01T03:00:00Z');
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        store.findings.record(
          input({ idNumber: `1101051949123${String(i % 500).padStart(4, '0')}X` }),
          at,
          `job|row${i}`,
        ),
      ),
    );
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThan(10);
    expect(store.findings.list().map((f) => f.count)).toEqual(Array(500).fill(2));
    await store.close();
  });
  it('compacts on open a log that is mostly repeats, keeping counts and occasions', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    await Promise.all(
      Array.from({ length: 12_000 }, (_, i) =>
        store.findings.record(input(), at, i < 3 ? `o${i}` : undefined),
      ),
    );
    await store.close();
    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.findings.list().map((f) => f.count)).toEqual([12_000]);
    const lines = await linesOf(join(dir, 'findings.jsonl'));
    expect(lines.map((l) => l.t ?? 'header')).toEqual(['header', 'new', 'occasion', 'occasion', 'occasion']);
    expect((await reopened.findings.record(input(), at, 'o1')).duplicate).toBe(true);
    expect(reopened.findings.list().map((f) => f.count)).toEqual([12_000]);
    await reopened.close();
  });
});

import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { findingInput as input } from './finding-input.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
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
    expect(await reopened.findings.list()).toEqual([
      { ...first.finding, count: 2, lastAt: again.finding.lastAt },
    ]);
    expect(await reopened.findings.size()).toBe(1);
    await reopened.close();
  });

  it('keeps the later report as the last, whatever order the reports arrive in', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    await store.findings.record(input(), new Date('2025-05-01T05:00:00Z'));
    const late = await store.findings.record(input(), new Date('2025-05-01T03:00:00Z'));
    expect(late.finding).toMatchObject({ count: 2, lastAt: '2025-05-01T05:00:00.000Z' });
    await store.close();
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
    expect(new Set((await store.findings.list()).map((f) => f.id)).size).toBe(4);
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
    expect((await reopened.findings.list()).map((f) => [f.status, f.photoLead, f.count])).toEqual([
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
    expect(days(await store.findings.list())).toEqual([
      '2025-05-01 not_found',
      '2025-05-02 name_mismatch',
      '2025-05-02 not_found',
      '2025-05-03 expired',
    ]);
    expect(
      days(await store.findings.list({ from: '2025-05-02', to: '2025-05-02', enterprise: '甲公司' })),
    ).toEqual(['2025-05-02 name_mismatch']);
    expect(days(await store.findings.list({ statuses: ['expired', 'not_found'] }))).toEqual([
      '2025-05-01 not_found',
      '2025-05-02 not_found',
      '2025-05-03 expired',
    ]);
    // A month's last day for any month: no real date needed.
    expect(days(await store.findings.list({ from: '2025-05-03', to: '2025-05-31' }))).toEqual([
      '2025-05-03 expired',
    ]);
    await store.close();
  });

  it('takes the day a verdict was judged on, and keeps any text a requester’s words hold', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const odd = input({
      day: '2025-04-30',
      requester: { channel: 'chat', userName: 'a\u0000b\u{1F600}"\\' },
    });
    const { finding } = await store.findings.record(odd, new Date('2025-05-01T03:00:00Z'));
    expect(finding.day).toBe('2025-04-30');
    expect(await store.findings.list()).toEqual([finding]);
    expect(finding.requester.userName).toBe('a\u0000b\u{1F600}"\\');
    await store.close();
  });

  it('remembers an occasion across a reopen: a resumed job does not count the row again', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    const first = await store.findings.record(input(), at, 'job1|row2');
    await store.findings.record(input(), new Date('2025-05-01T04:00:00Z'));
    await store.findings.record(input({ status: 'expired' }), at);
    await store.close();

    const reopened = await openStore(dir, { cache: TTL });
    expect((await reopened.findings.list()).map((f) => [f.status, f.count, f.lastAt])).toEqual([
      ['not_found', 2, '2025-05-01T04:00:00.000Z'],
      ['expired', 1, '2025-05-01T03:00:00.000Z'],
    ]);
    const resumed = await reopened.findings.record(input(), at, 'job1|row2');
    expect(resumed).toMatchObject({ duplicate: true, finding: { id: first.finding.id, count: 2 } });
    // Another status on the same occasion (unverifiable before the crash, answered after) is its own finding.
    const answered = await reopened.findings.record(input({ status: 'name_mismatch' }), at, 'job1|row2');
    expect(answered.duplicate).toBe(false);
    expect(new Set((await reopened.findings.list()).map((f) => f.id)).size).toBe(3);
    await reopened.close();
  });

  it('records 1,000 findings at once, half of them twice, each counted once per occasion', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        store.findings.record(
          input({ idNumber: `1101051949123${String(i % 500).padStart(4, '0')}X` }),
          at,
          `job|row${i}`,
        ),
      ),
    );
    expect(results.filter((r) => r.duplicate)).toHaveLength(500);
    expect((await store.findings.list()).map((f) => f.count)).toEqual(Array(500).fill(2));
    await store.close();
  });

  it('counts an occasion once when its reports share a write, beside an occasion recorded before', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const at = new Date('2025-05-01T03:00:00Z');
    const before = await store.findings.record(input({ status: 'expired' }), at, 'job|row1');
    const [again, first, twice] = await Promise.all([
      store.findings.record(input({ status: 'expired' }), at, 'job|row1'),
      store.findings.record(input(), at, 'job|row2'),
      store.findings.record(input(), at, 'job|row2'),
    ]);
    expect(again).toMatchObject({ duplicate: true, finding: { id: before.finding.id, count: 1 } });
    expect(first.duplicate).toBe(false);
    expect(twice).toMatchObject({ duplicate: true, finding: { id: first.finding.id, count: 1 } });
    const listed = (await store.findings.list()).map((f) => [f.status, f.count]);
    expect(listed.sort()).toEqual([
      ['expired', 1],
      ['not_found', 1],
    ]);
    await store.close();
  });

  it('waits at flush for records nobody awaited, and records again one that failed', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const query = store.db.query.bind(store.db);
    let failures = 1;
    store.db.query = (text, params) =>
      text.startsWith('insert into findings') && failures-- > 0
        ? Promise.reject(new Error('connection lost'))
        : query(text, params);
    const at = new Date('2025-05-01T03:00:00Z');
    const lost = store.findings.record(input(), at);
    const alongside = store.findings.record(input({ status: 'expired' }), at);
    // Handed over in the same turn, the two share one write: both are lost with it.
    await expect(lost).rejects.toThrow('connection lost');
    await expect(alongside).rejects.toThrow('connection lost');
    await store.findings.flush();
    const listed = (await store.findings.list()).map((f) => [f.status, f.count]);
    expect(listed.sort()).toEqual([
      ['expired', 1],
      ['not_found', 1],
    ]);
    const later = await store.findings.record(input({ status: 'expired' }), at);
    expect(later).toMatchObject({ duplicate: true, finding: { count: 2 } });
    store.db.query = query;
    await store.close();
  });
});

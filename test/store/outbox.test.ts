/**
 * The bot's outbox on real files: leads survive a reopen until acknowledged, refused leads are kept aside with
 * the bureau's answer, a lead id queued twice is kept once, and the file is private (0600).
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeadReport } from '../../src/domain/lead.js';
import { realFs } from '../../src/store/atomic-write.js';
import { OUTBOX_FILE, Outbox } from '../../src/store/outbox.js';
import { makeId } from '../domain/ids.js';

const lead = (id: string): LeadReport => ({
  id,
  kind: 'fake_certificate',
  status: 'not_found',
  idNumber: makeId('110105', '19850312', '013'),
  evidence: { platformSaid: '没有查询到相关证件信息' },
  foundAt: '2026-05-10T02:00:00.000Z',
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = () => Outbox.open(dir, { fs: realFs });

describe('Outbox', () => {
  it('keeps every lead until the bureau acknowledges it, across reopening', async () => {
    const outbox = await open();
    expect(await outbox.add(lead('F1'))).toBe(true);
    expect(await outbox.add(lead('F2'))).toBe(true);
    expect(await outbox.add(lead('F1'))).toBe(false);
    await outbox.ack('F1');
    await outbox.flush();
    const reopened = await open();
    expect(reopened.waiting().map((l) => l.id)).toEqual(['F2']);
    // Acknowledged once, never queued again (a finding replayed on start is not sent twice).
    expect(await reopened.add(lead('F1'))).toBe(false);
    expect((await stat(join(dir, OUTBOX_FILE))).mode & 0o777).toBe(0o600);
  });

  it('keeps a refused lead aside with the answer, not waiting and not lost', async () => {
    const outbox = await open();
    await outbox.add(lead('F1'));
    await outbox.refuse('F1', 400, '线索有误：idNumber 有误', new Date('2026-05-11T00:00:00Z'));
    await outbox.flush();
    const reopened = await open();
    expect(reopened.waiting()).toEqual([]);
    expect(reopened.refused()).toEqual([
      { lead: lead('F1'), status: 400, reason: '线索有误：idNumber 有误', at: '2026-05-11T00:00:00.000Z' },
    ]);
    expect(await reopened.add(lead('F1'))).toBe(false);
  });

  it('rewrites the file with one line per lead once many have piled up, keeping what counts', async () => {
    const outbox = await open();
    await Promise.all(Array.from({ length: 1_001 }, (_, i) => outbox.add(lead(`F${i}`))));
    await outbox.add(lead('refused'));
    await outbox.refuse('refused', 415, 'x', new Date());
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => outbox.ack(`F${i}`)));
    await outbox.flush();
    const text = await readFile(join(dir, OUTBOX_FILE), 'utf8');
    expect(text.trim().split('\n').length).toBeLessThan(1_100);
    expect(text.split('\n').filter((l) => l.includes('"waiting"'))).toHaveLength(1);
    const reopened = await open();
    expect(reopened.waiting().map((l) => l.id)).toEqual(['F1000']);
    expect(reopened.refused().map((r) => r.lead.id)).toEqual(['refused']);
    expect(await reopened.add(lead('F5'))).toBe(false);
  });

  it('keeps every state of a lead across a reopen: pending, released, sent, withdrawn with what is owed, conflict', async () => {
    const asker = { channel: 'chat' as const, userId: 'u1', door: 'console' };
    const outbox = await open();
    await outbox.hold(lead('P'), '2026-05-13', { requester: asker, personType: 'special' });
    await outbox.hold(lead('R'), '2026-05-13', { requester: asker });
    await outbox.hold(lead('W'), '2026-05-13', { requester: asker });
    await outbox.add({ ...lead('S'), kind: 'impersonation', status: 'name_mismatch' });
    await outbox.add(lead('C'));
    expect(outbox.due('2026-05-12')).toEqual([]);
    expect(outbox.due('2026-05-13').map((e) => e.lead.id)).toEqual(['P', 'R', 'W']);
    await outbox.release('R');
    await outbox.ack('R');
    await outbox.withdraw('R', '已查到', new Date('2026-05-14T00:00:00Z'));
    await outbox.withdraw('W', '复核已查到', new Date('2026-05-13T00:00:00Z'), {
      requester: asker,
      text: '已查到',
    });
    await outbox.ack('S');
    await outbox.conflict('C', '姓名不同', new Date('2026-05-13T00:00:00Z'));
    await outbox.flush();

    const reopened = await open();
    expect(Object.fromEntries(['P', 'R', 'W', 'S', 'C'].map((id) => [id, reopened.stateOf(id)]))).toEqual({
      P: 'pending',
      R: 'withdrawn',
      W: 'withdrawn',
      S: 'sent',
      C: 'conflict',
    });
    expect(reopened.get('P')).toMatchObject({ dueOn: '2026-05-13', recheck: { personType: 'special' } });
    expect(reopened.withdrawalsOwed().map((e) => e.lead.id)).toEqual(['R']);
    expect(reopened.noticesOwed().map((e) => [e.lead.id, e.withdrawal?.notice?.text])).toEqual([
      ['W', '已查到'],
    ]);
    expect(reopened.waiting()).toEqual([]);
    expect(reopened.conflicts()).toEqual([expect.objectContaining({ status: 409, reason: '姓名不同' })]);
    await reopened.withdrawalDelivered('R');
    await reopened.notified('W');
    await reopened.flush();
    const third = await open();
    expect(third.withdrawalsOwed()).toEqual([]);
    expect(third.noticesOwed()).toEqual([]);
    expect(third.get('W')?.sent).toBe(false);
  });

  it('opens an outbox of the first layout (queued, acked and refused lines) as it is', async () => {
    const lines = [
      { schemaVersion: 1 },
      { t: 'queued', lead: lead('A') },
      { t: 'queued', lead: lead('B') },
      { t: 'acked', id: 'A' },
      { t: 'acked', id: 'compacted-long-ago' },
      { t: 'queued', lead: lead('X') },
      { t: 'refused', id: 'X', status: 400, reason: 'bad', at: '2026-05-11T00:00:00.000Z' },
    ];
    await writeFile(join(dir, OUTBOX_FILE), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, {
      mode: 0o600,
    });
    const outbox = await open();
    expect(outbox.waiting().map((l) => l.id)).toEqual(['B']);
    expect(outbox.stateOf('A')).toBe('sent');
    expect(outbox.stateOf('compacted-long-ago')).toBe('sent');
    expect(outbox.refused().map((r) => r.lead.id)).toEqual(['X']);
    expect(await outbox.add(lead('compacted-long-ago'))).toBe(false);
  });
});

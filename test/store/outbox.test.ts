/**
 * The bot's outbox in its database: leads survive a reopen until acknowledged, refused leads are kept aside with
 * the bureau's answer, a lead id queued twice is kept once, every state and what it owes is kept, and a month's
 * summary is replaced only by a later count with other numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { Outbox } from '../../src/store/outbox.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { outboxLead } from './outbox-lead.js';
import { tempDir } from './temp-dir.js';

const lead = outboxLead;

async function database(): Promise<SqlDb> {
  return openTestStoreDb(await tempDir());
}

// The suite's database starts before the first test (PGlite's first start takes seconds).
beforeAll(() => openTestStoreDb('outbox-warm-up').then(() => undefined), PGLITE_START_MS);

describe('Outbox', () => {
  it('keeps every lead until the bureau acknowledges it, across reopening', async () => {
    const db = await database();
    const outbox = new Outbox(db);
    expect(await outbox.add(lead('F1'))).toBe(true);
    expect(await outbox.add(lead('F2'))).toBe(true);
    expect(await outbox.add(lead('F1'))).toBe(false);
    await outbox.ack('F1');
    const reopened = new Outbox(db);
    expect((await reopened.waiting()).map((l) => l.id)).toEqual(['F2']);
    // Acknowledged once, never queued again (a finding replayed on start is not sent twice).
    expect(await reopened.add(lead('F1'))).toBe(false);
    expect(await reopened.left()).toBe(1);
  });

  it('keeps a refused lead aside with the answer, not waiting and not lost', async () => {
    const outbox = new Outbox(await database());
    await outbox.add(lead('F1'));
    await outbox.refuse('F1', 400, '线索有误：idNumber 有误', new Date('2026-05-11T00:00:00Z'));
    expect(await outbox.waiting()).toEqual([]);
    expect(await outbox.refused()).toEqual([
      { lead: lead('F1'), status: 400, reason: '线索有误：idNumber 有误', at: '2026-05-11T00:00:00.000Z' },
    ]);
    expect(await outbox.add(lead('F1'))).toBe(false);
  });

  it('keeps every state of a lead across a reopen: pending, released, sent, withdrawn with what is owed, conflict', async () => {
    const asker = { channel: 'chat' as const, userId: 'u1', door: 'console' };
    const db = await database();
    const outbox = new Outbox(db);
    await outbox.hold(lead('P'), '2026-05-13', { requester: asker, personType: 'special' });
    await outbox.hold(lead('R'), '2026-05-13', { requester: asker });
    await outbox.hold(lead('W'), '2026-05-13', { requester: asker });
    await outbox.add({ ...lead('S'), kind: 'impersonation', status: 'name_mismatch' });
    await outbox.add(lead('C'));
    expect(await outbox.due('2026-05-12')).toEqual([]);
    expect((await outbox.due('2026-05-13')).map((e) => e.lead.id)).toEqual(['P', 'R', 'W']);
    await outbox.release('R');
    await outbox.ack('R');
    await outbox.withdraw('R', '已查到', new Date('2026-05-14T00:00:00Z'));
    await outbox.withdraw('W', '复核已查到', new Date('2026-05-13T00:00:00Z'), {
      requester: asker,
      text: '已查到',
    });
    await outbox.ack('S');
    await outbox.conflict('C', '姓名不同', new Date('2026-05-13T00:00:00Z'));

    const reopened = new Outbox(db);
    const ids = ['P', 'R', 'W', 'S', 'C'];
    const states = await Promise.all(ids.map(async (id) => [id, await reopened.stateOf(id)]));
    expect(Object.fromEntries(states)).toEqual({
      P: 'pending',
      R: 'withdrawn',
      W: 'withdrawn',
      S: 'sent',
      C: 'conflict',
    });
    expect(await reopened.get('P')).toMatchObject({
      dueOn: '2026-05-13',
      recheck: { personType: 'special' },
    });
    expect((await reopened.withdrawalsOwed()).map((e) => e.lead.id)).toEqual(['R']);
    expect((await reopened.noticesOwed()).map((e) => [e.lead.id, e.withdrawal?.notice?.text])).toEqual([
      ['W', '已查到'],
    ]);
    expect(await reopened.waiting()).toEqual([]);
    expect(await reopened.conflicts()).toEqual([
      expect.objectContaining({ status: 409, reason: '姓名不同' }),
    ]);
    expect(
      (await reopened.fakeCertificateLeadsOf(lead('P').idNumber, undefined)).map((e) => e.lead.id),
    ).toEqual(['P', 'C']);
    await reopened.withdrawalDelivered('R');
    await reopened.notified('W');
    expect(await reopened.withdrawalsOwed()).toEqual([]);
    expect(await reopened.noticesOwed()).toEqual([]);
    expect((await reopened.get('W'))?.sent).toBe(false);
  });

  it('a lead withdrawn while it was on its way to the bureau owes the bureau its withdrawal once acknowledged', async () => {
    const outbox = new Outbox(await database());
    await outbox.add(lead('F1'));
    expect(await outbox.claimDelivery()).toEqual({ kind: 'lead', lead: lead('F1') });
    expect(await outbox.withdraw('F1', '已查到', new Date('2026-05-14T00:00:00Z'))).toBe(true);
    await outbox.ack('F1');
    expect((await outbox.withdrawalsOwed()).map((e) => e.lead.id)).toEqual(['F1']);
  });

  it("replaces a month's summary only by a later count with other numbers; an older count's answer leaves it waiting", async () => {
    const outbox = new Outbox(await database());
    const first = { month: '2026-05', people: 3, problems: 1, at: '2026-05-10T00:00:00.000Z' };
    expect(await outbox.queueSummary(first)).toBe(true);
    expect(await outbox.queueSummary({ ...first, at: '2026-05-11T00:00:00.000Z' })).toBe(false);
    expect(await outbox.queueSummary({ ...first, people: 4, at: '2026-05-09T00:00:00.000Z' })).toBe(false);
    const later = { ...first, people: 5, at: '2026-05-12T00:00:00.000Z' };
    expect(await outbox.queueSummary(later)).toBe(true);
    await outbox.summaryDelivered('2026-05', first.at);
    expect(await outbox.summariesWaiting()).toEqual([later]);
    await outbox.summaryDelivered('2026-05', later.at);
    expect(await outbox.summaryOf('2026-05')).toEqual({ report: later, sent: true });
  });
});

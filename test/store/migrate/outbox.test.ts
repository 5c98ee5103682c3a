/**
 * `store migrate` for the outbox (上报队列): a data directory's bureau-outbox.jsonl — leads in every state, ids
 * kept without their lead, summaries — goes into the database as it stood; a second run adds nothing; a record
 * the database lacks after the run makes the counts differ.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../../src/sql/db.js';
import { OUTBOX_FILE } from '../../../src/store/files/outbox-file.js';
import { outboxKind } from '../../../src/store/migrate/outbox.js';
import { Outbox } from '../../../src/store/outbox.js';
import { PGLITE_START_MS } from '../../helpers/databases.js';
import { openTestStoreDb } from '../../helpers/store-databases.js';
import { outboxLead } from '../outbox-lead.js';
import { tempDir } from '../temp-dir.js';

const lead = outboxLead;
const asker = { channel: 'chat' as const, userId: 'u1', door: 'console' };
const summary = { month: '2026-05', people: 3, problems: 1, at: '2026-05-31T00:00:00.000Z' };

/** A data directory written by the file store: an outbox file of the first layout and of the second. */
async function oldDataDir(): Promise<string> {
  const dir = await tempDir();
  const lines = [
    { schemaVersion: 1 },
    { t: 'queued', lead: lead('A') },
    { t: 'queued', lead: lead('B') },
    { t: 'acked', id: 'A' },
    { t: 'acked', id: 'compacted-long-ago' },
    { t: 'queued', lead: lead('X') },
    { t: 'refused', id: 'X', status: 400, reason: 'bad', at: '2026-05-11T00:00:00.000Z' },
    { t: 'held', lead: lead('P'), dueOn: '2026-05-13', recheck: { requester: asker } },
    { t: 'held', lead: lead('W'), dueOn: '2026-05-13', recheck: { requester: asker } },
    {
      t: 'withdrawn',
      id: 'W',
      reason: '复核已查到',
      at: '2026-05-13T00:00:00.000Z',
      notice: { requester: asker, text: '已查到' },
    },
    { t: 'summary', report: summary },
  ];
  await writeFile(join(dir, OUTBOX_FILE), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return dir;
}

/** `db` with every insert into outbox_leads dropped: a kind that failed to store what it read. */
function droppingLeads(db: SqlDb): SqlDb {
  const skip = (text: string) => /insert into outbox_leads/.test(text);
  return {
    ...db,
    query: (text, params) => (skip(text) ? Promise.resolve([]) : db.query(text, params)),
    transaction: (work) =>
      db.transaction((tx) =>
        work({ ...tx, query: (text, params) => (skip(text) ? Promise.resolve([]) : tx.query(text, params)) }),
      ),
  };
}

// The suite's database starts before the first test (PGlite's first start takes seconds).
beforeAll(() => openTestStoreDb('outbox-warm-up').then(() => undefined), PGLITE_START_MS);

describe('the outbox migration kind', () => {
  it('carries every lead and summary as it stood, and a second run adds nothing', async () => {
    const from = await oldDataDir();
    const db = await openTestStoreDb(await tempDir());
    expect(outboxKind).toMatchObject({ name: 'outbox', label: '上报队列' });
    expect(await outboxKind.run(from, db)).toEqual({ read: 7, stored: 7, added: 7 });
    expect(await outboxKind.run(from, db)).toEqual({ read: 7, stored: 7, added: 0 });

    const outbox = new Outbox(db);
    expect((await outbox.waiting()).map((l) => l.id)).toEqual(['B']);
    expect(await outbox.stateOf('A')).toBe('sent');
    expect(await outbox.stateOf('compacted-long-ago')).toBe('sent');
    expect(await outbox.add(lead('compacted-long-ago'))).toBe(false);
    expect((await outbox.refused()).map((r) => [r.lead.id, r.reason])).toEqual([['X', 'bad']]);
    expect((await outbox.due('2026-05-13')).map((e) => e.lead.id)).toEqual(['P']);
    expect((await outbox.noticesOwed()).map((e) => e.withdrawal?.notice?.text)).toEqual(['已查到']);
    expect(await outbox.summariesWaiting()).toEqual([summary]);
  });

  it('says so when the database lacks what the file holds', async () => {
    const from = await oldDataDir();
    const db = await openTestStoreDb(await tempDir());
    expect(await outboxKind.run(from, droppingLeads(db))).toEqual({ read: 7, stored: 1, added: 1 });
  });

  it('reads a directory without an outbox as empty', async () => {
    const db = await openTestStoreDb(await tempDir());
    expect(await outboxKind.run(await tempDir(), db)).toEqual({ read: 0, stored: 0, added: 0 });
  });
});

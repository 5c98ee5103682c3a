/**
 * The proof of the monthly table's enterprise rows: two enterprise bots report their months through their lead
 * outboxes (real HTTP) to the real bureau service (startBureau: PGlite in a temporary data directory) while the
 * bureau goes down and comes back on the same address, and one bot restarts from its outbox on disk. The table
 * counts each enterprise once and each month's problems as last counted: nothing lost, nothing doubled, an older
 * count arriving late changes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBureau, startBureau } from '../../src/app/bureau.js';
import { BureauSender } from '../../src/app/bureau-sender.js';
import { SelfCheckReporter } from '../../src/app/self-check-reporter.js';
import { progressTable } from '../../src/bureau/progress/report.js';
import { sqlProgressStore } from '../../src/bureau/progress/sql-progress-store.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { LeadReport } from '../../src/domain/lead.js';
import type { MonthTally } from '../../src/domain/self-check.js';
import { Outbox } from '../../src/store/outbox.js';
import { makeId } from '../domain/ids.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { openTestStoreDb } from '../helpers/store-databases.js';

/** The one clock of the bureau and the bots, moved by the test. */
let clock = new Date('2026-11-20T02:00:00.000Z');
const now = () => clock;
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

let dataDir: string;
let config: Config;
let bureau: RunningBureau;
let port: number;
const dirs: string[] = [];

/** One enterprise's bot: its outbox on disk, its sender, its reporter over a tally the test sets. */
interface Bot {
  dir: string;
  token: string;
  tally: Map<string, MonthTally>;
  outbox: Outbox;
  sender: BureauSender;
  reporter: SelfCheckReporter;
}

async function openBot(dir: string, token: string, tally: Map<string, MonthTally>): Promise<Bot> {
  const outbox = new Outbox(await openTestStoreDb(dir));
  const sender = new BureauSender({
    url: bureau.url,
    token,
    outbox,
    retries: 1,
    minDelayMs: 5,
    maxDelayMs: 10,
    now,
  });
  const reporter = new SelfCheckReporter({
    outbox,
    monthSummary: async (_enterprise, month) => tally.get(month) ?? { people: 0, problems: 0 },
    sender,
    now,
  });
  return { dir, token, tally, outbox, sender, reporter };
}

async function newBot(token: string): Promise<Bot> {
  const dir = await mkdtemp(join(tmpdir(), 'monthly-bot-'));
  dirs.push(dir);
  return openBot(dir, token, new Map());
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'monthly-bureau-'));
  config = loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: dataDir, source: 'test' }] });
  bureau = await startBureau(config, { host: '127.0.0.1', port: 0 }, now);
  port = Number(new URL(bureau.url).port);
}, PGLITE_START_MS);
afterAll(async () => {
  await bureau?.close();
  for (const dir of [dataDir, ...dirs]) await rm(dir, { recursive: true, force: true });
});

describe('two bots report their months while the bureau restarts', () => {
  it('ends with each enterprise counted once and its last count of problems', async () => {
    const a = await newBot((await bureau.store.addEnterprise('甲建筑公司')).token);
    const b = await newBot((await bureau.store.addEnterprise('乙化工厂')).token);

    // A starts with checks this month (last month had none: nothing is sent for it).
    a.tally.set('2026-11', { people: 10, problems: 2 });
    await a.reporter.start();
    expect((await a.sender.sendWaiting()).left).toBe(0);
    expect(await a.outbox.summaryOf('2026-10')).toBeUndefined();

    // The bureau goes down; both bots go on checking; A also has a lead for the bureau.
    await bureau.close();
    later(30);
    a.tally.set('2026-11', { people: 25, problems: 6 });
    const lead: LeadReport = {
      id: 'F-1',
      kind: 'fake_certificate',
      status: 'not_found',
      idNumber: makeId('110105', '19850312', '013'),
      name: '张伟',
      evidence: { platformSaid: '没有查询到相关证件信息' },
      foundAt: clock.toISOString(),
    };
    await a.outbox.add(lead);
    await a.reporter.batchDone();
    b.tally.set('2026-11', { people: 7, problems: 1 });
    await b.reporter.batchDone();
    later(1);
    b.tally.set('2026-11', { people: 9, problems: 1 });
    await b.reporter.batchDone();
    expect((await a.sender.sendWaiting()).left).toBe(2);
    expect((await b.sender.sendWaiting()).left).toBe(1);
    // B's second count replaced its first in the outbox: one summary waits, not two.
    expect(await b.outbox.summariesWaiting()).toEqual([
      { month: '2026-11', people: 9, problems: 1, at: clock.toISOString() },
    ]);

    // A's bot restarts: what waited is read back from its outbox on disk.
    const aAgain = await openBot(a.dir, a.token, a.tally);
    expect(await aAgain.outbox.summariesWaiting()).toHaveLength(1);

    // The bureau comes back on the same address; both bots deliver.
    bureau = await startBureau(config, { host: '127.0.0.1', port }, now);
    later(1);
    expect(await aAgain.sender.sendWaiting()).toMatchObject({ sent: 2, left: 0 });
    expect(await b.sender.sendWaiting()).toMatchObject({ sent: 1, left: 0 });

    // A's first count arriving late, and B's last sent again (its answer lost, say): nothing changes.
    const resend = async (token: string, body: object) => {
      const answer = await fetch(`${bureau.url}/api/v1/self-checks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return ((await answer.json()) as { outcome: string }).outcome;
    };
    expect(
      await resend(a.token, { month: '2026-11', people: 10, problems: 2, at: '2026-11-20T02:00:00.000Z' }),
    ).toBe('kept');
    expect(await resend(b.token, (await b.outbox.summaryOf('2026-11'))?.report ?? {})).toBe('kept');

    const table = await progressTable(sqlProgressStore(bureau.db), '2026-11', {
      region: '揭阳市',
      campaignStartMonth: '',
    });
    const row = (label: string) => table.rows.find((r) => r.cells.includes(label))?.cells ?? [];
    expect(row('自查生产经营单位 (家)').slice(4)).toEqual([2, 2]);
    expect(table.rows[7]?.cells.slice(2)).toEqual(['自查发现问题 (条)', '', 7, 7]);
    const stored = await bureau.db.query<{ n: number }>('select count(*)::int as n from self_checks');
    expect(stored[0]?.n).toBe(2);
    const leads = await bureau.db.query<{ n: number }>('select count(*)::int as n from leads');
    expect(leads[0]?.n).toBe(1);
  });
});

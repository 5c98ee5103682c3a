/**
 * End to end: two enterprise bots (the real services and pipeline on the simulator) report their leads to the
 * real bureau service (`startBureau`: PGlite in its data directory, HTTP on loopback). The bureau is stopped
 * part way and restarted on the same data directory and port; every lead arrives exactly once, leads about
 * the same person from both enterprises are grouped, and a repeat of a finding sends nothing new.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBureau, startBureau } from '../../src/app/bureau.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { SimulatorData } from '../../src/simulator/server.js';
import { makeId } from '../domain/ids.js';
import { type AppOnSimulator, startAppOnSimulator } from '../faults/app-on-simulator.js';
import { PGLITE_START_MS } from '../helpers/databases.js';

const TODAY = '2026-11-24';
const WORKER = { idNumber: makeId('110105', '19800101', '101'), name: '王强' };
const DATA: SimulatorData = {
  certificates: [
    {
      kind: 'special',
      ...WORKER,
      category: '电工作业',
      item: '低压电工作业',
      validFrom: '2025-01-01',
      validUntil: '2031-01-01',
      reviewDue: '2028-01-01',
    },
  ],
};
/** People the platform does not know: each query about one is a fake-certificate lead. */
const fakes = Array.from({ length: 6 }, (_, i) => ({
  idNumber: makeId('320102', `1990010${i + 1}`, String(201 + 2 * i)),
  name: `假证${i}`,
}));

let bureauConfig: Config;
let bureauDir: string;
let bureau: RunningBureau;
let port: number;
const bots: AppOnSimulator[] = [];

async function startBureauOn(listenPort: number): Promise<RunningBureau> {
  return startBureau(bureauConfig, { host: '127.0.0.1', port: listenPort });
}

async function verify(bot: AppOnSimulator, person: { idNumber: string; name: string }) {
  // Asked about one by one: the asker holds each card, so a certificate not found is a lead.
  const query = {
    ...queryFromIdCheck(validateIdNumber(person.idNumber, TODAY), { name: person.name }),
    claim: 'asked' as const,
  };
  return bot.app.pipeline.verify(query, { requester: { channel: 'cli', userId: 'e2e' }, today: TODAY });
}

beforeAll(async () => {
  bureauDir = await mkdtemp(join(tmpdir(), 'bureau-e2e-'));
  bureauConfig = loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: bureauDir, source: 'test' }] });
  bureau = await startBureauOn(0);
  port = Number(new URL(bureau.url).port);
  for (const [index, name] of ['甲建筑公司', '乙化工公司'].entries()) {
    const { token } = await bureau.store.addEnterprise(name);
    bots.push(
      await startAppOnSimulator({
        data: DATA,
        seed: 30 + index,
        today: TODAY,
        adjust: (c) => {
          c.bureau = { ...c.bureau, url: bureau.url, token };
          // Sent at once, as before the re-check: this test is about delivery (lead-lifecycle.test.ts holds them).
          c.rules.newCertificateDays = 0;
        },
        services: { bureauSender: { retries: 2, minDelayMs: 10, maxDelayMs: 50, roundEveryMs: 200 } },
      }),
    );
  }
}, PGLITE_START_MS);
afterAll(async () => {
  await Promise.all(bots.map((b) => b.close()));
  await bureau.close();
  await rm(bureauDir, { recursive: true, force: true });
});

async function bureauLeads(): Promise<Array<{ enterpriseName: string; sourceId: string; kind: string }>> {
  const { rows } = await bureau.store.listLeads({ role: 'staff' }, { limit: 100, offset: 0 });
  return rows.map(({ enterpriseName, sourceId, kind }) => ({ enterpriseName, sourceId, kind }));
}

describe('two enterprise bots and the bureau', () => {
  it('delivers every lead exactly once while the bureau is down for part of the run', async () => {
    const [a, b] = bots as [AppOnSimulator, AppOnSimulator];
    // Before the outage: a fake certificate each, a valid certificate (no lead), a name mismatch at A.
    expect((await verify(a, fakes[0] as (typeof fakes)[0])).status).toBe('not_found');
    expect((await verify(b, fakes[0] as (typeof fakes)[0])).status).toBe('not_found');
    expect((await verify(a, WORKER)).status).toBe('valid');
    expect((await verify(a, { ...WORKER, name: '李四' })).status).toBe('name_mismatch');
    await expect.poll(async () => (await bureauLeads()).length, { timeout: 10_000 }).toBe(3);

    await bureau.close();
    for (const person of fakes.slice(1, 4)) expect((await verify(a, person)).status).toBe('not_found');
    for (const person of fakes.slice(3)) expect((await verify(b, person)).status).toBe('not_found');
    // The same finding again the same day is counted by the bot, not sent again.
    await verify(b, fakes[5] as (typeof fakes)[0]);
    await a.app.pipeline.flush?.();
    await b.app.pipeline.flush?.();
    expect(await a.app.leads.sender?.notice()).toMatch(/尚未送达应急管理局/);

    bureau = await startBureauOn(port);
    await expect.poll(async () => (await bureauLeads()).length, { timeout: 15_000 }).toBe(9);
    await Promise.all(bots.map((bot) => bot.app.leads.sender?.sendWaiting()));

    const leads = await bureauLeads();
    const keys = leads.map((l) => `${l.enterpriseName}|${l.sourceId}`);
    expect(new Set(keys).size).toBe(keys.length);
    const count = (enterprise: string, kind: string) =>
      leads.filter((l) => l.enterpriseName === enterprise && l.kind === kind).length;
    expect([count('甲建筑公司', 'fake_certificate'), count('甲建筑公司', 'impersonation')]).toEqual([4, 1]);
    expect([count('乙化工公司', 'fake_certificate'), count('乙化工公司', 'impersonation')]).toEqual([4, 0]);
    for (const bot of bots) expect(await bot.app.leads.sender?.notice()).toBeUndefined();

    // The person both enterprises reported is one group.
    const { rows } = await bureau.store.listLeads(
      { role: 'staff' },
      { limit: 100, offset: 0, search: fakes[0]?.idNumber },
    );
    expect(rows.map((r) => [r.enterpriseName, r.related]).sort()).toEqual([
      ['乙化工公司', 1],
      ['甲建筑公司', 1],
    ]);
  });
});

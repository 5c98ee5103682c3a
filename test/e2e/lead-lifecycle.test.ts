/**
 * End to end, a lead's life through the console (`cert-verify bot --console` in a child process, a new process
 * for each day given by `--today`) on the simulator, with the real bureau (PGlite, HTTP on loopback):
 * a certificate asked about and not found is held (待复核) — not sent — until its re-check 3 days later; found
 * then (the certificate added to the platform's data in between), the lead is withdrawn and the asker told;
 * still not found, it goes to the bureau; found by a later check after it was sent, it is withdrawn at the
 * bureau, which shows it so. And issue 23.1: two data directories of one enterprise send different people's
 * leads, none lost — under new ids all arrive; under a reused old-style id the bureau answers 409 and the bot
 * keeps the lead as a conflict.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBureau, startBureau } from '../../src/app/bureau.js';
import { leadStandingsIn } from '../../src/app/lead-words.js';
import { loadConfig } from '../../src/config/load.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { LeadReport } from '../../src/domain/lead.js';
import type { SimCertificate, SimulatorData } from '../../src/simulator/server.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { Outbox } from '../../src/store/outbox.js';
import { makeId } from '../domain/ids.js';
import { type AppOnSimulator, startAppOnSimulator } from '../faults/app-on-simulator.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { readChildOutbox } from './child-outbox.js';
import { replies, runCli } from './console-cli.js';

const DAY0 = '2026-11-24';
const WORKER: SimCertificate = {
  kind: 'special',
  idNumber: makeId('110105', '19800101', '101'),
  name: '王强',
  category: '电工作业',
  item: '低压电工作业',
  validFrom: '2025-01-01',
  validUntil: '2031-01-01',
  reviewDue: '2028-01-01',
};
/** A certificate issued on DAY0 that the platform shows only later. */
const certificateOf = (person: { idNumber: string; name: string }): SimCertificate => ({
  ...WORKER,
  ...person,
  validFrom: DAY0,
  validUntil: '2032-11-24',
  reviewDue: '2029-11-24',
});

const data: SimulatorData = { certificates: [WORKER] };
let simulator: RunningSimulator;
let bureau: RunningBureau;
let bureauDir: string;
let dataDir: string;
let token: string;

beforeAll(async () => {
  simulator = await startSimulator({ data, captcha: 'easy' });
  bureauDir = await mkdtemp(join(tmpdir(), 'lead-life-bureau-'));
  bureau = await startBureau(
    loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: bureauDir, source: 'test' }] }),
    { host: '127.0.0.1', port: 0 },
  );
  ({ token } = await bureau.store.addEnterprise('甲建筑公司'));
}, PGLITE_START_MS);
afterAll(async () => {
  await simulator?.close();
  await bureau?.close();
  if (bureauDir) await rm(bureauDir, { recursive: true, force: true });
});
beforeEach(async (context) => {
  dataDir = await mkdtemp(join(tmpdir(), 'lead-life-'));
  context.onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
});

/** The console on `today` with `lines` piped in, reporting to the bureau; its replies. */
async function chatOn(today: string, lines: string[], env: Record<string, string> = {}): Promise<string[]> {
  const { code, stdout, stderr } = await runCli(flags(today, 'bot', '--console'), lines, {
    ...bureauEnv(),
    ...env,
  });
  expect(code, stderr).toBe(0);
  return replies(stdout);
}

function flags(today: string, ...command: string[]): string[] {
  return [
    ...command,
    '--data-dir',
    dataDir,
    '--lookup-url',
    simulator.url,
    '--min-interval-ms',
    '0',
    '--today',
    today,
  ];
}

const bureauEnv = () => ({ CERT_VERIFY__bureau__url: bureau.url, CERT_VERIFY__bureau__token: token });

/** A row of the leads list as `export leads --format json` writes it. */
type LeadRow = Record<string, string | number>;

/** The rows of `export leads` on `today`. */
async function exportLeads(today: string): Promise<LeadRow[]> {
  const out = join(dataDir, `leads-${today}.json`);
  const run = await runCli(
    [...flags(today, 'export', 'leads', '--format', 'json', '--masked'), '--out', out],
    [],
    bureauEnv(),
  );
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(await readFile(out, 'utf8')) as { rows: LeadRow[] }).rows;
}

/** The bureau's leads about `idNumber`. */
async function bureauLeadsOf(idNumber: string) {
  const { rows } = await bureau.store.listLeads(
    { role: 'staff' },
    { limit: 50, offset: 0, search: idNumber },
  );
  return rows;
}

/** Where the lead about `idNumber` stands in the data directory's outbox, in the leads list's words. */
async function standingOf(idNumber: string) {
  return readChildOutbox(dataDir, async (outbox) => {
    const entry = (await outbox.list()).find((e) => e.lead.idNumber === idNumber);
    return {
      entry,
      standing: entry && (await leadStandingsIn(outbox))(entry.lead.id),
      owed: await outbox.noticesOwed(),
    };
  });
}

/** The text of every cell of the newest workbook the console saved. */
async function savedWorkbookText(): Promise<string> {
  const dir = join(dataDir, 'console-out');
  const [name] = (await readdir(dir)).filter((n) => n.endsWith('.xlsx'));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, name ?? ''));
  const texts: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
  return texts.join('\n');
}

describe('a fake-certificate lead through the console', () => {
  it('is held, then withdrawn when the re-check finds the new certificate, and the asker is told', {
    timeout: 180_000,
  }, async () => {
    const person = { idNumber: makeId('320102', '19900315', '213'), name: '陈新' };
    const first = await chatOn(DAY0, [`${person.name} ${person.idNumber}`, '导出 线索清单']);
    expect(first.find((r) => r.includes(`｜${person.name} `))).toContain('❌ 未查到');
    const listed = await savedWorkbookText();
    expect(listed).toContain('待复核');
    expect(listed).toContain('2026-11-27');
    expect(await bureauLeadsOf(person.idNumber)).toEqual([]);

    // Issued on DAY0, the certificate shows on the platform later; the re-check on day 3 asks the platform again
    // although the cache still holds its empty answer as fresh.
    data.certificates.push(certificateOf(person));
    const dayThree = await chatOn('2026-11-27', ['帮助']);
    const told = dayThree.find((r) => r.includes('已查到，先前未查到可能是新证尚未上网'));
    expect(told).toContain(`✅ 有效｜${person.name}`);
    const [after] = await exportLeads('2026-11-27');
    expect(after).toMatchObject({ 姓名: person.name, 线索状态: '已撤回', 复核日期: '' });
    expect(after?.状态说明).toContain('未曾上报');
    expect(await bureauLeadsOf(person.idNumber)).toEqual([]);
    // Told once: nothing is owed any more.
    expect((await standingOf(person.idNumber)).owed).toEqual([]);
  });

  it('still not found after 3 days goes to the bureau; found later, it is withdrawn there and shown so', {
    timeout: 180_000,
  }, async () => {
    const person = { idNumber: makeId('320102', '19911120', '235'), name: '周假' };
    await chatOn(DAY0, [`${person.name} ${person.idNumber}`]);
    expect(await bureauLeadsOf(person.idNumber)).toEqual([]);
    expect((await standingOf(person.idNumber)).standing).toEqual({
      label: '待复核',
      recheckOn: '2026-11-27',
    });

    await chatOn('2026-11-27', ['帮助']);
    const [sent] = await bureauLeadsOf(person.idNumber);
    expect(sent).toMatchObject({ kind: 'fake_certificate', enterpriseName: '甲建筑公司' });
    expect(sent?.withdrawn).toBeUndefined();
    expect((await standingOf(person.idNumber)).standing?.label).toBe('已上报');

    // Days later (the empty answer of day 3 no longer fresh in the cache) he shows his certificate again, and now
    // the platform has it.
    data.certificates.push(certificateOf(person));
    const later = await chatOn('2026-12-01', [`${person.name} ${person.idNumber}`], {
      CERT_VERIFY__cache__negativeTtlDays: '0',
    });
    expect(later.find((r) => r.includes(`｜${person.name} `))).toContain('✅ 有效');
    const [withdrawn] = await bureauLeadsOf(person.idNumber);
    expect(withdrawn?.withdrawn?.reason).toContain('查到该人员的证书');
    const api = await fetch(`${bureau.url}/api/v1/leads`, { headers: { authorization: `Bearer ${token}` } });
    const listedByApi = ((await api.json()) as { leads: Array<{ id: string; state: string }> }).leads;
    expect(listedByApi.find((l) => l.id === withdrawn?.sourceId)?.state).toBe('withdrawn');
    const { standing } = await standingOf(person.idNumber);
    expect(standing?.label).toBe('已撤回');
    expect(standing?.note).toContain('已告知应急管理局');
  });
});

describe('issue 23.1: two data directories of one enterprise', () => {
  const bots: AppOnSimulator[] = [];
  beforeAll(async () => {
    for (const seed of [71, 72]) {
      bots.push(
        await startAppOnSimulator({
          data: { certificates: [WORKER] },
          seed,
          today: DAY0,
          adjust: (c) => {
            c.bureau = { ...c.bureau, url: bureau.url, token };
            // Sent at once: the ids are what this test is about.
            c.rules.newCertificateDays = 0;
          },
          services: { bureauSender: { retries: 1, minDelayMs: 10, maxDelayMs: 20, roundEveryMs: 100 } },
        }),
      );
    }
  });
  afterAll(() => Promise.all(bots.map((b) => b.close())));

  it('sends different people found on the same day under different ids: every lead arrives', async () => {
    const people = bots.map((_, b) =>
      Array.from({ length: 4 }, (_, i) => ({
        idNumber: makeId('330106', `1985020${i + 1}`, String(301 + 2 * i + 10 * b)),
        name: `甲${b}${i}`,
      })),
    );
    for (const [b, bot] of bots.entries()) {
      for (const person of people[b] ?? []) {
        // Each asked about by itself: the asker holds the card.
        const query = {
          ...queryFromIdCheck(validateIdNumber(person.idNumber, DAY0), { name: person.name }),
          claim: 'asked' as const,
        };
        await bot.app.pipeline.verify(query, { requester: { channel: 'cli', userId: 'e2e' }, today: DAY0 });
      }
      await bot.app.pipeline.flush?.();
      await bot.app.leads.sender?.sendWaiting();
    }
    for (const person of people.flat()) expect(await bureauLeadsOf(person.idNumber)).toHaveLength(1);
  });

  it('a reused old-style id with another person is refused with 409 and kept as a conflict, not lost', async () => {
    const [a, b] = bots as [AppOnSimulator, AppOnSimulator];
    const oldStyle = (idNumber: string, name: string): LeadReport => ({
      id: 'F20261120-000001',
      kind: 'fake_certificate',
      status: 'not_found',
      idNumber,
      name,
      evidence: {},
      foundAt: '2026-11-20T02:00:00.000Z',
    });
    const first = oldStyle(makeId('330106', '19700101', '411'), '旧甲');
    const second = oldStyle(makeId('330106', '19700102', '423'), '旧乙');
    await a.app.leads.outbox.add(first);
    await b.app.leads.outbox.add(second);
    expect((await a.app.leads.sender?.sendWaiting())?.sent).toBe(1);
    expect((await b.app.leads.sender?.sendWaiting())?.refused).toBe(1);
    expect(await bureauLeadsOf(second.idNumber)).toEqual([]);
    const reopened = new Outbox(await openTestStoreDb(b.dataDir));
    expect(await reopened.stateOf(second.id)).toBe('conflict');
    expect((await reopened.conflicts())[0]?.reason).toContain('姓名');
    expect(await b.app.leads.sender?.notice()).toContain('内容不同');
  });
});

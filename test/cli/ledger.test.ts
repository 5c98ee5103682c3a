/**
 * `cert-verify ledger import|list|export|leave` and `remind`, in process, against the simulator (captchas read
 * through the test gateway), with a real data directory and real xlsx files.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { loadSimulatorData, type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { startWecomWebhookApi } from '../fakes/wecom-webhook-api.js';
import { type CaptchaGateway, startCaptchaGateway } from '../faults/captcha-gateway.js';
import { writeChildConfig } from '../faults/child-cli.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { CHEN, ROSTER_DEMO } from '../verify/ledger-helpers.js';

const TODAY = '2026-11-24';

let simulator: RunningSimulator;
let gateway: CaptchaGateway;
let dir: string;
let out: MockInstance;
let args: string[];

beforeAll(async () => {
  simulator = await startSimulator({
    data: await loadSimulatorData(resolve('data/samples/people.json')),
    exposeCaptchaAnswer: true,
    captcha: 'off',
    seed: 15,
  });
  gateway = await startCaptchaGateway(simulator.url);
});
afterAll(async () => {
  await gateway.close();
  await simulator.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledger-cli-'));
  const config = await writeChildConfig(dir, gateway, { minIntervalMs: 0 });
  args = ['--config', config, '--data-dir', join(dir, 'data'), '--lookup-url', gateway.url, '--today', TODAY];
  out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** Run the CLI; resolves with its exit code and what it printed on stdout. */
async function cli(...more: string[]): Promise<{ code: number; printed: string }> {
  out.mockClear();
  const code = await runCli([...args, ...more]);
  return { code, printed: out.mock.calls.map((c) => String(c[0])).join('') };
}

async function cellsOf(file: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const cells: string[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.text));
      });
    });
  }
  return cells.join('\n');
}

/** The revision of the ledger document of the data directory: it changes with every write. */
async function ledgerRevision(): Promise<unknown> {
  const db = await openTestStoreDb(join(dir, 'data'));
  const [row] = await db.query('select revision from documents where name = $1', ['ledger']);
  return row?.revision;
}

describe('cert-verify ledger', () => {
  it('imports a roster, lists the bad rows and keeps the good; the same file again changes nothing', async () => {
    const first = await cli('ledger', 'import', ROSTER_DEMO, '--enterprise', '甲公司', '--json');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.printed);
    expect(result).toMatchObject({
      enterprise: '甲公司',
      added: 31,
      updated: 0,
      unchanged: 0,
      skipped: 2,
      verified: 31,
    });
    expect(result.skippedRows.map((r: { row: number }) => r.row)).toEqual([35, 36]);
    expect(result.verifiedSummary).toContain('已过期 4');

    const before = await ledgerRevision();
    const queries = simulator.stats().queries;
    const again = JSON.parse(
      (await cli('ledger', 'import', ROSTER_DEMO, '--enterprise', '甲公司', '--json')).printed,
    );
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 31, skipped: 2 });
    expect(again.verified).toBeUndefined();
    expect(simulator.stats().queries).toBe(queries);
    expect(await ledgerRevision()).toBe(before);

    const list = JSON.parse((await cli('ledger', 'list', '--enterprise', '甲公司', '--json')).printed);
    const [book] = list.enterprises;
    expect(book).toMatchObject({ enterprise: '甲公司', people: 31, left: 0, reminders: true });
    expect(book.byStatus).toMatchObject({ valid: 19, expired: 4 });
    expect(JSON.stringify(list)).not.toContain(CHEN);
    expect(book.list.find((p: { name: string }) => p.name === '陈静')).toMatchObject({
      idMasked: '440305********0468',
      status: 'expiring',
      validUntil: '2026-12-30',
    });
  });

  it('adds without verifying under --no-verify, and marks a person as left without losing the history', async () => {
    const queries = simulator.stats().queries;
    const imported = JSON.parse(
      (await cli('ledger', 'import', ROSTER_DEMO, '--enterprise', '乙公司', '--no-verify', '--json')).printed,
    );
    expect(imported).toMatchObject({ added: 31 });
    expect(simulator.stats().queries).toBe(queries);
    expect((await cli('ledger', 'leave', CHEN, '--enterprise', '乙公司')).code).toBe(0);
    const list = JSON.parse((await cli('ledger', 'list', '--enterprise', '乙公司', '--json')).printed);
    expect(list.enterprises[0]).toMatchObject({ people: 30, left: 1 });
    expect((await cli('ledger', 'leave', CHEN, '--enterprise', '乙公司')).code).toBe(2);
  });

  it('exports the ledger workbook by class with the latest verdicts: full IDs, or masked with --masked', async () => {
    await cli('ledger', 'import', ROSTER_DEMO, '--enterprise', '甲公司');
    const full = join(dir, 'full.xlsx');
    const masked = join(dir, 'masked.xlsx');
    expect((await cli('ledger', 'export', '--enterprise', '甲公司', '--out', full)).code).toBe(0);
    expect((await cli('ledger', 'export', '--enterprise', '甲公司', '--out', masked, '--masked')).code).toBe(
      0,
    );
    expect((await stat(full)).mode & 0o777).toBe(0o600);
    const fullCells = await cellsOf(full);
    expect(fullCells).toContain('三项岗位人员持证台账（特种作业人员）');
    expect(fullCells).toContain(CHEN);
    expect(fullCells).toContain('即将到期');
    const maskedCells = await cellsOf(masked);
    expect(maskedCells).toContain('440305********0468');
    expect(maskedCells).not.toContain(CHEN);
  });

  it('refuses without --enterprise, and for a ledger that does not exist', async () => {
    expect((await cli('ledger', 'import', ROSTER_DEMO)).code).toBe(2);
    expect((await cli('ledger', 'export', '--enterprise', '无此公司')).code).toBe(2);
    await writeFile(join(dir, 'empty.csv'), '');
    expect((await cli('ledger', 'import', join(dir, 'empty.csv'), '--enterprise', '甲公司')).code).toBe(2);
  });
});

describe('cert-verify remind', () => {
  it('prints the digest per enterprise in the documented JSON shape, and a dry run marks nothing sent', async () => {
    await cli('ledger', 'import', ROSTER_DEMO, '--enterprise', '甲公司');
    const first = await cli('remind', '--dry-run', '--json');
    expect(first.code).toBe(0);
    const { enterprises } = JSON.parse(first.printed);
    expect(enterprises).toHaveLength(1);
    const [digest] = enterprises;
    expect(Object.keys(digest)).toEqual(['enterprise', 'events', 'digest']);
    expect(digest.events).toContainEqual({
      status: 'expiring',
      idMasked: '440305********0468',
      name: '陈静',
      date: '2026-12-30',
      daysLeft: 36,
    });
    expect(Object.keys(digest.events[0]).sort()).toEqual(['date', 'daysLeft', 'idMasked', 'name', 'status']);
    expect(digest.digest).toContain('陈静 440305********0468');
    const again = JSON.parse((await cli('remind', '--dry-run', '--json')).printed);
    expect(again).toEqual({ enterprises });
  });

  it('pushes through the enterprise’s group robot and marks the events sent: the next run is quiet', async () => {
    const webhook = await startWecomWebhookApi({ keys: ['remind-key'] });
    try {
      const file = args[1] as string;
      const config = JSON.parse(await readFile(file, 'utf8'));
      config.wecom = { apiBaseUrl: webhook.url, webhook: { key: 'remind-key', groups: {} } };
      config.ledger = { webhooks: { 甲公司: '' } };
      await writeFile(file, JSON.stringify(config));
      await cli('ledger', 'import', ROSTER_DEMO, '--enterprise', '甲公司');
      expect((await cli('remind')).code).toBe(0);
      const pushed = webhook
        .messages()
        .map((m) => JSON.stringify(m))
        .join('\n');
      expect(pushed).toContain('440305********0468');
      expect(pushed).not.toContain(CHEN);
      const sent = webhook.messages().length;
      const next = JSON.parse((await cli('remind', '--json')).printed);
      expect(next.enterprises[0]).toMatchObject({ enterprise: '甲公司', events: [], digest: null });
      expect(webhook.messages()).toHaveLength(sent);
    } finally {
      await webhook.close();
    }
  });
});

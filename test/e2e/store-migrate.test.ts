/**
 * The proof of `store migrate`: a data directory written by the file store (test/fixtures/data-dir-v1, made by
 * the code of commit a902d3c, with the exports that code gave of it) is migrated into a fresh store, and today's
 * exports of the new store are the recorded ones, to the byte (the ledger workbook: cell by cell).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { treeHash } from '../helpers/tree-hash.js';
import { workbookText } from './doors-on-simulator.js';

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'data-dir-v1');
const FROM = join(FIXTURE, 'data');
const RECORDED = join(FIXTURE, 'exports');
/** The day the fixture's exports were made on (make.sh). */
const TODAY = '2026-11-24';
/** The kinds of record the fixture holds (mp-seen: none, the fixture has no service-account messages). */
const KINDS = [
  'answers',
  'findings',
  'audit',
  'checks',
  'registry',
  'documents',
  'batch-jobs',
  'pending',
  'photos',
  'outbox',
  'mp-seen',
];

let dir: string;
/** The store the exports are compared on. */
let dataDir: string;
let before: string;
let out: MockInstance;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-migrate-e2e-'));
  dataDir = join(dir, 'data');
  before = await treeHash(FROM);
  // The suite's shared database starts here (seconds of PGlite), not inside the first test.
  await openTestStoreDb(join(dir, 'warm-up'));
  out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** The CLI in process on the store of `store`, as of the fixture's day; what it printed on standard output. */
async function cliOn(store: string, ...args: string[]): Promise<string> {
  out.mockClear();
  const code = await runCli(['--data-dir', store, '--today', TODAY, ...args]);
  const printed = out.mock.calls.map((c) => String(c[0])).join('');
  expect(code, printed).toBe(0);
  return printed;
}

interface Counted {
  name: string;
  read: number;
  stored: number;
  added: number;
}

const cli = (...args: string[]) => cliOn(dataDir, ...args);

async function migrate(store = dataDir): Promise<Counted[]> {
  return JSON.parse(await cliOn(store, 'store', 'migrate', '--from', FROM, '--json')).kinds;
}

let firstRun: Promise<Counted[]> | undefined;
/** The fixture migrated into the store the exports are compared on, once; the counts of that first run. */
const migratedOnce = () => {
  firstRun ??= migrate();
  return firstRun;
};

describe('store migrate on a data directory of the file store (test/fixtures/data-dir-v1)', () => {
  it('completes with the kinds there are and leaves the fixture as it was', async () => {
    const store = join(dir, 'twice');
    await migrate(store);
    await migrate(store);
    expect(await treeHash(FROM)).toBe(before);
  });

  it('carries every kind, each record stored, and a second run adds nothing', async () => {
    const first = await migratedOnce();
    expect(first.map((k) => k.name).sort()).toEqual([...KINDS].sort());
    for (const kind of first) {
      expect(kind.stored, kind.name).toBe(kind.read);
      expect(kind.added, kind.name).toBe(kind.read);
      if (kind.name !== 'mp-seen') expect(kind.read, kind.name).toBeGreaterThan(0);
    }
    const again = await migrate();
    expect(again.map((k) => k.added)).toEqual(KINDS.map(() => 0));
    expect(await treeHash(FROM)).toBe(before);
  });

  it.each(['problems', 'checklist', 'stats', 'findings', 'leads'])(
    'export %s gives what the file store gave, as csv and json',
    async (kind) => {
      await migratedOnce();
      for (const format of ['csv', 'json']) {
        const file = join(dir, `${kind}.${format}`);
        await cli('export', kind, '--format', format, '--out', file);
        expect(await readFile(file, 'utf8'), `${kind}.${format}`).toBe(
          await readFile(join(RECORDED, `${kind}.${format}`), 'utf8'),
        );
      }
    },
  );

  it('ledger export and ledger list give what the file store gave', async () => {
    await migratedOnce();
    const file = join(dir, 'ledger.xlsx');
    await cli('ledger', 'export', '--enterprise', '甲公司', '--out', file);
    expect(await workbookText(await readFile(file))).toBe(
      await workbookText(await readFile(join(RECORDED, 'ledger-甲公司.xlsx'))),
    );
    expect(JSON.parse(await cli('ledger', 'list', '--enterprise', '甲公司', '--json'))).toEqual(
      JSON.parse(await readFile(join(RECORDED, 'ledger-list-甲公司.json'), 'utf8')),
    );
  });
});

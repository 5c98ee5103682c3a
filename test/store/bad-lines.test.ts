/**
 * Old files and documents on a bad day: a garbage line in an old outbox file (read by `store migrate`) is
 * skipped, the leads around it kept, and the file is left as it was; a ledger document of the wrong shape is
 * refused naming it.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LeadReport } from '../../src/domain/lead.js';
import { OUTBOX_FILE, readOutboxFile } from '../../src/store/files/outbox-file.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { openStore } from '../../src/store/store.js';
import { realFs } from '../../src/store/store-fs.js';
import { makeId } from '../domain/ids.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const AT = new Date('2026-05-01T03:00:00Z');
const id = (n: number) => makeId('110105', '19850312', String(n).padStart(3, '0'));

function lead(n: number): LeadReport {
  return {
    id: `F${n}`,
    kind: 'fake_certificate',
    status: 'not_found',
    idNumber: id(n),
    evidence: { platformSaid: '没有查询到相关证件信息' },
    foundAt: AT.toISOString(),
  };
}

/** An outbox file of an older version holding `leads`, each queued. */
async function writeOutboxFile(dir: string, leads: LeadReport[]): Promise<void> {
  const lines = [{ schemaVersion: 1 }, ...leads.map((l) => ({ t: 'queued', lead: l }))];
  await writeFile(join(dir, OUTBOX_FILE), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, {
    mode: 0o600,
  });
}

/** The ids of the leads waiting in the outbox file of `dir`. */
async function waitingIn(dir: string): Promise<string[]> {
  const { entries } = await readOutboxFile(dir, realFs);
  return entries.filter((e) => e.state === 'waiting').map((e) => e.lead.id);
}

/** Put `garbage` as the second record line of the file at `path` (after the header and one record). */
async function spoil(path: string, garbage: string): Promise<void> {
  const [header, first, ...rest] = (await readFile(path, 'utf8')).split('\n');
  await writeFile(path, [header, first, garbage, ...rest].join('\n'));
}

describe('a garbage line in an old file', () => {
  it('in an old outbox file (read for store migrate) is skipped, the leads around it kept, the file untouched', async () => {
    const dir = await tempDir();
    await writeOutboxFile(dir, [lead(1), lead(2), lead(3)]);
    const path = join(dir, OUTBOX_FILE);
    await spoil(path, '{{{');
    const before = await readFile(path, 'utf8');

    expect(await waitingIn(dir)).toEqual(['F1', 'F2', 'F3']);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual([OUTBOX_FILE]);
  });

  it('that is JSON but not a record its replay can use is skipped too', async () => {
    const dir = await tempDir();
    await writeOutboxFile(dir, [lead(1)]);
    await spoil(join(dir, OUTBOX_FILE), '{"t":"queued","lead":null}');
    expect(await waitingIn(dir)).toEqual(['F1']);
  });
});

describe('a ledger document of the wrong shape', () => {
  for (const [what, text] of [
    ['without books', '{}'],
    ['with books null', '{"books":null}'],
    ['with books a list', '{"books":[]}'],
  ]) {
    it(`is refused naming the file and the field (${what})`, async () => {
      const store = await openStore(await tempDir(), { cache: TTL });
      try {
        await store.db.query("insert into documents (name, version, data) values ('ledger', 1, $1::json)", [
          text,
        ]);
        const error = await LedgerStore.open(store).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'store_corrupt' });
        expect((error as Error).message).toContain('数据库文档 ledger');
        expect((error as Error).message).toContain('books 应为对象');
      } finally {
        await store.close();
      }
    });
  }
});

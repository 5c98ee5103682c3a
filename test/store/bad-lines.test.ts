/**
 * The bot's files on a bad day, on real files: a garbage line anywhere in the outbox is moved aside
 * into `<file>.bad` (0600) and the store starts with the good records, saying how many were set aside; a
 * ledger.json of the wrong shape is refused naming the file. (Answers, findings and the audit trail live in the database.)
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LeadReport } from '../../src/domain/lead.js';
import { realFs } from '../../src/store/atomic-write.js';
import { LedgerStore } from '../../src/store/ledger-store.js';
import { takeOpenNotices } from '../../src/store/open-notices.js';
import { OUTBOX_FILE, Outbox } from '../../src/store/outbox.js';
import { openStore } from '../../src/store/store.js';
import { makeId } from '../domain/ids.js';
import { foundAnswer } from './records.js';
import { permissions, tempDir } from './temp-dir.js';

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

/** Put `garbage` as the second record line of the file at `path` (after the header and one record). */
async function spoil(path: string, garbage: string): Promise<void> {
  const [header, first, ...rest] = (await readFile(path, 'utf8')).split('\n');
  await writeFile(path, [header, first, garbage, ...rest].join('\n'));
}

describe('a garbage line in a store file', () => {
  it('in the outbox (opened outside the store) is set aside too, and the leads around it kept', async () => {
    const dir = await tempDir();
    const outbox = await Outbox.open(dir, { fs: realFs });
    for (const n of [1, 2, 3]) await outbox.add(lead(n));
    await outbox.flush();
    const path = join(dir, OUTBOX_FILE);
    await spoil(path, '{{{');

    const reopened = await Outbox.open(dir, { fs: realFs });
    expect(reopened.waiting().map((l) => l.id)).toEqual(['F1', 'F2', 'F3']);
    expect(await readFile(`${path}.bad`, 'utf8')).toBe('{{{\n');
    expect(takeOpenNotices(dir)).toEqual([expect.stringContaining(`${path} 中有 1 行已损坏`)]);
  });

  it('that is JSON but not a record its replay can use is set aside too (outbox)', async () => {
    const dir = await tempDir();
    const outbox = await Outbox.open(dir, { fs: realFs });
    await outbox.add(lead(1));
    await outbox.flush();
    await spoil(join(dir, OUTBOX_FILE), '{"t":"queued","lead":null}');

    expect((await Outbox.open(dir, { fs: realFs })).waiting().map((l) => l.id)).toEqual(['F1']);
    expect(await readFile(join(dir, `${OUTBOX_FILE}.bad`), 'utf8')).toBe('{"t":"queued","lead":null}\n');
  });

  it('as the header (line 1) is set aside as well, the records kept (outbox)', async () => {
    const dir = await tempDir();
    const outbox = await Outbox.open(dir, { fs: realFs });
    for (const n of [1, 2, 3]) await outbox.add(lead(n));
    await outbox.flush();
    const path = join(dir, OUTBOX_FILE);
    const [, ...rest] = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, ['#!garbage', ...rest].join('\n'));
    expect((await Outbox.open(dir, { fs: realFs })).waiting().map((l) => l.id)).toEqual(['F1', 'F2', 'F3']);
    expect(await readFile(`${path}.bad`, 'utf8')).toBe('#!garbage\n');
  });
});

describe('ledger.json of the wrong shape', () => {
  for (const [what, text] of [
    ['without books', '{"schemaVersion":1}'],
    ['with books null', '{"schemaVersion":1,"books":null}'],
    ['with books a list', '{"schemaVersion":1,"books":[]}'],
  ]) {
    it(`is refused naming the file and the field (${what})`, async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'ledger.json'), text as string);
      const store = await openStore(dir, { cache: TTL });
      try {
        const error = await LedgerStore.open(store).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'store_corrupt' });
        expect((error as Error).message).toContain(join(dir, 'ledger.json'));
        expect((error as Error).message).toContain('books 应为对象');
      } finally {
        await store.close();
      }
    });
  }
});

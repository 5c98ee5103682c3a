/**
 * The bot's files on a bad day, on real files: a garbage line anywhere in findings, cache, audit or the outbox is
 * moved aside into `<file>.bad` (0600) and the store starts with the good records, saying how many were set
 * aside; a store emptied since its last clean stop is reported; a ledger document of the wrong shape is refused
 * naming it.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LeadReport } from '../../src/domain/lead.js';
import { realFs } from '../../src/store/atomic-write.js';
import type { AuditEntry } from '../../src/store/audit-log.js';
import type { FindingInput } from '../../src/store/findings-log.js';
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

function finding(n: number): FindingInput {
  return {
    status: 'not_found',
    idNumber: id(n),
    name: `张${n}`,
    requester: { channel: 'chat', userId: 'wxid_a', enterprise: '甲公司' },
    enterprise: '甲公司',
    reasons: ['全国平台没有查询到相关证件信息'],
    evidence: { source: 'national', platformSaid: '没有查询到相关证件信息！', certificates: [] },
  };
}

function audit(n: number): AuditEntry {
  return {
    at: AT.toISOString(),
    requester: { channel: 'chat', userId: `u${n}` },
    action: 'verify',
    maskedIds: [],
  };
}

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

/** A store holding 3 findings, 3 cached answers and 3 audit entries, closed cleanly. */
async function filledStore(dir: string): Promise<void> {
  const store = await openStore(dir, { cache: TTL });
  for (const n of [1, 2, 3]) {
    await store.findings.record(finding(n), AT);
    await store.cache.put({ personType: 'special', idNumber: id(n), name: `张${n}` }, foundAnswer(id(n)), AT);
    await store.audit.append(audit(n));
  }
  await store.close();
}

/** Put `garbage` as the second record line of the file at `path` (after the header and one record). */
async function spoil(path: string, garbage: string): Promise<void> {
  const [header, first, ...rest] = (await readFile(path, 'utf8')).split('\n');
  await writeFile(path, [header, first, garbage, ...rest].join('\n'));
}

describe('a garbage line in a store file', () => {
  it('is moved aside into a private .bad file; the store starts with the good records and says so', async () => {
    const dir = await tempDir();
    await filledStore(dir);
    const garbage = {
      'findings.jsonl': '{"t":"new","finding":{"id":"F2026',
      'cache.jsonl': '{"personType":"special"}',
      'audit.jsonl': 'null',
    };
    for (const [name, line] of Object.entries(garbage)) await spoil(join(dir, name), line);

    const store = await openStore(dir, { cache: TTL });
    expect(store.findings.list()).toHaveLength(3);
    expect(store.cache.size).toBe(3);
    expect(store.audit.entries()).toHaveLength(3);
    for (const [name, line] of Object.entries(garbage)) {
      const bad = join(dir, `${name}.bad`);
      expect(await readFile(bad, 'utf8')).toBe(`${line}\n`);
      expect(permissions((await stat(bad)).mode), name).toBe(0o600);
      expect(store.openedNotice).toContain(`${join(dir, name)} 中有 1 行已损坏`);
    }
    // Set aside once: the files are whole again, and the store keeps working on them.
    await store.findings.record(finding(4), AT);
    await store.close();
    const again = await openStore(dir, { cache: TTL });
    expect(again.openedNotice).toBeUndefined();
    expect(again.findings.list()).toHaveLength(4);
    await again.close();
  });

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

  it('that is JSON but not a record its replay can use is set aside too (findings, outbox)', async () => {
    const dir = await tempDir();
    await filledStore(dir);
    const outbox = await Outbox.open(dir, { fs: realFs });
    await outbox.add(lead(1));
    await outbox.flush();
    await spoil(join(dir, 'findings.jsonl'), '{"t":"new"}');
    await spoil(join(dir, OUTBOX_FILE), '{"t":"queued","lead":null}');

    const store = await openStore(dir, { cache: TTL });
    expect(store.findings.list()).toHaveLength(3);
    expect(await readFile(join(dir, 'findings.jsonl.bad'), 'utf8')).toBe('{"t":"new"}\n');
    await store.close();
    expect((await Outbox.open(dir, { fs: realFs })).waiting().map((l) => l.id)).toEqual(['F1']);
    expect(await readFile(join(dir, `${OUTBOX_FILE}.bad`), 'utf8')).toBe('{"t":"queued","lead":null}\n');
  });

  it('as the header (line 1) is set aside as well, the records kept', async () => {
    const dir = await tempDir();
    await filledStore(dir);
    const path = join(dir, 'findings.jsonl');
    const [, ...rest] = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, ['#!garbage', ...rest].join('\n'));
    const store = await openStore(dir, { cache: TTL });
    expect(store.findings.list()).toHaveLength(3);
    expect(await readFile(`${path}.bad`, 'utf8')).toBe('#!garbage\n');
    await store.close();
  });
});

describe('a store that shrank since its last clean stop', () => {
  it('is reported when findings.jsonl was emptied, not started silently with 0 findings', async () => {
    const dir = await tempDir();
    await filledStore(dir);
    await writeFile(join(dir, 'findings.jsonl'), '');
    const store = await openStore(dir, { cache: TTL });
    expect(store.findings.size).toBe(0);
    expect(store.openedNotice).toMatch(
      /findings\.jsonl 现有 0 条记录，比上次正常关闭（.+）时的 3 条少了 3 条/,
    );
    await store.close();
    // Told once: the stop after it is the new reference.
    const again = await openStore(dir, { cache: TTL });
    expect(again.openedNotice).toBeUndefined();
    await again.close();
  });

  it('is not compared after a crash (no clean stop to compare with)', async () => {
    const dir = await tempDir();
    await filledStore(dir);
    const crashed = await openStore(dir, { cache: TTL });
    await crashed.findings.flush();
    // No close: the clean-stop record taken at open is not written back.
    await writeFile(join(dir, 'findings.jsonl'), '');
    await writeFile(join(dir, 'store.lock'), '');
    const store = await openStore(dir, { cache: TTL });
    expect(store.openedNotice ?? '').not.toContain('少了');
    await store.close();
    await crashed.close().catch(() => {});
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

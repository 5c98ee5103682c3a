import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/store/audit-log.js';
import { auditKind } from '../../../src/store/migrate/audit.js';
import { tempDir } from '../temp-dir.js';
import { expectMismatch, migratedTwice, targetStore, writeLines } from './old-files.js';

function entry(second: number): AuditEntry {
  return {
    at: `2025-05-01T00:00:0${second}Z`,
    requester: { channel: 'chat', userId: 'wxid_a' },
    action: 'verify',
    maskedIds: ['110105********002X'],
  };
}

/** A rotated generation and the current file, the same entry twice in it. */
async function oldDir(): Promise<string> {
  const dir = await tempDir();
  await writeLines(dir, 'audit.1.jsonl', 2, [entry(1), entry(2)]);
  await writeLines(dir, 'audit.jsonl', 2, [entry(3), entry(3), entry(4), '{"at":"2025-05-01T00:0']);
  return dir;
}

describe('store migrate: audit', () => {
  it('carries every entry in order, identical ones too, once, leaving the files as they were', async () => {
    const store = await migratedTwice(auditKind, await oldDir(), 5);
    expect((await store.audit.entries()).map((e) => e.at.slice(-3))).toEqual([
      '01Z',
      '02Z',
      '03Z',
      '03Z',
      '04Z',
    ]);
    await store.close();
  });

  it('reads an audit.json of the previous layout', async () => {
    const dir = await tempDir();
    await writeLines(dir, 'audit.1.jsonl', 2, [entry(1)]);
    await writeFile(join(dir, 'audit.json'), JSON.stringify({ schemaVersion: 1, entries: [entry(2)] }));
    const store = await targetStore();
    expect(await auditKind.run(dir, store.db)).toEqual({ read: 2, stored: 2, added: 2 });
    await store.close();
  });

  it('says so when the database lacks entries the files hold', async () => {
    await expectMismatch(auditKind, await oldDir(), 5);
  });
});

/**
 * The audit trail as append-only JSON lines: durable appends, rotation that keeps the latest entries across a
 * restart, the previous single-document layout converted, and a line cut by a crash left out.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFs } from '../../src/store/atomic-write.js';
import { type AuditEntry, AuditLog } from '../../src/store/audit-log.js';
import { tempDir } from './temp-dir.js';

function entry(i: number): AuditEntry {
  return {
    at: `2025-05-01T00:00:${String(i).padStart(2, '0')}Z`,
    requester: { channel: 'chat', userId: `u${i}` },
    action: 'verify',
    maskedIds: ['110105********002X'],
  };
}

const ats = (log: AuditLog) => log.entries().map((e) => e.at.slice(17, 19));

describe('AuditLog', () => {
  it('appends lines, rotates when full, and keeps the latest entries after a restart', async () => {
    const dir = await tempDir();
    const log = await AuditLog.open(dir, { maxEntries: 4, fs: realFs });
    await Promise.all([0, 1, 2].map((i) => log.append(entry(i))));
    for (const i of [3, 4, 5, 6, 7, 8]) await log.append(entry(i));
    expect(ats(log)).toEqual(['05', '06', '07', '08']);
    expect((await readdir(dir)).sort()).toEqual(['audit.1.jsonl', 'audit.jsonl']);
    const current = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(current[0] ?? '')).toEqual({ schemaVersion: 2 });
    expect(current.length - 1).toBeLessThanOrEqual(4);

    const again = await AuditLog.open(dir, { maxEntries: 4, fs: realFs });
    expect(ats(again)).toEqual(['05', '06', '07', '08']);
  });

  it('writes appends made together in one go', async () => {
    const dir = await tempDir();
    let opens = 0;
    const counting = {
      ...realFs,
      open: ((...args: Parameters<typeof realFs.open>) => {
        if (args[1] === 'a') opens++;
        return realFs.open(...args);
      }) as typeof realFs.open,
    };
    const log = await AuditLog.open(dir, { fs: counting });
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(entry(i))));
    expect(opens).toBe(1);
    expect(log.entries()).toHaveLength(50);
  });

  it('converts an audit.json of the previous layout', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'audit.json'),
      JSON.stringify({ schemaVersion: 1, entries: [entry(1), entry(2)] }),
    );
    const log = await AuditLog.open(dir, { fs: realFs });
    expect(ats(log)).toEqual(['01', '02']);
    await log.append(entry(3));
    expect(await readdir(dir)).toEqual(['audit.jsonl']);
    expect(ats(await AuditLog.open(dir, { fs: realFs }))).toEqual(['01', '02', '03']);
  });

  it('leaves out a last line cut by a crash, and sets a damaged line elsewhere aside', async () => {
    const dir = await tempDir();
    const good = JSON.stringify(entry(1));
    await writeFile(join(dir, 'audit.jsonl'), `{"schemaVersion":2}\n${good}\n{"at":"2025-05-01T00:0`);
    const log = await AuditLog.open(dir, { fs: realFs });
    await log.append(entry(2));
    expect(ats(await AuditLog.open(dir, { fs: realFs }))).toEqual(['01', '02']);

    await writeFile(join(dir, 'audit.jsonl'), `{"schemaVersion":2}\n{broken\n${good}\n`);
    expect(ats(await AuditLog.open(dir, { fs: realFs }))).toEqual(['01']);
    expect(await readFile(join(dir, 'audit.jsonl.bad'), 'utf8')).toBe('{broken\n');
  });
});

import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { foundAnswer } from './records.js';
import { permissions, tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const ID = '11010519491231002X';

describe('openStore', () => {
  it('creates the directory 0700 and every file 0600, and releases the lock on close', async () => {
    const dir = join(await tempDir(), 'data');
    const store = await openStore(dir, { cache: TTL });
    expect(permissions((await stat(dir)).mode)).toBe(0o700);
    await store.cache.put({ personType: 'special', idNumber: ID, name: '张三' }, foundAnswer(ID), new Date());
    await store.registry.replaceSource({ file: '/x.csv', importedAt: '2025-05-01T00:00:00Z' }, []);
    await store.findings.record(
      {
        status: 'expired',
        idNumber: ID,
        requester: { channel: 'cli' },
        reasons: [],
        evidence: { platformSaid: '', certificates: [] },
      },
      new Date(),
    );
    await store.audit.append({
      at: new Date().toISOString(),
      requester: { channel: 'cli' },
      action: 'check',
      maskedIds: [],
    });
    const pending = await store.file<{ items: string[] }>('chat-pending', {
      version: 1,
      defaults: () => ({ items: [] }),
    });
    await pending.update((d) => {
      d.items.push('x');
    });
    await store.close();
    // Everything the store keeps is in its database: no file of its own in the directory.
    const names = (await readdir(dir)).sort();
    expect(names).toEqual([]);
    for (const name of names) expect(permissions((await stat(join(dir, name))).mode), name).toBe(0o600);
  });

  it('refuses a second open of the same directory until the first is closed', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    await expect(openStore(dir, { cache: TTL })).rejects.toMatchObject({ code: 'store_locked' });
    await store.close();
    const again = await openStore(dir, { cache: TTL });
    await again.close();
  });

  it('says when the directory still holds the files of an earlier version, and how to carry them over', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'cache.jsonl'), '{"schemaVersion":2}\n');
    await writeFile(join(dir, 'ledger.json'), '{"schemaVersion":1,"books":{}}');
    const store = await openStore(dir, { cache: TTL });
    expect(store.openedNotice).toContain('cache.jsonl、ledger.json');
    expect(store.openedNotice).toContain(`cert-verify store migrate --from ${dir}`);
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(['cache.jsonl', 'ledger.json']);
    const fresh = await openStore(await tempDir(), { cache: TTL });
    expect(fresh.openedNotice).toBeUndefined();
    await fresh.close();
  });

  it('opens an extra file once per name and refuses bad or reserved names', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const options = { version: 1, defaults: () => ({ n: 0 }) };
    const a = await store.file('batch-jobs', options);
    const b = await store.file('batch-jobs.json', options);
    expect(a).toBe(b);
    expect(a.name).toBe('batch-jobs');
    await expect(store.file('../escape', options)).rejects.toThrow(/无效/);
    await expect(store.file('cache.json.tmp-1', options)).rejects.toThrow(/无效/);
    await expect(store.file('findings', options)).rejects.toThrow(/存储自用/);
    await store.close();
  });

  it('audits masked IDs only, masking a full number passed by mistake, and keeps the latest entries', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL, auditMaxEntries: 3 });
    for (let i = 0; i < 5; i++) {
      await store.audit.append({
        at: `2025-05-01T00:00:0${i}Z`,
        requester: { channel: 'chat', userId: 'wxid_a' },
        action: 'chat-query',
        maskedIds: i === 4 ? [ID] : ['110105********002X'],
        statuses: ['valid'],
      });
    }
    expect((await store.audit.entries()).map((e) => e.at)).toEqual([
      '2025-05-01T00:00:02Z',
      '2025-05-01T00:00:03Z',
      '2025-05-01T00:00:04Z',
    ]);
    const rows = await store.db.query<{ entry: unknown }>('select entry from audit_entries order by seq');
    expect(JSON.stringify(rows)).not.toContain(ID);
    expect(await store.audit.entries()).toEqual(rows.slice(-3).map((r) => r.entry));
    await store.close();
  });
});

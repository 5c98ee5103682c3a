/**
 * The audit trail in the store's database: the latest entries kept, in the order appended, across a restart;
 * appends nobody awaited waited for by flush.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/audit-log.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };

function entry(i: number): AuditEntry {
  return {
    at: `2025-05-01T00:00:${String(i).padStart(2, '0')}Z`,
    requester: { channel: 'chat', userId: `u${i}` },
    action: 'verify',
    maskedIds: ['110105********002X'],
  };
}

const ats = (entries: AuditEntry[]) => entries.map((e) => e.at.slice(17, 19));

describe('AuditLog', () => {
  it('keeps the latest entries, in the order appended, after a restart', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL, auditMaxEntries: 4 });
    await Promise.all([0, 1, 2].map((i) => store.audit.append(entry(i))));
    for (const i of [3, 4, 5, 6, 8, 7]) await store.audit.append(entry(i));
    expect(ats(await store.audit.entries())).toEqual(['05', '06', '08', '07']);
    await store.close();

    const again = await openStore(dir, { cache: TTL, auditMaxEntries: 4 });
    expect(ats(await again.audit.entries())).toEqual(['05', '06', '08', '07']);
    const [kept] = await again.db.query<{ n: number }>('select count(*)::int as n from audit_entries');
    expect(kept?.n).toBe(4);
    await again.close();
  });

  it('keeps every entry appended at once, as it was given, written in one statement', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    const query = store.db.query.bind(store.db);
    let inserts = 0;
    store.db.query = (text, params) => {
      if (text.startsWith('insert into audit_entries')) inserts++;
      return query(text, params);
    };
    const given = Array.from({ length: 50 }, (_, i) => ({ ...entry(i), statuses: ['valid'] }));
    for (const e of given) void store.audit.append(e);
    await store.audit.flush();
    expect(inserts).toBe(1);
    const entries = await store.audit.entries();
    expect([...entries].sort((a, b) => a.at.localeCompare(b.at))).toEqual(given);
    await store.close();
  });
});

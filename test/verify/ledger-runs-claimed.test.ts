/**
 * The ledgers' daily rounds of several instances on one database: each day's re-check and each ledger's digest
 * runs in one instance only; a round that failed is given back and run by the next instance that ticks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import type { LedgerStore } from '../../src/store/ledger-store.js';
import { ClaimedRuns } from '../../src/store/sql/claims.js';
import { LedgerScheduler } from '../../src/verify/ledger-scheduler.js';
import { PGLITE_START_MS } from '../helpers/databases.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { tempDir } from '../store/temp-dir.js';

/** An instance's own view of the ledgers (as each process's ledger file once was): one book, nothing run yet. */
function ownLedger(): LedgerStore {
  const ledger = {
    books: [{ enterprise: '甲公司', people: [] }],
    lastRecheckOn: undefined as string | undefined,
    async markRecheck(day: string) {
      ledger.lastRecheckOn = day;
    },
    // Each instance's own ledger here: nothing another instance wrote to read again.
    async reload() {},
  };
  return ledger as unknown as LedgerStore;
}

let db: SqlDb;
beforeAll(async () => {
  db = await openTestStoreDb(await tempDir());
}, PGLITE_START_MS);

describe('the daily rounds on several instances', () => {
  it('run each day once across instances, and a failed one again elsewhere', async () => {
    const ran: string[] = [];
    let failing = true;
    const instance = (holder: string) =>
      new LedgerScheduler({
        ledger: ownLedger(),
        now: () => new Date('2026-11-24T02:00:00Z'),
        today: () => '2026-11-24',
        recheckHour: 1,
        remindHour: 9,
        recheck: async (today) => {
          if (holder === 'A' && failing) throw new Error('platform down');
          ran.push(`recheck ${today} by ${holder}`);
        },
        digest: async (book, today) => {
          ran.push(`digest ${book.enterprise} ${today} by ${holder}`);
          return { sent: true } as never;
        },
        runs: new ClaimedRuns(db, { holder, leaseMs: 60_000 }),
      });
    const [a, b, c] = [instance('A'), instance('B'), instance('C')];
    await a.tick();
    expect(ran).toEqual(['digest 甲公司 2026-11-24 by A']);
    failing = false;
    await Promise.all([b.tick(), c.tick()]);
    await a.tick();
    expect(ran.filter((r) => r.startsWith('recheck'))).toHaveLength(1);
    expect(ran.filter((r) => r.startsWith('digest'))).toHaveLength(1);
  });
});

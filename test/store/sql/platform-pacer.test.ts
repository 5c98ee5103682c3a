/**
 * The platform's pace shared through the database: grants never closer than the interval, whoever asks, and a
 * waiting request of a higher priority first — on one database (PGlite and PostgreSQL) and, on PostgreSQL, from
 * three connection pools at once as three instances would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LookupPriority } from '../../../src/lookup/port.js';
import type { SqlDb } from '../../../src/sql/db.js';
import { openPgDb } from '../../../src/sql/pg-db.js';
import { SqlPlatformPacer } from '../../../src/store/sql/platform-pacer.js';
import { DATABASES, PG_SKIP_REASON, postgresDatabase, TEST_PG_URL } from '../../helpers/databases.js';
import { migrateStore, suiteStoreDb } from '../../helpers/store-schema.js';

const INTERVAL_MS = 60;

/** One grant: when its last try was sent and when it resolved (the grant happened in between). */
interface Grant {
  who: string;
  sentAt: number;
  doneAt: number;
}

/**
 * A pacer on `db` whose grants are recorded: the moment its last query was sent is a lower bound of the grant's
 * moment, the moment `wait` resolved an upper bound.
 */
function recordingPacer(db: SqlDb, grants: Grant[]) {
  let sentAt = 0;
  const watched: SqlDb = {
    ...db,
    query: (text, params) => {
      sentAt = performance.now();
      return db.query(text, params);
    },
  };
  const pacer = new SqlPlatformPacer(watched, { intervalMs: INTERVAL_MS, pollMs: 10 });
  return async (who: string, priority: LookupPriority) => {
    await pacer.wait(priority);
    grants.push({ who, sentAt, doneAt: performance.now() });
  };
}

/** Every grant at least the interval after the one before: the later's end minus the earlier's start. */
function expectPaced(grants: Grant[]): void {
  const sorted = [...grants].sort((a, b) => a.doneAt - b.doneAt);
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1] as Grant, sorted[i] as Grant];
    expect(after.doneAt - before.sentAt).toBeGreaterThanOrEqual(INTERVAL_MS);
  }
}

/** Hold the pace (no turn for an hour) until `release`; waiters queue meanwhile. */
async function holdPace(db: SqlDb): Promise<() => Promise<void>> {
  await db.query(
    `insert into platform_pacing (name, last_at) values ('national', now() + interval '1 hour')
     on conflict (name) do update set last_at = excluded.last_at`,
  );
  return async () => {
    await db.query(`update platform_pacing set last_at = 'epoch' where name = 'national'`);
  };
}

async function waitingCount(db: SqlDb): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from platform_waiting');
  return row?.n ?? 0;
}

async function untilWaiting(db: SqlDb, count: number): Promise<void> {
  while ((await waitingCount(db)) < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.each(DATABASES)('the shared platform pace on %s', (_label, database) => {
  const suite = suiteStoreDb(database, 'delete from platform_waiting; delete from platform_pacing');
  let db: SqlDb;
  beforeEach(() => {
    db = suite.db();
  });

  it('three pacers on one database grant no two queries closer than the interval', async () => {
    const grants: Grant[] = [];
    const pacers = [0, 1, 2].map(() => recordingPacer(db, grants));
    const priorities: LookupPriority[] = ['chat', 'batch', 'background'];
    await Promise.all(
      pacers.map(async (wait, i) => {
        for (let n = 0; n < 4; n++) await wait(`p${i}`, priorities[(i + n) % 3] as LookupPriority);
      }),
    );
    expect(grants).toHaveLength(12);
    expectPaced(grants);
    expect(await waitingCount(db)).toBe(0);
  });

  it('serves the waiting requests chat first, then batch, then background', async () => {
    const grants: Grant[] = [];
    const release = await holdPace(db);
    const [a, b, c] = [0, 1, 2].map(() => recordingPacer(db, grants)) as [
      ReturnType<typeof recordingPacer>,
      ReturnType<typeof recordingPacer>,
      ReturnType<typeof recordingPacer>,
    ];
    const done = [a('background', 'background')];
    await untilWaiting(db, 1);
    done.push(b('batch', 'batch'));
    await untilWaiting(db, 2);
    done.push(c('chat', 'chat'));
    await untilWaiting(db, 3);
    await release();
    await Promise.all(done);
    expect(grants.map((g) => g.who)).toEqual(['chat', 'batch', 'background']);
    expectPaced(grants);
  });

  it('an aborted request leaves the queue and lets the next one through', async () => {
    const grants: Grant[] = [];
    const release = await holdPace(db);
    const pacer = new SqlPlatformPacer(db, { intervalMs: INTERVAL_MS, pollMs: 10 });
    const abort = new AbortController();
    const chat = pacer.wait('chat', abort.signal);
    await untilWaiting(db, 1);
    const batch = recordingPacer(db, grants)('batch', 'batch');
    await untilWaiting(db, 2);
    abort.abort(new Error('gone'));
    await expect(chat).rejects.toThrow('gone');
    await release();
    await batch;
    expect(grants.map((g) => g.who)).toEqual(['batch']);
    expect(await waitingCount(db)).toBe(0);
  });
});

describe.skipIf(!TEST_PG_URL)(
  `three instances on one PostgreSQL${TEST_PG_URL ? '' : `（${PG_SKIP_REASON}）`}`,
  () => {
    let dbs: SqlDb[];
    let drop: () => Promise<void>;

    beforeEach(async () => {
      const opened = await postgresDatabase.open();
      await migrateStore(opened.db);
      dbs = [opened.db, ...(await Promise.all([0, 1].map(() => openPgDb(opened.url as string))))];
      drop = async () => {
        await Promise.all(dbs.slice(1).map((db) => db.close()));
        await opened.drop();
      };
    });
    afterEach(async () => {
      await drop();
    });

    it('three pools share one pace: no two grants closer than the interval', async () => {
      const grants: Grant[] = [];
      await Promise.all(
        dbs.map(async (db, i) => {
          // Each instance runs its queue one at a time, as the client does.
          const wait = recordingPacer(db, grants);
          for (let n = 0; n < 5; n++) await wait(`i${i}`, n % 2 === 0 ? 'batch' : 'background');
        }),
      );
      expect(grants).toHaveLength(15);
      expectPaced(grants);
    });

    it("a chat request waiting in one instance goes before another instance's batch row", async () => {
      const grants: Grant[] = [];
      const [first, second, third] = dbs as [SqlDb, SqlDb, SqlDb];
      const release = await holdPace(first);
      const done = [recordingPacer(first, grants)('background', 'background')];
      await untilWaiting(first, 1);
      done.push(recordingPacer(second, grants)('batch', 'batch'));
      await untilWaiting(first, 2);
      done.push(recordingPacer(third, grants)('chat', 'chat'));
      await untilWaiting(first, 3);
      await release();
      await Promise.all(done);
      expect(grants.map((g) => g.who)).toEqual(['chat', 'batch', 'background']);
      expectPaced(grants);
    });
  },
);

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqlAuthStore } from '../../src/bureau/auth/sql-auth-store.js';
import type { AuthStore } from '../../src/bureau/auth/types.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import { DATABASES, PGLITE_START_MS } from '../helpers/databases.js';

const T0 = Date.parse('2026-11-24T02:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe.each(DATABASES)('console sessions and sign-in counters on %s', (_label, database) => {
  let auth: AuthStore;
  let drop: () => Promise<void>;
  let userId: number;

  beforeEach(async () => {
    const opened = await database.open();
    drop = opened.drop;
    const store = createSqlBureauStore(opened.db);
    await store.migrate();
    userId = (await store.addUser({ login: 'duty', role: 'staff', passwordHash: 'x' })).id;
    auth = sqlAuthStore(opened.db);
  }, PGLITE_START_MS);
  afterEach(async () => {
    await drop();
  });

  it('finds a session until it expires, and drops expired ones', async () => {
    await auth.createSession({ idHash: 'h1', userId, login: 'duty', csrfToken: 'c1', expiresAt: at(60) });
    await auth.createSession({ idHash: 'h2', userId, login: 'duty', csrfToken: 'c2', expiresAt: at(10) });
    expect((await auth.sessionByHash('h1', at(59)))?.csrfToken).toBe('c1');
    expect(await auth.sessionByHash('h1', at(60))).toBeUndefined();
    await auth.deleteExpiredSessions(at(30));
    expect(await auth.sessionByHash('h2', at(0))).toBeUndefined();
    expect(await auth.sessionByHash('h1', at(0))).toBeDefined();
    await auth.deleteSession('h1');
    expect(await auth.sessionByHash('h1', at(0))).toBeUndefined();
  });

  it('counts attempts in a window, keeps a locked key counting, and starts afresh after the window', async () => {
    const attempt = async (minute: number) =>
      (await auth.countAttempt(['login:x', 'address:a'], at(minute), at(minute - 15))).get('login:x');
    expect(await attempt(0)).toEqual({ failures: 1, firstAt: at(0) });
    expect((await attempt(1))?.failures).toBe(2);
    await auth.lock(['login:x'], at(30));
    expect(await attempt(20)).toEqual({ failures: 3, firstAt: at(0), lockedUntil: at(30) });
    expect(await attempt(31)).toEqual({ failures: 1, firstAt: at(31), lockedUntil: at(30) });
    await auth.forgetAttempt(['login:x']);
    expect((await attempt(32))?.failures).toBe(1);
    await auth.clearFailures('login:x');
    expect((await attempt(33))?.failures).toBe(1);
  });

  it('counts attempts from many requests at once exactly, each its own number', async () => {
    const counts = await Promise.all(
      Array.from({ length: 12 }, () => auth.countAttempt(['address:a', 'pair:x|a'], at(0), at(-15))),
    );
    expect(counts.map((c) => c.get('pair:x|a')?.failures).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });
});

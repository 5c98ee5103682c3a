import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqlAuthStore } from '../../src/bureau/auth/sql-auth-store.js';
import type { AuthStore } from '../../src/bureau/auth/types.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import { DATABASES } from './databases.js';

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
  });
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

  it('counts failures in a window, locks at the limit, and starts afresh after the window', async () => {
    const fail = (minute: number) =>
      auth.recordFailure('login:x', at(minute), at(minute - 15), 3, at(minute + 15));
    expect(await fail(0)).toEqual({ failures: 1, firstAt: at(0) });
    expect((await fail(1)).failures).toBe(2);
    expect(await fail(2)).toEqual({ failures: 3, firstAt: at(0), lockedUntil: at(17) });
    expect(await fail(20)).toEqual({ failures: 1, firstAt: at(20), lockedUntil: at(17) });
    await auth.clearFailures('login:x');
    expect(await auth.failures('login:x')).toBeUndefined();
  });

  it('counts failures from many requests at once exactly', async () => {
    await Promise.all(
      Array.from({ length: 12 }, () => auth.recordFailure('address:a', at(0), at(-15), 20, at(15))),
    );
    expect((await auth.failures('address:a'))?.failures).toBe(12);
  });
});

/**
 * The console's sign-in under attack (issue 23, point 6), on PGlite and PostgreSQL: many wrong passwords sent at
 * once are counted before any is checked, so no more than the limit are checked; and guesses at a login from
 * another address slow it down without locking its owner out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/bureau/auth/password.js';
import { SIGN_IN_LIMITS, signIn } from '../../src/bureau/auth/sign-in.js';
import { sqlAuthStore } from '../../src/bureau/auth/sql-auth-store.js';
import type { AuthStore } from '../../src/bureau/auth/types.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import type { BureauStore } from '../../src/bureau/store/types.js';
import { DATABASES, PGLITE_START_MS } from '../helpers/databases.js';

const NOW = new Date('2026-11-24T02:00:00.000Z');
const PASSWORD = '值班员的长密码-2026';
/** Wrong passwords sent at once. */
const AT_ONCE = 40;

describe.each(DATABASES)('sign-in limits on %s', (_label, database) => {
  let store: BureauStore;
  let auth: AuthStore;
  let drop: () => Promise<void>;
  /** Passwords checked (each check looks the user up first). */
  let checked: number;
  let counting: BureauStore;

  beforeEach(async () => {
    const opened = await database.open();
    drop = opened.drop;
    store = createSqlBureauStore(opened.db);
    await store.migrate();
    await store.addUser({ login: 'duty', role: 'staff', passwordHash: await hashPassword(PASSWORD) });
    auth = sqlAuthStore(opened.db);
    checked = 0;
    counting = {
      ...store,
      userByLogin: (login) => {
        checked++;
        return store.userByLogin(login);
      },
    };
  }, PGLITE_START_MS);
  afterEach(async () => {
    await drop();
  });

  it(`checks no more than ${SIGN_IN_LIMITS.perLoginAndAddress} of ${AT_ONCE} wrong passwords sent at once`, async () => {
    const results = await Promise.all(
      Array.from({ length: AT_ONCE }, () =>
        signIn(counting, auth, { login: 'duty', password: 'wrong-password', address: '10.0.0.9' }, NOW),
      ),
    );
    expect(checked).toBe(SIGN_IN_LIMITS.perLoginAndAddress);
    expect(results.filter((r) => r.kind === 'wrong')).toHaveLength(SIGN_IN_LIMITS.perLoginAndAddress - 1);
    expect(results.filter((r) => r.kind === 'locked')).toHaveLength(
      AT_ONCE - SIGN_IN_LIMITS.perLoginAndAddress + 1,
    );
    const owner = await signIn(
      store,
      auth,
      { login: 'duty', password: PASSWORD, address: '10.0.0.1' },
      NOW,
      () => Promise.resolve(),
    );
    expect(owner.kind).toBe('ok');
  });

  it('slows a login down for failures from elsewhere, and never locks its owner out', async () => {
    const paused: number[] = [];
    const pause = async (ms: number) => {
      paused.push(ms);
    };
    const guess = () =>
      signIn(store, auth, { login: 'duty', password: 'wrong-password', address: '10.0.0.66' }, NOW, pause);
    const guesses = [];
    for (let i = 0; i < 8; i++) guesses.push((await guess()).kind);
    expect(guesses).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked', 'locked', 'locked', 'locked']);
    const owner = await signIn(
      store,
      auth,
      { login: 'duty', password: PASSWORD, address: '10.0.0.1' },
      NOW,
      pause,
    );
    expect(owner.kind).toBe('ok');
    // Eight attempts from elsewhere, five of them free: three steps of slowing down, before the check.
    expect(paused).toEqual([3 * SIGN_IN_LIMITS.slowStepMs]);
  });
});

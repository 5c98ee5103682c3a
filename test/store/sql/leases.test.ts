/**
 * Leases: one holder at a time; the holder renews, another takes a lease that has run out, a release frees it
 * at once; and a keeper lets go of its resource when the database no longer renews its lease.
 */
import { describe, expect, it, vi } from 'vitest';
import { LeaseKeeper } from '../../../src/store/lease-keeper.js';
import { type Leases, SqlLeases } from '../../../src/store/sql/leases.js';
import { DATABASES } from '../../helpers/databases.js';
import { suiteStoreDb } from '../../helpers/store-schema.js';

const HOUR = 3_600_000;

describe.each(DATABASES)('leases on %s', (_label, database) => {
  const suite = suiteStoreDb(database, 'delete from leases');

  it('one holder at a time: renewed by it, taken by another once run out or released', async () => {
    const leases = new SqlLeases(suite.db());
    expect(await leases.acquire('robot', 'a', HOUR)).toBe(true);
    expect(await leases.acquire('robot', 'b', HOUR)).toBe(false);
    expect(await leases.acquire('robot', 'a', HOUR)).toBe(true);
    await leases.release('robot', 'b');
    expect(await leases.acquire('robot', 'b', HOUR)).toBe(false);
    await leases.release('robot', 'a');
    expect(await leases.acquire('robot', 'b', 0)).toBe(true);
    // Run out (a life of 0 ms): the next one takes it.
    expect(await leases.acquire('robot', 'c', HOUR)).toBe(true);
    expect(await leases.acquire('other', 'a', HOUR)).toBe(true);
  });

  it('a keeper takes up the resource with the lease and lets it go when the lease cannot be renewed', async () => {
    const real = new SqlLeases(suite.db());
    let reachable = true;
    const flaky: Leases = {
      acquire: (...args) => (reachable ? real.acquire(...args) : Promise.reject(new Error('unreachable'))),
      release: (...args) => real.release(...args),
    };
    const events: string[] = [];
    let clock = 0;
    const keeper = new LeaseKeeper(
      flaky,
      'robot',
      'a',
      { ttlMs: HOUR, renewMs: HOUR },
      {
        gained: async () => {
          events.push('gained');
        },
        lost: async () => {
          events.push('lost');
        },
      },
      () => clock,
    );
    await keeper.start();
    expect([keeper.holding, events]).toEqual([true, ['gained']]);
    expect(await real.acquire('robot', 'b', HOUR)).toBe(false);
    await keeper.stop();
    expect(events).toEqual(['gained', 'lost']);
    expect(await real.acquire('robot', 'b', 0)).toBe(true);

    // Unreachable when the lease could run out before the next renewal: let go.
    const again = new LeaseKeeper(
      flaky,
      'robot2',
      'a',
      { ttlMs: 1000, renewMs: 50 },
      {
        gained: async () => {},
        lost: async () => {
          events.push('lost again');
        },
      },
      () => clock,
    );
    await again.start();
    reachable = false;
    // The next renewal (50 ms on) finds the database gone with the lease's end within one more renewal.
    clock = 960;
    await vi.waitFor(() => expect(again.holding).toBe(false), { timeout: 5000, interval: 20 });
    expect(events.at(-1)).toBe('lost again');
    await again.stop();
  });
});

/**
 * When the bot queues its month's self-check summary, and how the outbox keeps it: after checks at most once per
 * debounce (for the months the checks fell in, a check just before midnight on the month's last day included),
 * at once after a batch, what a pending debounce held on stop; a month with nothing checked is not sent unless it
 * replaces a count; a later count replaces the earlier on disk, and an acknowledgement of an older count leaves
 * the newer one waiting.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SelfCheckReporter } from '../../src/app/self-check-reporter.js';
import type { MonthTally } from '../../src/domain/self-check.js';
import { Outbox } from '../../src/store/outbox.js';
import { openTestStoreDb } from '../helpers/store-databases.js';

let dir: string;
let clock: Date;
const tally = new Map<string, MonthTally>();
let wakes = 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'self-check-reporter-'));
  clock = new Date('2026-11-30T15:50:00.000Z'); // 23:50 on 30 November in China
  tally.clear();
  wakes = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

async function reporterOn(outbox: Outbox): Promise<SelfCheckReporter> {
  return new SelfCheckReporter({
    outbox,
    monthSummary: async (enterprise, month) => {
      expect(enterprise).toBeUndefined();
      return tally.get(month) ?? { people: 0, problems: 0 };
    },
    sender: { wake: () => wakes++ },
    debounceMs: 600_000,
    now: () => clock,
  });
}

/** Let the queued work (a timer's promise) finish. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('the self-check reporter', () => {
  it('queues once per debounce after checks, for the month the checks fell in', async () => {
    const outbox = new Outbox(await openTestStoreDb(dir));
    const reporter = await reporterOn(outbox);
    tally.set('2026-11', { people: 3, problems: 1 });
    reporter.checked('2026-11');
    reporter.checked('2026-11');
    expect(await outbox.summariesWaiting()).toEqual([]);
    // The debounce runs out in December: the checks were November's.
    clock = new Date('2026-11-30T16:05:00.000Z');
    tally.set('2026-11', { people: 4, problems: 1 });
    await vi.advanceTimersByTimeAsync(600_000);
    // The sender is woken once the summary is queued (a database write the fake clock does not wait for).
    await vi.waitFor(() => expect(wakes).toBe(1));
    expect(await outbox.summariesWaiting()).toEqual([
      { month: '2026-11', people: 4, problems: 1, at: clock.toISOString() },
    ]);
    expect(await outbox.summaryOf('2026-12')).toBeUndefined();
  });

  it('queues at once after a batch and on stop, skips empty months, and replaces not adds', async () => {
    const outbox = new Outbox(await openTestStoreDb(dir));
    const reporter = await reporterOn(outbox);
    await reporter.start();
    expect(await outbox.summariesWaiting()).toEqual([]);
    tally.set('2026-11', { people: 20, problems: 2 });
    await reporter.batchDone();
    await outbox.summaryDelivered('2026-11', clock.toISOString());
    clock = new Date(clock.getTime() + 60_000);
    tally.set('2026-11', { people: 21, problems: 3 });
    reporter.checked('2026-11');
    await reporter.stop();
    await settle();
    expect(await outbox.summariesWaiting()).toEqual([
      { month: '2026-11', people: 21, problems: 3, at: clock.toISOString() },
    ]);
    // An acknowledgement of the older count leaves the newer one waiting, also after reopening the file.
    await outbox.summaryDelivered('2026-11', '2026-11-30T15:50:00.000Z');
    const reopened = new Outbox(await openTestStoreDb(dir));
    expect((await reopened.summariesWaiting()).map((s) => s.people)).toEqual([21]);
    // The same numbers again queue nothing; a month emptied of checks replaces its count with zeros.
    expect(
      await reopened.queueSummary({
        month: '2026-11',
        people: 21,
        problems: 3,
        at: '2026-12-01T00:00:00.000Z',
      }),
    ).toBe(false);
    tally.set('2026-11', { people: 0, problems: 0 });
    clock = new Date('2026-11-30T15:59:00.000Z');
    await (await reporterOn(reopened)).batchDone();
    expect((await reopened.summaryOf('2026-11'))?.report).toMatchObject({ people: 0, problems: 0 });
  });

  it('never fails a batch when the tally fails, and queues the month on the next occasion', async () => {
    const outbox = new Outbox(await openTestStoreDb(dir));
    let broken = true;
    const reporter = new SelfCheckReporter({
      outbox,
      monthSummary: async () => {
        if (broken) throw new Error('tally unavailable');
        return { people: 2, problems: 0 };
      },
      now: () => clock,
    });
    await expect(reporter.batchDone()).resolves.toBeUndefined();
    expect(await outbox.summariesWaiting()).toEqual([]);
    broken = false;
    await reporter.stop();
    expect((await outbox.summariesWaiting()).map((s) => [s.month, s.people])).toEqual([['2026-11', 2]]);
  });
});

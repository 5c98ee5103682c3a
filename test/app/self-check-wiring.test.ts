/**
 * The seam the bot's services take for the monthly self-check summaries (`ServiceOptions.monthSummaryOf`): the
 * real services on the simulator, with a tally the test sets, queue the month's summary in the outbox on disk
 * after a check, by the time the services close, asking the tally for every check the bot made.
 */

import { describe, expect, it } from 'vitest';
import { todayInChina } from '../../src/domain/dates.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { MonthTally } from '../../src/domain/self-check.js';
import { realFs } from '../../src/store/atomic-write.js';
import { Outbox } from '../../src/store/outbox.js';
import { startAppOnSimulator } from '../faults/app-on-simulator.js';
import { DATA, WORKER } from '../lookup/helpers.js';

const TODAY = '2026-11-24';

describe("the services with the store's tally connected", () => {
  it("queue the month's summary after a check, through the outbox on disk", async () => {
    let tally: MonthTally = { people: 0, problems: 0 };
    const asked: Array<string | undefined> = [];
    let tallyDir = '';
    const env = await startAppOnSimulator({
      data: DATA,
      seed: 5,
      today: TODAY,
      services: {
        monthSummaryOf: (store) => {
          tallyDir = store.dataDir;
          return (enterprise, month) => {
            asked.push(enterprise);
            return month === todayInChina().slice(0, 7) ? tally : { people: 0, problems: 0 };
          };
        },
      },
    });
    try {
      const query = queryFromIdCheck(validateIdNumber(WORKER.idNumber, TODAY), { name: WORKER.name });
      const verdict = await env.app.pipeline.verify(query, { requester: { channel: 'cli' }, today: TODAY });
      expect(verdict.status).toBe('valid');
      tally = { people: 1, problems: 0 };
    } finally {
      await env.app.close();
    }
    const outbox = await Outbox.open(env.dataDir, { fs: realFs });
    expect(outbox.summariesWaiting()).toMatchObject([
      { month: todayInChina().slice(0, 7), people: 1, problems: 0 },
    ]);
    expect(new Set(asked)).toEqual(new Set([undefined]));
    expect(tallyDir).toBe(env.dataDir);
    await env.close();
  }, 120_000);
});

/**
 * The bot's services queue the month's self-check summary from the store's own tally: the real services on the
 * simulator, a check made, and by the time the services close the outbox on disk holds that month's count.
 */

import { describe, expect, it } from 'vitest';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import { Outbox } from '../../src/store/outbox.js';
import { startAppOnSimulator } from '../faults/app-on-simulator.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { DATA, NOBODY, WORKER } from '../lookup/helpers.js';

const TODAY = '2026-11-24';

describe("the services with the store's tally", () => {
  it("queue the month's summary after checks, through the outbox on disk", async () => {
    const env = await startAppOnSimulator({ data: DATA, seed: 5, today: TODAY });
    try {
      for (const person of [WORKER, NOBODY]) {
        const query = queryFromIdCheck(validateIdNumber(person.idNumber, TODAY), { name: person.name });
        await env.app.pipeline.verify(query, { requester: { channel: 'cli' }, today: TODAY });
      }
    } finally {
      await env.app.close();
    }
    const outbox = new Outbox(await openTestStoreDb(env.dataDir));
    expect(await outbox.summariesWaiting()).toMatchObject([{ month: '2026-11', people: 2, problems: 1 }]);
    await env.close();
  }, 120_000);
});

/**
 * A batch flushes the pipeline after every row, and each flush waits for the leads of the findings recorded so
 * far to be queued in the outbox — in a large roster of cached people, thousands of them wait for hundreds of
 * rows. The handlers attached to those waiting writes must grow with the rows, not with rows × writes waiting
 * (that had made a 10,000-row cached roster run out of memory). Counted, not timed: every `then` on what a
 * finding's record leads to, with the real store, lead outbox and batch, the outbox held until every row is
 * verified and its finding written, for two sizes.
 */
import { describe, expect, it, vi } from 'vitest';
import { openLeadOutbox } from '../../src/app/lead-outbox.js';
import { loadConfig } from '../../src/config/load.js';
import { PERSON_TYPES_IN_ORDER } from '../../src/domain/certificate.js';
import { openStore } from '../../src/store/store.js';
import { runBatch } from '../../src/verify/batch.js';
import type { LeadSink } from '../../src/verify/lead-from-finding.js';
import { createPipeline } from '../../src/verify/pipeline.js';
import { defaultRules, makeId } from '../domain/ids.js';
import { tempDir } from '../store/temp-dir.js';
import { roster, TODAY } from './batch-helpers.js';

/** A promise counting the handlers attached to it and to the promises derived from it. */
class Watched<T> extends Promise<T> {
  static thens = 0;
  // biome-ignore lint/suspicious/noThenProperty: counting `then` is the point
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    Watched.thens++;
    return super.then(onFulfilled, onRejected);
  }
}

/**
 * Handlers attached to what the findings' records lead to, per row, in a batch of `rows` people presenting a
 * certificate the cache holds no answer of (not found: a lead each).
 */
async function thensPerRow(rows: number): Promise<number> {
  const dir = await tempDir();
  const store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const config = loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: dir, source: 'test' }] });
  const leads = await openLeadOutbox(config, store);
  try {
    const people = Array.from({ length: rows }, (_, i): [string, string] => [
      '王五',
      makeId('110105', '19800101', String(i).padStart(3, '0')),
    ]);
    for (const [name, idNumber] of people) {
      for (const personType of PERSON_TYPES_IN_ORDER) {
        await store.cache.put({ personType, idNumber, name }, { current: [], history: [] }, new Date());
      }
    }
    const record = store.findings.record.bind(store.findings);
    vi.spyOn(store.findings, 'record').mockImplementation((...args) => Watched.resolve(record(...args)));
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const sink: LeadSink = {
      ...leads.sink,
      add: async (lead, origin) => {
        await opened;
        return leads.sink.add(lead, origin);
      },
    };
    /** Once every row's finding and check are on disk and every flush is waiting for the outbox: open it. */
    const openWhenWritten = async () => {
      await store.findings.flush();
      await store.checks.flush();
      await new Promise((resolve) => setImmediate(resolve));
      open();
    };
    const national = {
      lookup: () => Promise.reject(new Error('every answer is in the cache')),
    };
    const pipeline = createPipeline({ store, national, rules: defaultRules(), leads: sink });
    Watched.thens = 0;
    // Each row gives the number of the certificate it claims: one not found is a lead (a fake certificate).
    const claimed = roster(people);
    for (const row of claimed.sheets.flatMap((sheet) => sheet.rows)) {
      row.query = { ...row.query, certNumber: `T${row.query.idNumber}`, claim: 'number' };
    }
    const result = await runBatch(claimed, {
      pipeline,
      requester: { channel: 'batch' },
      today: TODAY,
      onTick: (done, total) => done === total && void openWhenWritten(),
    });
    expect(result.results.map((r) => r.verdict.status)).toEqual(people.map(() => 'not_found'));
    expect(await store.findings.list()).toHaveLength(rows);
    expect(await leads.outbox.list()).toHaveLength(rows);
    return Watched.thens / rows;
  } finally {
    await leads.close();
    await store.close();
  }
}

describe('a batch waiting for its findings to be written', () => {
  it('attaches as many handlers per row to 200 rows as to 50', async () => {
    const few = await thensPerRow(50);
    const many = await thensPerRow(200);
    expect(few).toBeGreaterThan(0);
    // Each flush waiting on every write still waiting had made it 204 per row against 54.
    expect(many).toBeLessThanOrEqual(few * 1.1);
  });
});

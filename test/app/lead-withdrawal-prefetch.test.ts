/**
 * The withdrawals of a roster's found rows, learnt a stretch of rows at a time (lead-outbox.ts `prefetch`): an ID
 * number read without a lead costs `found` no query of its own; one read with a lead, and one given a lead by
 * this instance after the read, are withdrawn all the same.
 */
import { describe, expect, it } from 'vitest';
import { openLeadOutbox } from '../../src/app/lead-outbox.js';
import { loadConfig } from '../../src/config/load.js';
import { openStore } from '../../src/store/store.js';
import { makeId } from '../domain/ids.js';
import { outboxLead } from '../store/outbox-lead.js';
import { tempDir } from '../store/temp-dir.js';

const HELD = makeId('110105', '19850312', '013');
const LATER = makeId('110105', '19860412', '015');
const NONE = makeId('110105', '19870512', '017');
const AT = new Date('2026-05-11T02:00:00Z');

describe('lead withdrawals of a prefetched stretch', () => {
  it('asks nothing for an ID read without a lead, and withdraws the leads read and added after the read', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
    const config = loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: dir, source: 'test' }] });
    const leads = await openLeadOutbox(config, store);
    await leads.sink.add({ ...outboxLead('lead-held'), idNumber: HELD });
    const query = store.db.query.bind(store.db);
    let reads = 0;
    store.db.query = (text, params) => {
      if (text.includes('from outbox_leads')) reads++;
      return query(text, params);
    };
    await leads.sink.prefetch?.([HELD, LATER, NONE]);
    expect(reads).toBe(1);
    expect(await leads.sink.found({ idNumber: NONE }, '已查到证书', AT)).toBe(0);
    expect(reads).toBe(1);
    expect(await leads.sink.found({ idNumber: HELD }, '已查到证书', AT)).toBe(1);
    await leads.sink.add({ ...outboxLead('lead-later'), idNumber: LATER });
    expect(await leads.sink.found({ idNumber: LATER }, '已查到证书', AT)).toBe(1);
    expect(await leads.outbox.stateOf('lead-held')).toBe('withdrawn');
    expect(await leads.outbox.stateOf('lead-later')).toBe('withdrawn');
    store.db.query = query;
    await leads.close();
    await store.close();
  });
});

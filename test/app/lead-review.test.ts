/**
 * The re-check of held leads on the real pipeline, store and outbox (its database) against the simulator: a lead
 * is not asked again before its day; on its day the platform is asked again over the cache's fresh empty answer
 * and nothing new is recorded; a failure keeps it pending (never released); still not found releases it; found
 * withdraws it and owes the asker a notice, delivered once the asker's door can send; and a later verification
 * that finds the person withdraws a lead already sent.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openLeadOutbox } from '../../src/app/lead-outbox.js';
import { deliverLeadNotices, reviewDueLeads } from '../../src/app/lead-review.js';
import type { ChatReply } from '../../src/chat/types.js';
import { loadConfig } from '../../src/config/load.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { Requester } from '../../src/domain/query.js';
import { type RunningSimulator, type SimulatorData, startSimulator } from '../../src/simulator/server.js';
import type { Outbox } from '../../src/store/outbox.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createPipeline, type Pipeline } from '../../src/verify/pipeline.js';
import { defaultRules, makeId } from '../domain/ids.js';
import { DATA, seamClient, testSettings } from '../lookup/helpers.js';
import { tempDir } from '../store/temp-dir.js';

const DAY0 = '2026-11-24';
const asker: Requester = {
  channel: 'chat',
  userId: 'wxid_li',
  userName: '李工',
  door: 'wecom',
  roomId: 'wr1',
  room: '班组群',
};
const PERSON = { idNumber: makeId('440103', '19920202', '015'), name: '刘新' };

const data: SimulatorData = { certificates: [...DATA.certificates] };
let simulator: RunningSimulator;
let store: Store;
let outbox: Outbox;
let pipeline: Pipeline;
let closeLeads: () => Promise<void>;
let today: string;
let clock: number;
let newPipeline: () => Pipeline;

beforeAll(async () => {
  simulator = await startSimulator({ data, exposeCaptchaAnswer: true, seed: 11 });
});
afterAll(() => simulator.close());
beforeEach(async () => {
  data.certificates = [...DATA.certificates];
  simulator.setFaults({ failRate: 0 });
  today = DAY0;
  const dir = await tempDir();
  store = await openStore(dir, { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const config = loadConfig({ env: {}, overrides: [{ key: 'dataDir', value: dir, source: 'test' }] });
  const leads = await openLeadOutbox(config, store);
  outbox = leads.outbox;
  closeLeads = leads.close;
  clock = Date.parse('2026-11-24T02:00:00Z');
  newPipeline = () =>
    createPipeline({
      store,
      national: seamClient(testSettings(simulator.url)).client,
      rules: defaultRules(),
      leads: leads.sink,
      now: () => new Date(clock),
    });
  pipeline = newPipeline();
});
afterEach(async () => {
  await closeLeads();
  await store.close();
});

/** One person asked about in chat: the asker holds the card, so not found is a lead. */
const ask = (person = PERSON) =>
  pipeline.verify(
    { ...queryFromIdCheck(validateIdNumber(person.idNumber, today), { name: person.name }), claim: 'asked' },
    { requester: asker, today },
  );
const review = () => reviewDueLeads({ outbox, pipeline, today: () => today });
/** The platform now knows PERSON's certificate (issued days ago, shown only now). */
const issueCertificate = () =>
  data.certificates.push({ ...DATA.certificates[0], ...PERSON } as SimulatorData['certificates'][number]);
const leadState = async () => (await outbox.list()).map((e) => e.state);

describe('the re-check of a held lead', () => {
  it('waits for its day, asks the platform again over a fresh empty answer, and records nothing new', async () => {
    expect((await ask()).status).toBe('not_found');
    expect(await outbox.list()).toEqual([expect.objectContaining({ state: 'pending', dueOn: '2026-11-27' })]);
    today = '2026-11-26';
    expect(await review()).toEqual({ withdrawn: [], released: [], kept: [] });

    today = '2026-11-27';
    const asked = simulator.stats().queries;
    const findings = await store.findings.size();
    const round = await review();
    expect(round.released).toHaveLength(1);
    expect(simulator.stats().queries).toBeGreaterThan(asked);
    expect(await store.findings.size()).toBe(findings);
    expect(await leadState()).toEqual(['waiting']);
  });

  it('keeps a lead pending when the platform cannot answer, and decides once it can', async () => {
    await ask();
    today = '2026-11-28';
    simulator.setFaults({ failRate: 1 });
    const failed = await review();
    expect(failed.kept).toHaveLength(1);
    expect(await leadState()).toEqual(['pending']);
    simulator.setFaults({ failRate: 0 });
    issueCertificate();
    // The next round, once the client no longer holds off the failing platform (a new process, say).
    pipeline = newPipeline();
    expect((await review()).withdrawn).toHaveLength(1);
    expect(await leadState()).toEqual(['withdrawn']);
  }, 20_000);

  it('found: withdrawn, never sent, and the asker told in the chat it came from once the door can send', async () => {
    await ask();
    issueCertificate();
    today = '2026-11-27';
    await review();
    expect(await outbox.get((await outbox.list())[0]?.lead.id ?? '')).toMatchObject({
      state: 'withdrawn',
      sent: false,
      withdrawal: { owed: false, notice: { delivered: false } },
    });
    const sent: ChatReply[] = [];
    const deliver = (reachable: boolean) =>
      deliverLeadNotices(
        outbox,
        (r) => sent.push(r),
        () => reachable,
      );
    expect(await deliver(false)).toBe(0);
    expect(await deliver(true)).toBe(1);
    expect(sent).toEqual([
      {
        to: { door: 'wecom', userId: 'wxid_li', userName: '李工', roomId: 'wr1', roomTopic: '班组群' },
        content: { kind: 'text', text: expect.stringContaining('已查到，先前未查到可能是新证尚未上网') },
      },
    ]);
    // In a group the new answer masks the ID.
    expect(sent[0]?.content.kind === 'text' && sent[0].content.text).not.toContain(PERSON.idNumber);
    expect(await deliver(true)).toBe(0);
  });

  it('a later verification that finds him withdraws a lead already sent, owed to the bureau', async () => {
    await ask();
    today = '2026-11-27';
    await review();
    const [entry] = await outbox.list();
    await outbox.ack(entry?.lead.id ?? '');
    issueCertificate();
    today = '2026-11-30';
    clock += 6 * 86_400_000;
    expect((await ask()).status).toBe('valid');
    expect((await outbox.withdrawalsOwed()).map((e) => e.lead.id)).toEqual([entry?.lead.id]);
  });
});

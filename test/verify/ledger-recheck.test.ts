import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRecheck } from '../../src/verify/ledger-recheck.js';
import { changesText } from '../../src/verify/ledger-words.js';
import { cert, type LedgerWorld, LI, openLedgerWorld, person, WANG, ZHANG } from './ledger-helpers.js';

const SETTINGS = { recheckDays: 30, platformShare: 1, maxLookupsPerDay: 1000, minIntervalMs: 0 };
const DAY1 = '2026-02-01';
const DAY2 = '2026-11-24';

let world: LedgerWorld;
beforeEach(async () => {
  world = await openLedgerWorld();
  world.platform.answers.set(ZHANG, [cert(ZHANG, '张伟', '2026-12-01')]);
  world.platform.answers.set(WANG, [cert(WANG, '王芳', '2029-06-20')]);
  world.platform.answers.set(LI, [cert(LI, '李强', '2029-12-18', { reviewDue: '2026-05-20' })]);
  await world.ledger.change('甲公司', (book) => {
    book.people.push(person(ZHANG, '张伟'), person(WANG, '王芳'), person(LI, '李强'));
  });
});
afterEach(() => world.close());

const recheck = (today: string) =>
  runRecheck({
    ledger: world.ledger,
    pipeline: world.pipeline,
    settings: SETTINGS,
    cached: () => false,
    today,
  });

const latestOf = (id: string) => world.ledger.book('甲公司')?.people.find((p) => p.idNumber === id)?.latest;

describe('the background re-check', () => {
  it('asks at the lowest priority and records the first verdicts with their date and source', async () => {
    const outcome = await recheck(DAY1);
    expect(outcome.checked).toBe(3);
    expect(world.platform.requests.every((r) => r.priority === 'background')).toBe(true);
    expect(latestOf(ZHANG)).toMatchObject({ status: 'valid', judgedOn: DAY1, source: 'national' });
    expect(outcome.changes).toEqual({});
  });

  it('records the changes and sums them up: renewed, overdue, no longer found', async () => {
    await recheck(DAY1);
    world.platform.answers.set(ZHANG, [cert(ZHANG, '张伟', '2032-12-01')]);
    world.platform.answers.delete(WANG);
    const outcome = await recheck(DAY2);
    expect(outcome.changes.甲公司).toEqual({ renewed: 1, overdue: 1, not_found: 1 });
    expect(changesText(outcome.changes.甲公司 ?? {})).toBe(
      '3 人状态变化：1 人已换证，1 人逾期，1 人查不到证书',
    );
    const wang = world.ledger.book('甲公司')?.people.find((p) => p.idNumber === WANG);
    expect(wang?.history).toEqual([
      { on: DAY1, to: 'valid', source: 'national', validUntil: '2029-06-20' },
      { on: DAY2, from: 'valid', to: 'not_found', source: 'national' },
    ]);
    expect(world.ledger.book('甲公司')?.untoldChanges).toEqual({ renewed: 1, overdue: 1, not_found: 1 });
  });

  it('turns a person no longer found into a finding at once, with the answer before beside it', async () => {
    await recheck(DAY1);
    world.platform.answers.delete(WANG);
    await recheck(DAY2);
    const [finding] = world.store.findings.list({ statuses: ['not_found'] });
    expect(finding).toMatchObject({ idNumber: WANG, enterprise: '甲公司', day: DAY2 });
    expect(finding?.evidence.before).toMatchObject({ status: 'valid', judgedOn: DAY1 });
    expect(finding?.evidence.before?.certificates[0]?.validUntil).toBe('2029-06-20');
  });

  it('keeps the last verdict with its date during an outage, and never says not found', async () => {
    await recheck(DAY1);
    world.platform.down = true;
    const outcome = await recheck(DAY2);
    expect(outcome).toMatchObject({ checked: 0, failed: 3 });
    expect(latestOf(WANG)).toMatchObject({ status: 'valid', judgedOn: DAY1 });
    const people = world.ledger.book('甲公司')?.people ?? [];
    expect(people.every((p) => p.lastFailedOn === DAY2 && p.history.length === 1)).toBe(true);
    expect(world.store.findings.list({ statuses: ['not_found'] })).toEqual([]);
  });

  it('lets the enterprise whose ledger lists a person see the name it gave, as an imported ledger does', async () => {
    expect(await world.pipeline.knownName(WANG)).toEqual({ name: '王芳', heldBy: ['甲公司'] });
  });

  it('survives a restart: the verdicts are on disk', async () => {
    await recheck(DAY1);
    await world.restart();
    expect(latestOf(LI)).toMatchObject({ status: 'valid', judgedOn: DAY1 });
  });
});

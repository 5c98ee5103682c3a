import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerService } from '../../src/app/ledger.js';
import type { ChatReply } from '../../src/chat/types.js';
import { loadConfig } from '../../src/config/load.js';
import { roundDue } from '../../src/verify/ledger-scheduler.js';
import { cert, type LedgerWorld, openLedgerWorld, person, WANG, ZHANG } from './ledger-helpers.js';

/** An instant at China time `YYYY-MM-DD HH:mm`. */
const at = (chinaTime: string) => new Date(`${chinaTime.replace(' ', 'T')}:00+08:00`);

let clock: Date;
let world: LedgerWorld;
let sent: ChatReply[];
const CHAT = { door: 'console' as const, userId: '安全科王工' };

const service = () => {
  const config = loadConfig({ env: {} });
  config.lookup.minIntervalMs = 0;
  return createLedgerService({
    config,
    store: world.store,
    ledger: world.ledger,
    pipeline: world.pipeline,
    today: () => '',
    now: () => clock,
    send: (reply) => sent.push(reply),
    reachable: () => true,
  });
};
const texts = () => sent.map((r) => (r.content.kind === 'text' ? r.content.text : ''));

beforeEach(async () => {
  clock = at('2026-11-24 00:30');
  sent = [];
  world = await openLedgerWorld(() => clock);
  world.platform.answers.set(ZHANG, [cert(ZHANG, '张伟', '2027-01-10')]);
  world.platform.answers.set(WANG, [cert(WANG, '王芳', '2027-01-25')]);
  await world.ledger.change('甲公司', (book) => {
    book.people.push(person(ZHANG, '张伟'), person(WANG, '王芳'));
    book.chat = CHAT;
  });
});
afterEach(() => world.close());

describe('the daily rounds of the ledgers', () => {
  it('re-checks from its hour, pushes the digest from 09:00, once, and again only what is new', async () => {
    let scheduler = service().scheduler();
    await scheduler.tick();
    expect(world.platform.requests).toHaveLength(0);

    clock = at('2026-11-24 01:05');
    await scheduler.tick();
    expect(world.platform.requests).toHaveLength(2);
    expect(sent).toHaveLength(0);

    clock = at('2026-11-24 09:00');
    await scheduler.tick();
    clock = at('2026-11-24 09:01');
    await scheduler.tick();
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain('张伟 110105********0135');
    expect(texts()[0]).not.toContain('王芳');
    expect(sent[0]?.to).toEqual(CHAT);

    // A restart the same day runs nothing again.
    await world.restart();
    scheduler = service().scheduler();
    clock = at('2026-11-24 10:00');
    await scheduler.tick();
    expect(world.platform.requests).toHaveLength(2);
    expect(texts()).toHaveLength(1);

    // The clock jumps five days ahead: the missed days are caught up once, at once, with only the new event.
    clock = at('2026-11-29 08:00');
    await scheduler.tick();
    await scheduler.tick();
    clock = at('2026-11-29 09:30');
    await scheduler.tick();
    // One person a day is the share of two over 30 days; nobody is 30 days old yet.
    expect(world.platform.requests).toHaveLength(2 + 1);
    expect(texts()).toHaveLength(2);
    expect(texts()[1]).toContain('王芳 310115********0247');
    expect(texts()[1]).not.toContain('张伟');

    // And set back: nothing runs twice.
    clock = at('2026-11-26 12:00');
    await scheduler.tick();
    expect(texts()).toHaveLength(2);
    expect(world.platform.requests).toHaveLength(3);
  });

  it('is quiet on a day with nothing new', async () => {
    await world.ledger.change('甲公司', (book) => {
      book.people = [
        person(ZHANG, '张伟', {
          latest: { status: 'valid', judgedOn: '2026-11-23', certificate: cert(ZHANG, '张伟', '2031-01-01') },
        }),
      ];
    });
    clock = at('2026-11-24 09:10');
    world.platform.answers.set(ZHANG, [cert(ZHANG, '张伟', '2031-01-01')]);
    await service().scheduler().tick();
    expect(sent).toHaveLength(0);
    expect(world.ledger.book('甲公司')?.lastDigestOn).toBe('2026-11-24');
  });

  it('sends nothing while the admin has the reminders off', async () => {
    await world.ledger.change('甲公司', (book) => {
      book.remindersOff = true;
    });
    clock = at('2026-11-24 09:10');
    await service().scheduler().tick();
    expect(world.platform.requests).toHaveLength(2);
    expect(sent).toHaveLength(0);
  });

  it('waits for its hour on a first day, and catches up at once after a whole day missed', () => {
    expect(roundDue(undefined, '2026-11-24', 8, 9)).toBe(false);
    expect(roundDue(undefined, '2026-11-24', 9, 9)).toBe(true);
    expect(roundDue('2026-11-23', '2026-11-24', 8, 9)).toBe(false);
    expect(roundDue('2026-11-22', '2026-11-24', 8, 9)).toBe(true);
    expect(roundDue('2026-11-25', '2026-11-24', 23, 9)).toBe(false);
  });
});

/**
 * The pending chat answers of several bot instances on one database (table `pending_answers`): run at the same
 * moment, the instances look each waiting query up once and answer it once in all; an instance claims only what
 * its doors can send; an instance that dies holding an item leaves it to another once its lease has run out, and
 * its late answer then sends nothing; one whose door closes during the lookup, or whose lookup fails, gives the
 * item back at once; an item past the maximum age is given up with one message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PendingAnswers } from '../../../src/chat/core/pending-answers.js';
import type { ChatAddress, ChatReply } from '../../../src/chat/types.js';
import { queryFromIdCheck, validateIdNumber } from '../../../src/domain/id-number.js';
import type { ParsedQuery } from '../../../src/domain/query.js';
import type { Verdict } from '../../../src/domain/verdict.js';
import type { SqlDb } from '../../../src/sql/db.js';
import { openPgDb } from '../../../src/sql/pg-db.js';
import type { VerifyContext } from '../../../src/verify/pipeline.js';
import { makeId } from '../../domain/ids.js';
import { DATABASES } from '../../helpers/databases.js';
import { suiteStoreDb } from '../../helpers/store-schema.js';
import { FakePipeline, TODAY } from '../helpers.js';

const MAX_AGE_MS = 24 * 3_600_000;
const QUEUED_AT = Date.parse('2026-01-10T02:00:00Z');

const idOf = (n: number) => makeId('110105', '19850312', String(n).padStart(3, '0'));
const queryOf = (n: number): ParsedQuery =>
  queryFromIdCheck(validateIdNumber(idOf(n), TODAY), { name: `人员${n}` });
const chatOf = (n: number, door: ChatAddress['door']): ChatAddress => ({ door, userId: `user-${n}` });

/** A pipeline whose lookups wait until `release` (an instance stuck in a lookup when it is killed). */
class StuckPipeline extends FakePipeline {
  private readonly held: Array<() => void> = [];
  private entered: () => void = () => {};
  /** Resolves when the first lookup has begun. */
  readonly inLookup = new Promise<void>((resolve) => {
    this.entered = resolve;
  });

  override async verify(query: ParsedQuery, ctx: VerifyContext): Promise<Verdict> {
    this.entered();
    await new Promise<void>((resolve) => this.held.push(resolve));
    return super.verify(query, ctx);
  }

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

/** One bot instance's pending answers: its own connection, lookups, clock and doors; what it sent. */
interface Instance {
  pending: PendingAnswers;
  pipeline: FakePipeline;
  sent: ChatReply[];
  clock: { ms: number };
}

describe.each(DATABASES)('pending answers of several instances on one %s database', (_label, kind) => {
  const suite = suiteStoreDb(kind, 'delete from pending_answers');
  /** One connection (pool) per instance on PostgreSQL, as separate processes would have; PGlite has one. */
  const connections: SqlDb[] = [];
  const db = () => suite.db();

  beforeAll(async () => {
    const url = suite.url();
    for (let i = 0; i < 3; i++) connections.push(url ? await openPgDb(url) : db());
  });
  afterAll(async () => {
    for (const c of connections.splice(0)) if (c !== db()) await c.close();
  });

  function instance(
    n: number,
    options: { holder: string; doors: Array<ChatAddress['door']>; pipeline?: FakePipeline },
  ): Instance {
    const pipeline = options.pipeline ?? new FakePipeline();
    const sent: ChatReply[] = [];
    const clock = { ms: QUEUED_AT };
    const pending = new PendingAnswers({
      db: connections[n] ?? db(),
      services: { pipeline, now: () => new Date(clock.ms), today: () => TODAY },
      send: (reply) => sent.push(reply),
      onAnswered: async () => {},
      maxAgeMs: MAX_AGE_MS,
      reachable: (to) => options.doors.includes(to.door),
      holder: options.holder,
    });
    return { pending, pipeline, sent, clock };
  }

  /** Queue query `n` of chat `n` through `via`, as its door's reply promised. */
  const queue = (via: Instance, n: number, door: ChatAddress['door']) =>
    via.pending.add({
      query: queryOf(n),
      requester: { channel: 'chat', userId: `user-${n}`, door },
      to: chatOf(n, door),
      maskIds: false,
      scopeKey: `user:user-${n}`,
    });

  const waitingIds = async () =>
    (
      await db().query<{ id: string }>(`select query->>'idNumber' as id from pending_answers order by seq`)
    ).map((r) => r.id);
  const lookedUp = (i: Instance) => i.pipeline.calls.map((c) => c.query.idNumber);
  const textsOf = (i: Instance) => i.sent.map((r) => (r.content.kind === 'text' ? r.content.text : ''));
  /** How many replies in `all` mention person `n`'s full ID. */
  const repliesAbout = (all: Instance[], n: number) =>
    all.flatMap(textsOf).filter((text) => text.includes(idOf(n))).length;

  it('run at the same moment, they look each query up once and answer it once; a WeCom item goes to the holder of the connection', async () => {
    const a = instance(0, { holder: 'A', doors: ['console', 'mp'] });
    const b = instance(1, { holder: 'B', doors: ['console', 'mp', 'wecom'] });
    const c = instance(2, { holder: 'C', doors: ['console', 'mp'] });
    for (let n = 1; n <= 12; n++) await queue(a, n, 'console');
    for (let n = 13; n <= 15; n++) await queue(c, n, 'wecom');
    // The same person asking again through the same chat keeps one entry.
    await queue(b, 1, 'console');
    expect(await waitingIds()).toEqual(Array.from({ length: 15 }, (_, i) => idOf(i + 1)));

    const answered = await Promise.all([a, b, c].map((i) => i.pending.retry()));

    expect(answered.reduce((sum, n) => sum + n, 0)).toBe(15);
    const all = [a, b, c];
    expect(all.flatMap(lookedUp).sort()).toEqual(Array.from({ length: 15 }, (_, i) => idOf(i + 1)).sort());
    for (let n = 1; n <= 15; n++) expect(repliesAbout(all, n), `person ${n}`).toBe(1);
    for (const text of all.flatMap(textsOf)) expect(text).toContain('之前暂时无法核验的证件已有结果');
    // Only B holds the WeCom connection: nobody else looked its people up or wrote to them.
    const wecomIds = [13, 14, 15].map(idOf);
    expect([...lookedUp(a), ...lookedUp(c)].filter((id) => wecomIds.includes(id))).toEqual([]);
    expect(b.sent.filter((r) => r.to.door === 'wecom').map((r) => r.to.userId)).toEqual([
      'user-13',
      'user-14',
      'user-15',
    ]);
    expect(await waitingIds()).toEqual([]);
  });

  it('an item whose door no instance can send through stays, untouched, for one that can', async () => {
    const a = instance(0, { holder: 'A', doors: ['console'] });
    const b = instance(1, { holder: 'B', doors: ['console'] });
    await queue(a, 20, 'wecom');
    expect(await Promise.all([a, b].map((i) => i.pending.retry()))).toEqual([0, 0]);
    expect([...lookedUp(a), ...lookedUp(b)]).toEqual([]);
    const [row] = await db().query<{ lease_holder: string | null; attempts: number }>(
      'select lease_holder, attempts from pending_answers',
    );
    expect(row).toEqual({ lease_holder: null, attempts: 0 });

    const holder = instance(2, { holder: 'C', doors: ['wecom'] });
    expect(await holder.pending.retry()).toBe(1);
    expect(repliesAbout([a, b, holder], 20)).toBe(1);
    expect(await waitingIds()).toEqual([]);
  });

  it('takes over the item of an instance killed in its lookup once the lease has run out; the late answer sends nothing', async () => {
    const stuck = new StuckPipeline();
    const dead = instance(0, { holder: 'dead', doors: ['console'], pipeline: stuck });
    const b = instance(1, { holder: 'B', doors: ['console'] });
    await queue(dead, 30, 'console');
    const deadRound = dead.pending.retry();
    // The dead instance has claimed the item and is in its lookup when it is killed.
    await stuck.inLookup;
    expect(await db().query('select 1 from pending_answers where lease_holder = $1', ['dead'])).toHaveLength(
      1,
    );
    expect(await b.pending.retry()).toBe(0);
    expect(lookedUp(b)).toEqual([]);

    // Its lease runs out (moved into the past rather than waited for).
    await db().query(
      `update pending_answers set lease_until = now() - interval '1 second' where lease_holder = 'dead'`,
    );
    expect(await b.pending.retry()).toBe(1);
    expect(lookedUp(b)).toEqual([idOf(30)]);
    expect(await waitingIds()).toEqual([]);

    // Had it only hung, its lookup ends later: the item is answered already, nothing more is sent.
    stuck.release();
    expect(await deadRound).toBe(0);
    expect(dead.sent).toEqual([]);
    expect(repliesAbout([dead, b], 30)).toBe(1);
  });

  it('gives back the item it holds when its door closes during the lookup (stopping, the WeCom connection lost) or the lookup fails', async () => {
    const stuck = new StuckPipeline();
    const doors: Array<ChatAddress['door']> = ['wecom'];
    const a = instance(0, { holder: 'A', doors, pipeline: stuck });
    const b = instance(1, { holder: 'B', doors: ['wecom'] });
    const leases = () =>
      db().query<{ lease_holder: string | null; attempts: number }>(
        'select lease_holder, attempts from pending_answers',
      );
    await queue(a, 60, 'wecom');
    const round = a.pending.retry();
    await stuck.inLookup;
    doors.splice(0);
    stuck.release();
    expect(await round).toBe(0);
    expect(a.sent).toEqual([]);
    expect(await leases()).toEqual([{ lease_holder: null, attempts: 0 }]);
    expect(await b.pending.retry()).toBe(1);
    expect(repliesAbout([a, b], 60)).toBe(1);

    await queue(b, 61, 'wecom');
    b.pipeline.failNext = new Error('查询失败');
    await expect(b.pending.retry()).rejects.toThrow('查询失败');
    expect(await leases()).toEqual([{ lease_holder: null, attempts: 0 }]);
    expect(await b.pending.retry()).toBe(1);
    expect(repliesAbout([a, b], 61)).toBe(1);
  });

  it('gives an item past the maximum age up with one message among all instances, and drops one nobody could tell', async () => {
    const a = instance(0, { holder: 'A', doors: ['console'] });
    const b = instance(1, { holder: 'B', doors: ['console'] });
    for (let n = 40; n <= 45; n++) await queue(a, n, 'console');
    await queue(a, 46, 'wecom');
    for (const i of [a, b]) i.clock.ms = QUEUED_AT + MAX_AGE_MS + 60_000;

    expect(await Promise.all([a, b].map((i) => i.pending.retry()))).toEqual([0, 0]);
    expect([...lookedUp(a), ...lookedUp(b)]).toEqual([]);
    for (let n = 40; n <= 45; n++) expect(repliesAbout([a, b], n), `person ${n}`).toBe(1);
    for (const text of [a, b].flatMap(textsOf)) expect(text).toContain('已停止自动重试');
    // The WeCom item: no instance here can tell its asker; it waits for one that can, then leaves unsaid.
    expect(await waitingIds()).toEqual([idOf(46)]);
    a.clock.ms = QUEUED_AT + 2 * MAX_AGE_MS + 60_000;
    expect(await a.pending.retry()).toBe(0);
    expect(await waitingIds()).toEqual([]);
    expect(repliesAbout([a, b], 46)).toBe(0);
  });

  it('counts an attempt that is still unverifiable and gives the item back at once', async () => {
    const a = instance(0, { holder: 'A', doors: ['console'] });
    const b = instance(1, { holder: 'B', doors: ['console'] });
    await queue(a, 50, 'console');
    a.pipeline.statusOf.set(idOf(50), 'unverifiable');
    expect(await a.pending.retry()).toBe(0);
    const [row] = await db().query<{ lease_holder: string | null; attempts: number }>(
      'select lease_holder, attempts from pending_answers',
    );
    expect(row).toEqual({ lease_holder: null, attempts: 1 });
    expect(await b.pending.retry()).toBe(1);
    expect(repliesAbout([a, b], 50)).toBe(1);
  });
});

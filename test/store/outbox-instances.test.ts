/**
 * Several bot instances on one database, each with its own outbox and sender, against a fake bureau that
 * counts what it is sent: every lead reaches it exactly once, every withdrawal notice goes to its asker once,
 * every due lead is re-checked by one instance; an instance that dies holding a lead leaves it to another once
 * its lease has run out, and its late answer then changes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BureauSender } from '../../src/app/bureau-sender.js';
import { deliverLeadNotices } from '../../src/app/lead-review.js';
import type { ChatReply } from '../../src/chat/types.js';
import type { LeadReport } from '../../src/domain/lead.js';
import type { SqlDb } from '../../src/sql/db.js';
import { applyMigrations } from '../../src/sql/migrate.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { Outbox } from '../../src/store/outbox.js';
import { STORE_MIGRATION_LOCK, STORE_MIGRATIONS } from '../../src/store/sql/migrations.js';
import { makeId } from '../domain/ids.js';
import { DATABASES, PGLITE_START_MS } from '../helpers/databases.js';

const lead = (n: number): LeadReport => ({
  id: `F${n}`,
  kind: 'fake_certificate',
  status: 'not_found',
  idNumber: makeId('110105', '19850312', String(n).padStart(3, '0')),
  evidence: { platformSaid: '没有查询到相关证件信息' },
  foundAt: '2026-05-10T02:00:00.000Z',
});

/** A bureau that acknowledges everything a little later and counts each post by path and lead. */
class FakeBureau {
  readonly posts = new Map<string, number>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const { id } = JSON.parse(body) as { id?: string };
        const key = `${req.url} ${id ?? ''}`;
        this.posts.set(key, (this.posts.get(key) ?? 0) + 1);
        setTimeout(() => res.writeHead(201).end('{}'), 2);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  /** How many times each lead was posted. */
  leadCounts(): Record<string, number> {
    return Object.fromEntries(
      [...this.posts].flatMap(([key, n]) =>
        key.startsWith('/api/v1/leads ') ? [[key.split(' ')[1], n]] : [],
      ),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe.each(DATABASES)('the outbox of several instances on one %s database', (_label, kind) => {
  let db: SqlDb;
  let drop: () => Promise<void>;
  /** One connection (pool) per instance on PostgreSQL, as separate processes would have; PGlite has one. */
  const connections: SqlDb[] = [];
  let bureau: FakeBureau;

  beforeAll(async () => {
    let url: string | undefined;
    ({ db, drop, url } = await kind.open());
    await applyMigrations(db, {
      list: STORE_MIGRATIONS,
      table: 'store_migrations',
      lockKey: STORE_MIGRATION_LOCK,
    });
    for (let i = 0; i < 3; i++) connections.push(url ? await openPgDb(url) : db);
    bureau = new FakeBureau();
    await bureau.start();
  }, PGLITE_START_MS);
  afterAll(async () => {
    await bureau.close();
    for (const c of connections) if (c !== db) await c.close();
    await drop();
  });

  const instances = (names: string[]) =>
    names.map((holder, i) => new Outbox(connections[i] ?? db, { holder }));
  const senderOf = (outbox: Outbox) =>
    new BureauSender({ url: bureau.url, token: 't', outbox, retries: 0, minDelayMs: 1, maxDelayMs: 1 });

  it('sends every lead exactly once, tells every asker once and re-checks every due lead once', async () => {
    const [a, b, c] = instances(['A', 'B', 'C']) as [Outbox, Outbox, Outbox];
    for (let n = 1; n <= 40; n++) await a.add(lead(n));
    const asker = { channel: 'chat' as const, userId: 'u1', door: 'console' };
    for (let n = 41; n <= 50; n++) {
      await a.hold(lead(n), '2026-05-13', { requester: asker });
      await a.withdraw(`F${n}`, '已查到', new Date('2026-05-13T00:00:00Z'), {
        requester: asker,
        text: `F${n} 已查到`,
      });
    }
    for (let n = 51; n <= 60; n++) await a.hold(lead(n), '2026-05-13', { requester: asker });

    const rounds = await Promise.all([a, b, c].map((o) => senderOf(o).sendWaiting()));
    expect(rounds.reduce((sum, r) => sum + r.sent, 0)).toBe(40);
    expect(bureau.leadCounts()).toEqual(
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`F${i + 1}`, 1])),
    );

    const told: string[] = [];
    const send = (m: ChatReply) => told.push(m.content.kind === 'text' ? m.content.text : '');
    const notices = await Promise.all([a, b, c].map((o) => deliverLeadNotices(o, send, () => true)));
    expect(notices.reduce((sum, n) => sum + n, 0)).toBe(10);
    expect(told.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `F${i + 41} 已查到`).sort());

    const claimedBy = await Promise.all(
      [a, b, c].map(async (o) => {
        const ids: string[] = [];
        for (let e = await o.claimDue('2026-05-13'); e; e = await o.claimDue('2026-05-13', ids))
          ids.push(e.lead.id);
        return ids;
      }),
    );
    expect(claimedBy.flat().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `F${i + 51}`).sort());
  });

  it("takes over the lead of an instance that died holding it once its lease runs out; the dead one's answer is ignored", async () => {
    const [dead, b] = instances(['dead', 'B']) as [Outbox, Outbox];
    await dead.add(lead(100));
    await dead.add(lead(101));
    expect(await dead.claimDelivery()).toEqual({ kind: 'lead', lead: lead(100) });
    // The holder dies here: it never posts the lead nor answers. Its lease still holds: B leaves the lead alone.
    expect(await senderOf(b).sendWaiting()).toEqual({ sent: 1, refused: 0, left: 1 });
    expect(bureau.leadCounts().F100).toBeUndefined();
    // Its lease runs out (moved into the past rather than waited for).
    await db.query(
      `update outbox_leads set lease_until = now() - interval '1 second' where lease_holder = 'dead'`,
    );
    expect(await b.claimDelivery()).toEqual({ kind: 'lead', lead: lead(100) });
    // The dead instance's late answer while B holds the lead changes nothing.
    await dead.refuse('F100', 400, '迟到的答复', new Date());
    expect(await b.stateOf('F100')).toBe('waiting');
    await b.unclaim({ kind: 'lead', lead: lead(100) });
    expect(await senderOf(b).sendWaiting()).toEqual({ sent: 1, refused: 0, left: 0 });
    expect(bureau.leadCounts()).toMatchObject({ F100: 1, F101: 1 });
    expect(await b.refused()).toEqual([]);
  });
});

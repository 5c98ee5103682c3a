/**
 * Several instances of the bot with the WeCom robot door on one database: only the holder of the robot's lease
 * connects; when it dies another takes over once the lease has run out, when it stops cleanly at once; WeCom's
 * side (the fake) never sees two live connections, and a message sent after a takeover is answered.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TransportHost } from '../../../../src/chat/transports/transport.js';
import { createWecomTransport, type WecomTransport } from '../../../../src/chat/transports/wecom/index.js';
import { replyAddress, textReply } from '../../../../src/chat/types.js';
import type { SqlDb } from '../../../../src/sql/db.js';
import { openPgDb } from '../../../../src/sql/pg-db.js';
import { startWecomBotServer, type WecomBotServer } from '../../../fakes/wecom-bot-server.js';
import { DATABASES, PGLITE_START_MS } from '../../../helpers/databases.js';
import { migrateStore } from '../../../helpers/store-schema.js';

const BOT = { botId: 'bot-lease', secret: 'secret-lease' };

/** One instance: its door, and a switch that cuts it off from the database as a dead process is. */
interface Instance {
  name: string;
  door: WecomTransport;
  start(): Promise<void>;
  cutOff(): void;
}

function instance(name: string, db: SqlDb, server: WecomBotServer): Instance {
  let dead = false;
  const reachable: SqlDb = {
    ...db,
    query: (text, params) => (dead ? Promise.reject(new Error(`${name} is dead`)) : db.query(text, params)),
  };
  const door = createWecomTransport(
    { ...BOT, wsUrl: server.url },
    { reconnectIntervalMs: 10, maxAuthFailureAttempts: 1, lease: { ttlMs: 1500, renewMs: 200 } },
  );
  const host: TransportHost = {
    database: async () => reachable,
    // Every message is answered on its own frame by the door that took it.
    async receive(input) {
      await door.deliver(textReply(replyAddress(input), `${name} 收到`));
      return [];
    },
  };
  return {
    name,
    door,
    start: () => door.start(host),
    cutOff: () => {
      dead = true;
    },
  };
}

/** The one instance connected to WeCom (waits for it). */
async function holderOf(instances: Instance[]): Promise<Instance> {
  await vi.waitFor(() => expect(instances.filter((i) => i.door.canSend())).toHaveLength(1), {
    timeout: 10_000,
    interval: 20,
  });
  return instances.find((i) => i.door.canSend()) as Instance;
}

/** Send a text through WeCom and return the answer's text. */
async function ask(server: WecomBotServer, text: string): Promise<string> {
  const reqId = server.text({ userid: 'zhangsan' }, text);
  const reply = await server.next('aibot_respond_msg');
  expect(reply.headers.req_id).toBe(reqId);
  return reply.body.stream.content as string;
}

describe.each(DATABASES)('the WeCom robot held by lease on %s', (_label, database) => {
  let server: WecomBotServer;
  let instances: Instance[];
  let close: () => Promise<void>;

  beforeEach(async () => {
    const opened = await database.open();
    await migrateStore(opened.db);
    // On PostgreSQL each instance has a pool of its own; PGlite takes one connection, shared here.
    const dbs = opened.url
      ? [opened.db, await openPgDb(opened.url), await openPgDb(opened.url)]
      : [opened.db, opened.db, opened.db];
    server = await startWecomBotServer(BOT);
    instances = dbs.map((db, i) => instance(`实例${i + 1}`, db, server));
    close = async () => {
      await Promise.all(instances.map((i) => i.door.stop().catch(() => {})));
      await server.close();
      if (opened.url) await Promise.all(dbs.slice(1).map((db) => db.close()));
      await opened.drop();
    };
  }, PGLITE_START_MS);
  afterEach(async () => {
    await close();
  });

  it('one connection at a time while instances start, die and take over', async () => {
    await Promise.all(instances.map((i) => i.start()));
    const first = await holderOf(instances);
    expect(await ask(server, '你好')).toBe(`${first.name} 收到`);

    // The holder dies: its connection goes, its lease stays until it runs out.
    first.cutOff();
    await first.door.stop();
    const living = instances.filter((i) => i !== first);
    const second = await holderOf(living);
    expect(await ask(server, '还在吗')).toBe(`${second.name} 收到`);

    // A clean stop hands over at once.
    await second.door.stop();
    const third = await holderOf(living.filter((i) => i !== second));
    expect(await ask(server, '最后一条')).toBe(`${third.name} 收到`);

    expect(server.maxLive).toBe(1);
  });
});

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
  await vi.waitFor(() => expect(instances.filter((i) => i.door.connected())).toHaveLength(1), {
    timeout: 10_000,
    interval: 20,
  });
  return instances.find((i) => i.door.connected()) as Instance;
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

  it('a reply of an instance that does not hold the robot goes out through the one that does', async () => {
    await Promise.all(instances.map((i) => i.start()));
    const holder = await holderOf(instances);
    const other = instances.find((i) => i !== holder) as Instance;
    expect(other.door.canSend()).toBe(true);
    const to = {
      door: 'wecom' as const,
      userId: 'zhangsan',
      via: { chattype: 'single', chatid: 'zhangsan', frame: 'gone' },
    };
    const roster = Buffer.from('名单的结果');
    await other.door.deliver(textReply(to, '重启前收到的名单已核验完'));
    await other.door.deliver({
      to,
      content: { kind: 'file', file: { name: '名单.核验结果.xlsx', bytes: roster } },
    });

    const text = await server.next('aibot_send_msg');
    expect(text.body).toMatchObject({ chatid: 'zhangsan', msgtype: 'markdown' });
    expect(text.body.markdown.content).toBe('重启前收到的名单已核验完');
    const file = await server.next('aibot_send_msg');
    expect(file.body).toMatchObject({ chatid: 'zhangsan', msgtype: 'file' });
    expect(server.mediaName(file.body.file.media_id)).toBe('名单.核验结果.xlsx');
    expect(server.media(file.body.file.media_id)).toEqual(roster);
    // Sent once: the relay is empty after the holder's round.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.calls.filter((c) => c.cmd === 'aibot_send_msg')).toHaveLength(2);
  });
});

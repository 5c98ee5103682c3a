/**
 * The chat host: replies routed by the door their address names (also answers queued on disk before a
 * restart), the first reply within a door's deadline handed back instead of queued, one queue per door with its
 * own limits. Fake timers where time matters: no waiting, no timing assertions.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { servicesHandlerFactory } from '../../src/app/compose.js';
import { createChatHandler } from '../../src/chat/core/handler.js';
import { ChatHost, type HandlerFactory } from '../../src/chat/host.js';
import {
  type ChatAddress,
  type ChatInput,
  type ChatReply,
  type ChatSend,
  replyAddress,
  textReply,
} from '../../src/chat/types.js';
import type { ChatDoor } from '../../src/config/chat-ids.js';
import { openStore } from '../../src/store/store.js';
import { JobStore } from '../../src/verify/batch-jobs.js';
import { xlsx } from '../roster/files.js';
import { FakeTransport } from './fake-transport.js';
import {
  appConfig,
  chatConfig,
  FakePipeline,
  ID_A,
  services,
  TODAY,
  tempDir,
  unaskedNational,
} from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  vi.useRealTimers();
  await cleanup();
});

let seq = 0;
function input(door: ChatDoor, text: string, userId = 'admin-1'): ChatInput {
  return {
    messageId: `m${++seq}`,
    door,
    content: { kind: 'text', text },
    sender: { id: userId, name: '李经理' },
    mentioned: false,
    timestamp: 0,
  };
}

/** A factory over a scripted handler; `send` is kept for replies outside any message. */
function scripted(handle: (input: ChatInput, send: ChatSend) => Promise<void>) {
  const box: { send?: ChatSend } = {};
  const factory: HandlerFactory = async (send) => {
    box.send = send;
    return {
      handler: { handle: (i) => handle(i, send), retryPending: async () => 0 },
      close: async () => {},
    };
  };
  return { factory, send: (reply: ChatReply) => box.send?.(reply) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('routing by door', () => {
  it('sends every reply through the door its address names; a door not running gets nothing', async () => {
    const echo = scripted(async (i, send) => send(textReply(replyAddress(i), `回声 ${i.door}`)));
    const wecom = new FakeTransport('wecom');
    const mp = new FakeTransport('mp');
    const host = new ChatHost({ handler: echo.factory, transports: [wecom, mp], retryEveryMs: 60_000 });
    await host.start();
    await wecom.host?.receive(input('wecom', '你好'));
    await mp.host?.receive(input('mp', '你好'));
    echo.send(textReply({ door: 'mp', userId: 'admin-1' }, '稍后的答复'));
    echo.send(textReply({ door: 'wechaty', userId: 'admin-1' }, '没有这个入口'));
    // Without a door, with two doors running, nobody can tell where it belongs.
    echo.send(textReply({ userId: 'admin-1' }, '没有入口'));
    await host.stop();
    expect(wecom.texts()).toEqual(['回声 wecom']);
    expect(mp.texts()).toEqual(['回声 mp', '稍后的答复']);
    expect(wecom.delivered[0]?.to).toMatchObject({ door: 'wecom', userId: 'admin-1' });
    expect(wecom.stopped && mp.stopped).toBe(true);
  });

  it('a reply without a door goes to the only door running (addresses saved before doors were named)', async () => {
    const echo = scripted(async () => {});
    const only = new FakeTransport('wechaty');
    const host = new ChatHost({ handler: echo.factory, transports: [only], retryEveryMs: 60_000 });
    await host.start();
    echo.send(textReply({ userId: 'wxid_1' }, '旧的答复'));
    await host.stop();
    expect(only.texts()).toEqual(['旧的答复']);
  });
});

describe('stopping', () => {
  it('sends what is queued and in hand through the doors before it stops them', async () => {
    /** Like a WeCom robot: once stopped, it can send nothing more. */
    class ClosingTransport extends FakeTransport {
      override async deliver(reply: ChatReply): Promise<void> {
        if (this.stopped) throw new Error('door closed');
        return super.deliver(reply);
      }
    }
    const answer = scripted(async (i, send) => {
      send(textReply(replyAddress(i), '第一条'));
      await sleep(20);
      send(textReply(replyAddress(i), '第二条'));
    });
    const wecom = new ClosingTransport('wecom', { intervalMs: 10 });
    const host = new ChatHost({ handler: answer.factory, transports: [wecom], retryEveryMs: 60_000 });
    await host.start();
    const handled = wecom.host?.receive(input('wecom', '你好'));
    await host.stop();
    await handled;
    expect(wecom.texts()).toEqual(['第一条', '第二条']);
    expect(wecom.stopped).toBe(true);
  });
});

describe('first reply within the deadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  /** A handler answering after `firstAfterMs`, then once more 50 ms later; and a door waiting 100 ms. */
  async function slowAnswer(firstAfterMs: number) {
    const slow = scripted(async (i, send) => {
      await sleep(firstAfterMs);
      send(textReply(replyAddress(i), '第一条'));
      await sleep(50);
      send(textReply(replyAddress(i), '第二条'));
    });
    const mp = new FakeTransport('mp');
    const host = new ChatHost({ handler: slow.factory, transports: [mp], retryEveryMs: 60_000 });
    await host.start();
    let taken: ChatReply[] | undefined;
    void mp.host?.receive(input('mp', '查询'), { firstReplyWithinMs: 100 }).then((r) => {
      taken = r;
    });
    return { mp, host, taken: () => taken };
  }

  it('a first reply at deadline−1 is handed back and not queued; the next goes through the queue', async () => {
    const { mp, host, taken } = await slowAnswer(99);
    await vi.advanceTimersByTimeAsync(99);
    expect(taken()?.map((r) => r.content)).toEqual([{ kind: 'text', text: '第一条' }]);
    await vi.advanceTimersByTimeAsync(100);
    await host.stop();
    expect(mp.texts()).toEqual(['第二条']);
  });

  it('a first reply at deadline+1 is queued and delivered; the door got nothing to answer with', async () => {
    const { mp, host, taken } = await slowAnswer(101);
    await vi.advanceTimersByTimeAsync(100);
    expect(taken()).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    await host.stop();
    expect(mp.texts()).toEqual(['第一条', '第二条']);
  });

  it('only a reply to the message’s own conversation is taken; a long one answers with its first part', async () => {
    const operator = scripted(async (i, send) => {
      send(textReply({ door: 'mp', userId: 'admin-9' }, '回复验证码'));
      send(textReply(replyAddress(i), 'aaaa\nbbbb'));
    });
    const mp = new FakeTransport('mp', { maxChars: 5 });
    const host = new ChatHost({ handler: operator.factory, transports: [mp], retryEveryMs: 60_000 });
    await host.start();
    const taken = await mp.host?.receive(input('mp', '查询'), { firstReplyWithinMs: 100 });
    await host.stop();
    expect(taken?.map((r) => r.content)).toEqual([{ kind: 'text', text: 'aaaa' }]);
    expect(mp.delivered.map((r) => [r.to.userId, r.content])).toEqual([
      ['admin-9', { kind: 'text', text: '回复验证码' }],
      ['admin-1', { kind: 'text', text: 'bbbb' }],
    ]);
  });

  it('without a deadline nothing is taken: every reply is queued', async () => {
    const { factory } = scripted(async (i, send) => send(textReply(replyAddress(i), '答复')));
    const mp = new FakeTransport('mp');
    const host = new ChatHost({ handler: factory, transports: [mp], retryEveryMs: 60_000 });
    await host.start();
    expect(await mp.host?.receive(input('mp', '查询'))).toEqual([]);
    await host.stop();
    expect(mp.texts()).toEqual(['答复']);
  });
});

describe('a queue per door', () => {
  it('splits and retries with each door’s own limits', async () => {
    const outside = scripted(async () => {});
    const short = new FakeTransport('wecom', { maxChars: 5, retries: 0 });
    const long = new FakeTransport('mp', { maxChars: 1800, retries: 2 });
    const host = new ChatHost({ handler: outside.factory, transports: [short, long], retryEveryMs: 60_000 });
    await host.start();
    for (const door of ['wecom', 'mp'] as const)
      outside.send(textReply({ door, userId: 'u1' }, 'aaaa\nbbbb'));
    await host.onIdle();
    expect(short.texts()).toEqual(['aaaa', 'bbbb']);
    expect(long.texts()).toEqual(['aaaa\nbbbb']);
    short.failing = true;
    long.failing = true;
    short.attempts = 0;
    long.attempts = 0;
    for (const door of ['wecom', 'mp'] as const) outside.send(textReply({ door, userId: 'u1' }, '失败'));
    await host.stop();
    expect([short.attempts, long.attempts]).toEqual([1, 3]);
  });
});

describe('after a restart', () => {
  it('a pending answer goes back through the door it came from, and waits on disk while that door is down or cannot send', async () => {
    const pipeline = new FakePipeline();
    const run = async (doors: FakeTransport[]) => {
      const svc = await services(dir, pipeline);
      const factory: HandlerFactory = async (send, reachable) => ({
        handler: await createChatHandler({ config: chatConfig(), services: svc, send, reachable }),
        close: () => svc.store.close(),
      });
      const host = new ChatHost({ handler: factory, transports: doors, retryEveryMs: 3_600_000 });
      await host.start();
      return host;
    };

    pipeline.statusOf.set(ID_A, 'unverifiable');
    const wecom = new FakeTransport('wecom');
    const first = await run([wecom, new FakeTransport('mp')]);
    await wecom.host?.receive(input('wecom', `张三 ${ID_A}`));
    await first.stop();
    expect(wecom.texts()[0]).toContain('❓ 暂时无法核验');

    pipeline.statusOf.set(ID_A, 'valid');
    const mpAlone = new FakeTransport('mp');
    await (await run([mpAlone])).stop();
    expect(mpAlone.delivered).toEqual([]);
    const loggedOut = new FakeTransport('wecom');
    loggedOut.sendable = false;
    await (await run([loggedOut])).stop();
    expect(loggedOut.attempts).toBe(0);

    const [wecomAgain, mpAgain] = [new FakeTransport('wecom'), new FakeTransport('mp')];
    await (await run([mpAgain, wecomAgain])).stop();
    expect(mpAgain.delivered).toEqual([]);
    expect(wecomAgain.texts()).toHaveLength(1);
    expect(wecomAgain.texts()[0]).toContain('之前暂时无法核验的证件已有结果');
    expect(wecomAgain.delivered[0]?.to).toMatchObject({ door: 'wecom', userId: 'admin-1' });
  });

  it('a resumed roster’s result goes back through the door it came from', async () => {
    const config = appConfig(dir);
    const to: ChatAddress = { door: 'wecom', userId: 'zhangsan', via: { chattype: 'single' } };
    const store = await openStore(dir, { cache: config.cache });
    const jobs = await JobStore.open(store);
    const job = await jobs.create({
      file: {
        name: '名单.xlsx',
        bytes: await xlsx([
          {
            name: '名单',
            rows: [
              ['姓名', '身份证号'],
              ['张三', '123'],
            ],
          },
        ]),
      },
      requester: { channel: 'chat', userId: 'zhangsan' },
      today: TODAY,
      target: { kind: 'chat', conversationId: 'zhangsan', userId: 'zhangsan', address: to },
      fullIds: false,
    });
    // The bot stopped cleanly: the job is given back for the next start to claim.
    await jobs.release(job.id);
    await store.close();

    // Only an invalid ID in the roster: the platform is never asked.
    const national = unaskedNational('not asked');
    const [mp, wecom] = [new FakeTransport('mp'), new FakeTransport('wecom')];
    const host = new ChatHost({
      handler: servicesHandlerFactory({ config, today: TODAY }, { national }),
      transports: [mp, wecom],
      retryEveryMs: 3_600_000,
    });
    await host.start();
    await vi.waitFor(
      () => expect(wecom.delivered.map((r) => r.content.kind)).toEqual(['text', 'file', 'file']),
      { timeout: 10_000 },
    );
    await host.stop();
    expect(mp.delivered).toEqual([]);
    expect(wecom.delivered[1]?.to).toEqual(to);
    // The annotated roster, then its problem list.
    expect(wecom.delivered.flatMap((r) => (r.content.kind === 'file' ? [r.content.file.name] : []))).toEqual([
      '名单.核验结果.xlsx',
      '名单.自查自改问题清单.xlsx',
    ]);
    expect(wecom.texts()[0]).toContain('重启前收到的名单「名单.xlsx」已核验完');
  });
});

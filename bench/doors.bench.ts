/**
 * The doors under load, each beside the console in the same run. One process, one warm cache (the national
 * platform is never reached: a lookup there fails the run), one chat host with the console, robot and service
 * account doors up, and rounds that
 * alternate between the console and one door (the console first in even rounds, second in odd ones); each figure
 * is the median over the rounds, each ratio the median of the per-round ratios, so a machine that slows down
 * midway moves both sides of a ratio alike.
 *
 * A round: 200 messages one at a time (callback latency p50/p99, from the message leaving Tencent's side to the
 * door's reply arriving back there), then a burst of 200 messages from 20 users at once, each user sending its
 * next message when the answer to the last has come (messages per second).
 * - console (the baseline): `host.receive` to the console door printing the reply. The baseline goes through the
 *   same ChatHost as the doors (not `createChatHandler` alone) because the host (its context, the door's send
 *   queue) is shared by every door: the ratios then hold only what a door itself adds — its protocol, crypto,
 *   loopback network, SDK and send limits.
 * - mp (service account, safe mode): the signing driver posts the encrypted callback over real loopback HTTP and
 *   decrypts the passive reply; its own encryption is inside the figure (a few µs).
 * - wecom (robot): the fake WeCom server pushes `aibot_msg_callback` over the WebSocket to the real SDK and the
 *   figure ends when the `aibot_respond_msg` for that req_id arrives.
 * Memory (RSS and heap after a forced GC) after the bursts with console, robot and service account up, then with
 * Wechaty on wechaty-puppet-mock started on the same host and logged in (the webhook is send-only and holds
 * nothing between sends), beside the console alone, measured first in the same process before the doors' modules
 * are loaded. The fakes of Tencent's side run in this process too, so the doors' figures include them; RSS
 * rarely shrinks, so the RSS ratios may overstate.
 *
 * Aims: from the ratios of five runs on a 2-core machine shared with other work (load 2.5–4.5), with headroom:
 * latency p50 twice the ratio seen (service account 1.7–2.1×, robot 1.2–1.25×), latency p99 (0.5–3.8×, the
 * noisiest) < 4×, messages/s (console rate ÷ door rate) three times the usual ratio (service account 5–14×,
 * usually 6.7×, aim < 20×; robot 3.2–5.3×, aim < 12.5×), memory 1.5× the ratio seen. A ratio moves far less with a busy machine than the figures beside
 * it, but the fakes of Tencent share the two cores with the bot, so a door's messages/s counts their crypto and
 * HTTP too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough, Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createChatHandler } from '../src/chat/core/handler.js';
import type { ChatServices } from '../src/chat/core/services.js';
import { ChatHost, type HandlerFactory } from '../src/chat/host.js';
import { ConsoleTransport } from '../src/chat/transports/console/index.js';
import type { ChatTransport } from '../src/chat/transports/transport.js';
import { loadConfig } from '../src/config/load.js';
import { openStore, type Store } from '../src/store/store.js';
import { setLogLevel } from '../src/util/logger.js';
import { createPipeline } from '../src/verify/pipeline.js';
import { answerOf, HOLDER, idOf, isNotFound, keyOf } from './cached-answers.js';
import { alternate, type Figure, median, runAlone, versus } from './figures.js';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 3 : 5;
const ONE_AT_A_TIME = 200;
const USERS = 20;
const PER_USER = 10;
const PEOPLE = 400;
const TODAY = '2026-01-10';
const MP = {
  appId: 'wxb11529c136998cb6',
  appSecret: 'bench-secret',
  token: 'benchtoken',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  mode: 'safe' as const,
  host: '127.0.0.1',
  port: 0,
  path: '/wechat/mp',
};
const BOT = { botId: 'bench-bot', secret: 'bench-bot-secret' };

const MEMORY_AIMS = { rss: { doors: 2.5, all: 3 }, heap: { doors: 3.5, all: 7.5 } };

/** One door as Tencent's side sees it: `ask` resolves once the answer to the message is back on that side. */
interface Door {
  name: string;
  ask(user: number, seq: number): Promise<void>;
}

interface RoundFigures {
  p50: number;
  p99: number;
  perSecond: number;
}

/** The people whose answers are cached (the ones found: a "not found" asks every person type). */
const people = Array.from({ length: PEOPLE * 2 }, (_, i) => i)
  .filter((i) => !isNotFound(i))
  .slice(0, PEOPLE);
const query = (seq: number) => `${HOLDER} ${idOf(people[seq % PEOPLE] ?? 0)}`;

function expectVerdict(door: string, text: string | undefined): void {
  if (!text?.startsWith('✅')) throw new Error(`${door}: expected a cached valid verdict, got ${text}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

let seq = 0;

/**
 * An answer that never comes (a reply lost) fails the run instead of hanging it, and so does a run past its
 * budget (a door whose every reply waits seconds); closing then gets a few seconds, not more.
 */
const ASK_TIMEOUT_MS = 10_000;
const RUN_BUDGET_MS = 60_000;
const CLOSE_BUDGET_MS = 5_000;
const startedAt = performance.now();

async function ask(door: Door, user: number): Promise<void> {
  if (performance.now() - startedAt > RUN_BUDGET_MS)
    throw new Error(`${door.name}: the run is past its ${RUN_BUDGET_MS / 1000} s`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${door.name}: no answer in ${ASK_TIMEOUT_MS} ms`)),
      ASK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([door.ask(user, seq++), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function round(door: Door): Promise<RoundFigures> {
  const latencies: number[] = [];
  for (let i = 0; i < ONE_AT_A_TIME; i++) {
    const t = performance.now();
    await ask(door, i % USERS);
    latencies.push(performance.now() - t);
  }
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      for (let m = 0; m < PER_USER; m++) await ask(door, user);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: (USERS * PER_USER) / seconds,
  };
}

/** `rounds` alternating rounds of the baseline and the subject (figures.ts `alternate`); each round's pair. */
async function pairedRounds<T>(
  rounds: number,
  baseline: () => Promise<T>,
  subject: () => Promise<T>,
): Promise<Array<{ baseline: T; subject: T }>> {
  const baselines: T[] = [];
  const subjects: T[] = [];
  await alternate(rounds, [
    async () => baselines.push(await baseline()),
    async () => subjects.push(await subject()),
  ]);
  return baselines.map((b, i) => ({ baseline: b, subject: subjects[i] as T }));
}

/** The console door, its replies caught from what it prints. */
function consoleDoor(maxMessageChars: number): {
  transport: ConsoleTransport;
  door: (host: ChatHost) => Door;
} {
  const waiting = new Map<string, () => void>();
  const output = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      const [, to, text] = /^🤖 → (.+)\n([^\n]*)/.exec(chunk) ?? [];
      if (to) {
        expectVerdict('console', text);
        waiting.get(to)?.();
        waiting.delete(to);
      }
      done();
    },
  });
  const transport = new ConsoleTransport({
    input: new PassThrough(),
    output,
    saveDir: tmpdir(),
    maxMessageChars,
  });
  return {
    transport,
    door: (host) => ({
      name: 'console',
      ask(user, n) {
        const id = `console-user-${user}`;
        const replied = new Promise<void>((resolve) => waiting.set(id, resolve));
        void host.receive({
          messageId: `console-${n}`,
          door: 'console',
          content: { kind: 'text', text: query(n) },
          sender: { id, name: id },
          mentioned: false,
          timestamp: Date.now(),
        });
        return replied;
      },
    }),
  };
}

function memory(): { rss: number; heap: number } {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
}

const round2 = (n: number) => Number(n.toFixed(2));

async function main(): Promise<Figure[]> {
  // Errors only: the SDK's notice of the connection closing at the end is not news (a lost reply fails the run).
  setLogLevel('error');
  const config = loadConfig({ env: {} });
  const chat = { ...config.chat, maxQueriesPerHour: 100_000 };
  const dir = await mkdtemp(join(tmpdir(), 'doors-bench-'));
  const store: Store = await openStore(dir, { cache: config.cache });
  const closers: Array<() => Promise<unknown>> = [];
  try {
    const now = new Date();
    for (const i of people) await store.cache.put(keyOf(i), answerOf(i), now);
    const services: ChatServices = {
      pipeline: createPipeline({
        store,
        national: { lookup: () => Promise.reject(new Error('the benchmark must answer from the cache')) },
        rules: config.rules,
      }),
      store,
      now: () => new Date(),
      today: () => TODAY,
      runBatch: () => Promise.reject(new Error('not used')),
      exportReport: () => Promise.reject(new Error('not used')),
      photos: {
        read: () => Promise.reject(new Error('not used')),
        judge: () => Promise.reject(new Error('not used')),
      },
    };
    const handler: HandlerFactory = async (send, reachable) => ({
      handler: await createChatHandler({ config: chat, services, send, reachable }),
      db: store.db,
      close: async () => {},
    });
    const hostOf = (transports: ChatTransport[]) =>
      new ChatHost({ handler, transports, retryEveryMs: 3_600_000 });

    // The console alone: its memory after the same work the doors do later.
    const alone = consoleDoor(chat.maxMessageChars);
    const aloneHost = hostOf([alone.transport]);
    await aloneHost.start();
    const aloneDoor = alone.door(aloneHost);
    for (let r = 0; r < 2; r++) await round(aloneDoor);
    const consoleMemory = memory();
    await aloneHost.stop();

    // Every door up on one host; Tencent's side faked on loopback.
    const [{ startWecomBotServer }, { mpCallbackDriver, textMessage }, { startFakeMpApi }] =
      await Promise.all([
        import('../test/fakes/wecom-bot-server.js'),
        import('../test/fakes/mp-callback-driver.js'),
        import('../test/fakes/wechat-mp-api.js'),
      ]);
    const [{ createWecomTransport }, { createMpTransport }] = await Promise.all([
      import('../src/chat/transports/wecom/index.js'),
      import('../src/chat/transports/mp/index.js'),
    ]);
    const wecomServer = await startWecomBotServer(BOT);
    closers.push(() => wecomServer.close());
    const mpApi = await startFakeMpApi({ appId: MP.appId, appSecret: MP.appSecret });
    closers.push(() => mpApi.close());
    const mp = createMpTransport({ ...MP, apiBaseUrl: mpApi.url }, {});
    const wecom = createWecomTransport({ ...BOT, wsUrl: wecomServer.url });
    const all = consoleDoor(chat.maxMessageChars);
    const host = hostOf([all.transport, wecom, mp]);
    await host.start();
    closers.unshift(() => host.stop());

    const driver = mpCallbackDriver({ url: `http://127.0.0.1:${mp.port}${MP.path}`, ...MP });
    const mpDoor: Door = {
      name: 'service account (safe mode)',
      async ask(user, n) {
        const openId = `oBench_openid_${user}`;
        const xml = textMessage({
          from: openId,
          content: query(n),
          msgId: String(10_000_000 + n),
          createTime: Math.floor(Date.now() / 1000),
        });
        const response = await driver.post(xml, { safe: true });
        expectVerdict('mp', response.reply?.Content);
      },
    };

    const replied = new Map<string, () => void>();
    let open = true;
    void (async () => {
      while (open) {
        const frame = await wecomServer.next('aibot_respond_msg');
        expectVerdict('wecom', frame.body?.stream?.content);
        replied.get(frame.headers.req_id)?.();
        replied.delete(frame.headers.req_id);
      }
    })();
    const wecomDoor: Door = {
      name: 'WeCom robot',
      ask(user, n) {
        const reqId = wecomServer.text({ userid: `bench-user-${user}`, msgid: `bench-${n}` }, query(n));
        return new Promise<void>((resolve) => replied.set(reqId, resolve));
      },
    };

    const consoleRound = all.door(host);
    for (const door of [consoleRound, mpDoor, wecomDoor]) await round(door); // warm-up
    const figures: Figure[] = [];
    for (const [door, aims] of [
      [mpDoor, { p50: 4, p99: 4, perSecond: 20 }],
      [wecomDoor, { p50: 2.5, p99: 4, perSecond: 12.5 }],
    ] as const) {
      const pairs = await pairedRounds(
        ROUNDS,
        () => round(consoleRound),
        () => round(door),
      );
      figures.push(...compare(door.name, pairs, aims));
    }
    open = false;
    if (mpApi.sent.length > 0)
      throw new Error(`${mpApi.sent.length} service account answers missed the passive reply`);
    // Every reply sent and acknowledged, so that stopping the doors cancels nothing in flight.
    await host.onIdle();
    const doorsMemory = memory();
    // Wechaty last (its modules are the heaviest): its door started on the same host, logged in, idle.
    const wechaty = await wechatyDoor(chat);
    await wechaty.transport.start(host);
    closers.unshift(() => wechaty.transport.stop());
    await wechaty.loggedIn();
    const allMemory = memory();
    const doors = 'console, WeCom robot, service account';
    for (const key of ['rss', 'heap'] as const) {
      const label = key === 'rss' ? 'RSS' : 'heap';
      const aims = MEMORY_AIMS[key];
      const alone = consoleMemory[key];
      const memoryFigure = (name: string, value: number, aim: number) =>
        versus(
          {
            name,
            value: Math.round(value),
            unit: 'MiB',
            baseline: Math.round(alone),
            what: 'the console alone',
          },
          { ratio: value / alone },
          aim,
        );
      figures.push(
        memoryFigure(`${label}, ${doors}`, doorsMemory[key], aims.doors),
        memoryFigure(`${label}, and Wechaty (mock puppet)`, allMemory[key], aims.all),
      );
    }
    return figures;
  } finally {
    const closing = (async () => {
      for (const close of closers) await close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    })();
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_BUDGET_MS).unref())]);
  }
}

/**
 * The door's figures beside the console's, each ratio a cost ratio (lower is better), the median of the
 * per-round ratios: latency door ÷ console, messages per second console ÷ door.
 */
function compare(
  name: string,
  pairs: Array<{ baseline: RoundFigures; subject: RoundFigures }>,
  aims: { p50: number; p99: number; perSecond: number },
): Figure[] {
  const of = (side: 'baseline' | 'subject', key: keyof RoundFigures) =>
    median(pairs.map((p) => p[side][key]));
  const what = 'the console door, same host';
  const latency = (key: 'p50' | 'p99') =>
    versus(
      {
        name: `${name}: latency ${key}`,
        value: round2(of('subject', key)),
        unit: 'ms',
        baseline: round2(of('baseline', key)),
        what,
      },
      { ratio: median(pairs.map((p) => p.subject[key] / p.baseline[key])) },
      aims[key],
    );
  return [
    latency('p50'),
    latency('p99'),
    versus(
      {
        name: `${name}: messages/s, ${USERS} users`,
        value: Math.round(of('subject', 'perSecond')),
        unit: '/s',
        baseline: Math.round(of('baseline', 'perSecond')),
        what,
      },
      { ratio: median(pairs.map((p) => p.baseline.perSecond / p.subject.perSecond)) },
      aims.perSecond,
    ),
  ];
}

/** Wechaty on wechaty-puppet-mock, logged in and idle (for the memory with every door up). */
async function wechatyDoor(chat: ReturnType<typeof loadConfig>['chat']) {
  const [{ log, WechatyBuilder }, { mock, PuppetMock }, { WechatyTransport }] = await Promise.all([
    import('wechaty'),
    import('wechaty-puppet-mock'),
    import('../src/chat/transports/wechaty/index.js'),
  ]);
  log.level('silent');
  const mocker = new mock.Mocker();
  const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
  bot.on('error', () => {});
  const [self] = mocker.createContacts(1);
  if (!self) throw new Error('no mock contact');
  const login = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  return {
    transport: new WechatyTransport(bot, { chat, staleToleranceMs: 60_000, ownsBot: true }),
    /** Log the mock account in (after the host started the bot) and wait for it. */
    loggedIn: async () => {
      mocker.login(self);
      await login;
    },
  };
}

export default main;

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('doors', main);

/**
 * The bot as `cert-verify bot --transport …` runs it — the chat host, the handler over the real services
 * (`src/app/compose.ts`), the doors built by `src/app/doors.ts` — against the simulator (sample people, captchas
 * read through its test header) and fakes of Tencent's side on loopback: WeCom's robot WebSocket and the service
 * account's API; a callback driver plays WeChat posting to the service account's endpoint.
 *
 *   const platform = await startPlatform();            // simulator + data dir + config
 *   const tencent = await startTencent(platform);     // fakes, config pointed at them
 *   const bot = await startBot(platform, ['wecom', 'mp']);
 *   … tencent.wecom.text(…); await tencent.wecom.next('aibot_respond_msg'); bot.wx.post(…) …
 *   await bot.stop(); await tencent.close(); await platform.close();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { servicesHandlerFactory } from '../../src/app/compose.js';
import { createTransport } from '../../src/app/doors.js';
import { ChatHost } from '../../src/chat/host.js';
import { createMpTransport, type MpDeps, MpTransport } from '../../src/chat/transports/mp/index.js';
import type { ChatTransport } from '../../src/chat/transports/transport.js';
import type { ChatDoor } from '../../src/config/chat-ids.js';
import { loadConfig, PROJECT_ROOT } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { NationalLookup } from '../../src/lookup/national/client.js';
import {
  type FaultChange,
  loadSimulatorData,
  type RunningSimulator,
  type SimulatorData,
  startSimulator,
} from '../../src/simulator/server.js';
import { type MpDriverOptions, mpCallbackDriver } from '../fakes/mp-callback-driver.js';
import { type FakeMpApi, startFakeMpApi } from '../fakes/wechat-mp-api.js';
import { startWecomBotServer, type WecomBotServer } from '../fakes/wecom-bot-server.js';
import { seamClient, testSettings } from '../lookup/helpers.js';

export const TODAY = '2026-11-24';
export const SAMPLES = join(PROJECT_ROOT, 'data', 'samples');
/** A holder in the sample data with a valid certificate. */
export const ZHANG_WEI = { name: '张伟', idNumber: '110105198503120135' };
/** The robot's credentials, and the service account's (the official sample appid and EncodingAESKey). */
export const ROBOT = { botId: 'e2e-robot', secret: 'e2e-robot-secret' };
export const ACCOUNT = {
  appId: 'wxb11529c136998cb6',
  appSecret: 'e2e-app-secret',
  token: 'e2etoken',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
/** The admins: a WeCom userid and a service-account openid. */
export const WECOM_ADMIN = 'anquanke-wang';
export const MP_ADMIN = 'o-admin-openid';

export interface Platform {
  simulator: RunningSimulator;
  dataDir: string;
  config: Config;
  close(): Promise<void>;
}

/**
 * The simulator on the sample people (or on `data`, which a test may change while it runs), a fresh data directory
 * and the configuration over both.
 */
export async function startPlatform(faults: FaultChange = {}, data?: SimulatorData): Promise<Platform> {
  const simulator = await startSimulator({
    data: data ?? (await loadSimulatorData(join(SAMPLES, 'people.json'))),
    exposeCaptchaAnswer: true,
    seed: 20261124,
    ...faults,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'doors-e2e-'));
  const config = loadConfig({
    env: {},
    overrides: [
      { key: 'dataDir', value: dataDir, source: 'test' },
      { key: 'today', value: TODAY, source: 'test' },
    ],
  });
  config.lookup = testSettings(simulator.url);
  config.chat.admins = [`wecom:${WECOM_ADMIN}`, `mp:${MP_ADMIN}`];
  return {
    simulator,
    dataDir,
    config,
    async close() {
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Tencent {
  /** WeCom's side of the robot (a new one after `wecomOutage`'s `back`). */
  wecom: WecomBotServer;
  mpApi: FakeMpApi;
  /** WeCom's robot server goes down; `back()` brings it up again at the same address. */
  wecomOutage(): Promise<{ back(): Promise<WecomBotServer> }>;
  close(): Promise<void>;
}

/** The fakes of WeCom's and WeChat's servers; the platform's configuration is pointed at them. */
export async function startTencent(platform: Platform): Promise<Tencent> {
  const wecom = await startWecomBotServer(ROBOT);
  const mpApi = await startFakeMpApi({ appId: ACCOUNT.appId, appSecret: ACCOUNT.appSecret });
  const { config } = platform;
  config.wecom.bot = { ...ROBOT, wsUrl: wecom.url };
  config.mp = { ...config.mp, ...ACCOUNT, host: '127.0.0.1', port: 0, apiBaseUrl: mpApi.url };
  const tencent: Tencent = {
    wecom,
    mpApi,
    async wecomOutage() {
      const port = Number(new URL(tencent.wecom.url).port);
      await tencent.wecom.close();
      return {
        back: async () => {
          tencent.wecom = await startWecomBotServer({ ...ROBOT, port });
          return tencent.wecom;
        },
      };
    },
    close: async () => {
      await tencent.wecom.close();
      await mpApi.close();
    },
  };
  return tencent;
}

export interface BotOptions {
  /** The service account door's own knobs (e.g. a short reply budget). */
  mp?: MpDeps;
  /** WeChat's pause between its retries, for the driver. */
  wait?: MpDriverOptions['wait'];
  /** Wrap the national client (e.g. to hold a lookup back). */
  national?: (client: NationalLookup) => NationalLookup;
}

export interface RunningBot {
  host: ChatHost;
  /** WeChat posting to the service account's endpoint (when the `mp` door runs). */
  wx: ReturnType<typeof mpCallbackDriver>;
  stop(): Promise<void>;
}

/** Start the host with `doors` over the platform's data directory, as `cert-verify bot --transport` does. */
export async function startBot(
  platform: Platform,
  doors: readonly ChatDoor[],
  options: BotOptions = {},
): Promise<RunningBot> {
  const { config } = platform;
  const streams = { input: new PassThrough(), output: new PassThrough() };
  const transports = await Promise.all(
    doors.map((door) =>
      door === 'mp' && options.mp
        ? createMpTransport(config.mp, options.mp)
        : createTransport(door, config, streams),
    ),
  );
  const client = seamClient(config.lookup).client;
  const host = new ChatHost({
    handler: servicesHandlerFactory(
      { config, today: TODAY },
      { national: options.national ? options.national(client) : client },
    ),
    transports: transports.map(unspaced),
    retryEveryMs: 3_600_000,
  });
  await host.start();
  const mp = transports.find((t) => t instanceof MpTransport);
  const wx = mpCallbackDriver({
    url: `http://127.0.0.1:${mp?.port ?? 0}${config.mp.path}`,
    token: ACCOUNT.token,
    appId: ACCOUNT.appId,
    encodingAesKey: ACCOUNT.encodingAesKey,
    wait: options.wait,
  });
  return { host, wx, stop: () => host.stop() };
}

/**
 * The door as it is, its sends not spaced out: spacing is the host's send queue's (tested in test/chat), and the
 * WeCom door's 3 s between messages would only make these conversations wait.
 */
function unspaced(door: ChatTransport): ChatTransport {
  const canSend = door.canSend?.bind(door);
  return {
    door: door.door,
    sendLimits: { ...door.sendLimits, intervalMs: 0 },
    start: (host) => door.start(host),
    deliver: (reply) => door.deliver(reply),
    stop: () => door.stop(),
    ...(canSend ? { canSend } : {}),
  };
}

/** Every text a recorded frame or API call carries, as one string (to search for what must not be there). */
export function recorded(...calls: unknown[]): string {
  return JSON.stringify(calls);
}

/** Every cell's text of a workbook, one a line. */
export async function workbookText(bytes: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const texts: string[] = [];
  for (const ws of book.worksheets) ws.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
  return texts.join('\n');
}

/**
 * Run by secrets.test.ts in a child process (`node --import tsx`), the log at debug level on standard error: the
 * configuration's secrets come from a config file through `loadConfig` only, and the real doors are driven
 * through their worst paths against the fakes. Prints the secrets (and the access tokens the fake issued) as
 * JSON on standard output for the test to look for in standard error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatHost } from '../../src/chat/host.js';
import { createMpTransport } from '../../src/chat/transports/mp/index.js';
import type { TransportHost } from '../../src/chat/transports/transport.js';
import { notifierFromSettings } from '../../src/chat/transports/webhook/index.js';
import { createWecomTransport } from '../../src/chat/transports/wecom/index.js';
import { type ChatInput, replyAddress, textReply } from '../../src/chat/types.js';
import { loadConfig } from '../../src/config/load.js';
import type { SqlDb } from '../../src/sql/db.js';
import { logger, setLogLevel } from '../../src/util/logger.js';
import { messageXml, mpCallbackDriver, textMessage } from '../fakes/mp-callback-driver.js';
import { startFakeMpApi } from '../fakes/wechat-mp-api.js';
import { startWecomBotServer } from '../fakes/wecom-bot-server.js';
import { startWecomWebhookApi } from '../fakes/wecom-webhook-api.js';

setLogLevel('debug');
const log = logger('probe');

const SECRETS = {
  botSecret: 'wecomBotSecret7f3a9c',
  appSecret: 'mpAppSecret2b8d41e6',
  token: 'mpToken9x7Zq4',
  encodingAesKey: 'Kq8d7Hn3Lm2Pz9Xw4Rt6Yb1Vc5Nf0Gs7Ju3Ea8Ti2Wo',
  webhookKey: 'webhook-key-5c1e9a77',
  groupKey: 'group-key-0d4b2f83',
  captchaKey: 'captcha-key-77e1c0',
};
const APP_ID = 'wx5e1f0000leakcheck';
const USER = 'oUser_leak_1';

const dir = mkdtempSync(join(tmpdir(), 'secret-doors-'));
const file = join(dir, 'config.json');
writeFileSync(
  file,
  JSON.stringify({
    dataDir: dir,
    captcha: { http: { url: `http://127.0.0.1:1/ocr?key=${SECRETS.captchaKey}` } },
    wecom: {
      bot: { botId: 'bot-leak', secret: SECRETS.botSecret },
      webhook: { key: SECRETS.webhookKey, groups: { 班组: SECRETS.groupKey } },
    },
    mp: {
      appId: APP_ID,
      appSecret: SECRETS.appSecret,
      token: SECRETS.token,
      encodingAesKey: SECRETS.encodingAesKey,
    },
  }),
);
const config = loadConfig({ env: {}, file });

/**
 * The service account's dedup table as a stand-in that finds every message new: this script looks at the logs
 * only, and starting the embedded database would take most of its time budget.
 */
const everyMessageNew: SqlDb = {
  driver: 'pglite',
  query: async <T>() => [{ key: 'new' }] as unknown as T[],
  exec: async () => {},
  transaction: (work) => work(everyMessageNew),
  close: async () => {},
};

/** Log a failure as a careless caller would: the whole error, serialized by pino. */
function logFailure(what: string, error: unknown): void {
  log.error({ err: error }, `${what} failed`);
}

async function wecom(): Promise<void> {
  const server = await startWecomBotServer({ botId: 'bot-leak', secret: SECRETS.botSecret });
  const inputs: ChatInput[] = [];
  const host: TransportHost = {
    async receive(input) {
      inputs.push(input);
      return [];
    },
  };
  const transport = createWecomTransport(
    { ...config.wecom.bot, wsUrl: server.url },
    { reconnectIntervalMs: 10, maxAuthFailureAttempts: 2 },
  );
  await transport.start(host);
  server.dropConnection();
  await server.authenticated(2);
  server.text({ userid: 'zhangsan', msgid: 'w1' }, '你好');
  while (inputs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await transport.deliver(textReply(replyAddress(inputs[0] as ChatInput), '收到'));
  await transport.stop();
  await server.close();

  // The robot's secret is not the one WeCom expects: refused, tried again, refused.
  const stranger = await startWecomBotServer({ botId: 'bot-leak', secret: 'anotherSecretAltogether' });
  const refused = createWecomTransport(
    { ...config.wecom.bot, wsUrl: stranger.url },
    { reconnectIntervalMs: 10, maxAuthFailureAttempts: 2 },
  );
  await refused.start(host).catch((error) => logFailure('wecom start', error));
  await refused.stop();
  await stranger.close();
}

async function mp(): Promise<string[]> {
  const api = await startFakeMpApi({ appId: APP_ID, appSecret: SECRETS.appSecret });
  api.userWrote(USER, Date.now());
  const transport = createMpTransport({ ...config.mp, port: 0, apiBaseUrl: api.url }, {});
  const host = new ChatHost({
    transports: [transport],
    retryEveryMs: 3_600_000,
    handler: async (send) => ({
      handler: {
        async handle(input) {
          // The first reply answers in the callback's response, the second goes by customer-service message.
          send(textReply(replyAddress(input), '收到'));
          send(textReply(replyAddress(input), '查询结果'));
        },
        retryPending: async () => 0,
      },
      db: everyMessageNew,
      close: async () => {},
    }),
  });
  await host.start();
  const url = `http://127.0.0.1:${transport.port}${config.mp.path}`;
  const wx = mpCallbackDriver({
    url,
    token: SECRETS.token,
    appId: APP_ID,
    encodingAesKey: SECRETS.encodingAesKey,
  });
  const post = (from: string, msgId: string) =>
    wx.post(textMessage({ from, content: '张三', msgId }), { safe: true });

  await wx.verify('echo-1', { badSignature: true });
  await wx.post(textMessage({ from: USER, content: '张三', msgId: 'bad1' }), { badSignature: true });
  await wx.post(textMessage({ from: USER, content: '张三', msgId: 'bad2' }), {
    safe: true,
    badSignature: true,
  });
  // Signed with the right token but encrypted with another key: the decryption fails.
  const otherKey = mpCallbackDriver({
    url,
    token: SECRETS.token,
    appId: APP_ID,
    encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  });
  await otherKey.post(textMessage({ from: USER, content: '张三', msgId: 'bad3' }), { safe: true });

  await post(USER, 'm1');
  await host.onIdle();
  api.revokeTokens(); // 40001: a fresh token is fetched and the send tried again
  await post(USER, 'm2');
  await host.onIdle();
  await post('oUser_silent_48h', 'm3'); // 45015: outside the 48-hour window
  await host.onIdle();
  for (let i = 0; i < 3; i++) api.failNextSend(45002); // every try of the send fails
  await post(USER, 'm4');
  await host.onIdle();
  // A picture whose media the API does not have (40007): the download fails.
  const image = { ToUserName: 'gh_fake', FromUserName: USER, CreateTime: 1_700_000_000, MsgType: 'image' };
  await wx.post(messageXml({ ...image, MediaId: 'no-such-media', MsgId: 5 }), { safe: true });
  await host.onIdle();
  await host.stop();
  await api.close();
  // Where the tokens travel: a line quoting the last call's query, as a careless debug line would.
  const last = api.calls.at(-1);
  log.debug({ query: last?.query }, 'last service account API call');
  return [...new Set(api.calls.map((call) => call.query.access_token).filter((t) => t !== undefined))];
}

async function webhook(): Promise<void> {
  const fake = await startWecomWebhookApi({ keys: [SECRETS.webhookKey] });
  const settings = { ...config.wecom, apiBaseUrl: fake.url };
  const options = { sleep: async () => {}, maxTries: 2 };
  fake.tooFrequent(1);
  await notifierFromSettings(settings, undefined, options).notify('提醒：证书将到期');
  fake.tooFrequent(2);
  await notifierFromSettings(settings, undefined, options)
    .notify('提醒')
    .catch((error) => logFailure('webhook too frequent', error));
  // The group's key is unknown to WeCom: 93000.
  await notifierFromSettings(settings, '班组', options)
    .notify('提醒')
    .catch((error) => logFailure('webhook invalid key', error));
  await fake.close();
  // Nobody listens: the network error must not carry the URL, hence the key.
  await notifierFromSettings(settings, undefined, options)
    .notify('提醒')
    .catch((error) => logFailure('webhook unreachable', error));
}

await wecom();
const tokens = await mp();
await webhook();
// A line that slipped: an address with the captcha key and the webhook key, raw and encoded, inside an error.
logFailure(
  'probe',
  new Error(
    `POST ${config.captcha.http.url} then https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${encodeURIComponent(SECRETS.webhookKey)}`,
  ),
);
process.stdout.write(JSON.stringify({ secrets: Object.values(SECRETS), tokens }));

/**
 * End to end through the WeChat service account: the driver signs (and in safe mode encrypts) callbacks as WeChat
 * does and posts them to the real endpoint; the real host, handler and services answer against the simulator; the
 * customer-service API is the fake. A query in the passive reply, a slow answer by customer-service message once
 * despite WeChat's retries, a file reply as text; and a stranger learns no holder's name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NationalLookup } from '../../src/lookup/national/client.js';
import { type MpDriverResponse, textMessage } from '../fakes/mp-callback-driver.js';
import {
  MP_ADMIN,
  type Platform,
  type RunningBot,
  recorded,
  startBot,
  startPlatform,
  startTencent,
  type Tencent,
  WECOM_ADMIN,
  ZHANG_WEI,
} from './doors-on-simulator.js';

const { idNumber: ID } = ZHANG_WEI;
const USER = 'o-user-openid';
const STRANGER = 'o-stranger-openid';

let platform: Platform;
let tencent: Tencent;
let bot: RunningBot;
beforeEach(async () => {
  platform = await startPlatform();
  tencent = await startTencent(platform);
});
afterEach(async () => {
  await bot?.stop();
  await tencent.close();
  await platform.close();
});

let msgId = 7_000_000_000_000_000_000n;
/** A text from `from` with a fresh 64-bit MsgId. */
function text(from: string, content: string): string {
  msgId += 1n;
  return textMessage({ from, content, msgId: String(msgId), createTime: Math.floor(Date.now() / 1000) });
}

/** The national client, its lookups held until `release` (a platform slower than WeChat's 5 s). */
function heldBack(client: NationalLookup) {
  let release = () => {};
  const open = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered = () => {};
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const national: NationalLookup = {
    counters: () => client.counters(),
    get breaker() {
      return client.breaker;
    },
    async lookup(request, signal) {
      entered();
      await open;
      return client.lookup(request, signal);
    },
    scan: (token, priority, signal) => client.scan(token, priority, signal),
  };
  return { national, inside, release: () => release() };
}

describe('service account, end to end', () => {
  it('answers a query in the passive reply (safe mode, the default with an EncodingAESKey)', async () => {
    bot = await startBot(platform, ['mp']);
    const first = await bot.wx.post(text(USER, `张伟 ${ID}`));
    expect(first.status).toBe(200);
    expect(first.reply).toMatchObject({ ToUserName: USER, MsgType: 'text' });
    expect(first.reply?.Content).toContain(`✅ 有效｜张伟 ${ID}`);

    const safe = await bot.wx.post(text(USER, `刘洋 330106198804210174`), { safe: true });
    expect(safe.status).toBe(200);
    expect(safe.body).toContain('<Encrypt>');
    expect(safe.body).not.toContain('刘洋');
    expect(safe.reply?.Content).toContain('刘洋');
    expect(safe.reply?.Content).toContain('逾期未复审');
    expect(tencent.mpApi.sent).toEqual([]);
  });

  it('a slow answer misses the budget and comes once by customer-service message despite three retries', async () => {
    let gate: ReturnType<typeof heldBack> | undefined;
    // WeChat's retries: the first while the lookup is held, the second once the first got `success` and the
    // answer has gone out, the third after that.
    const wait = async (_ms: number, earlier: ReadonlyArray<Promise<MpDriverResponse>>) => {
      if (earlier.length === 1) return gate?.inside;
      if (earlier.length === 2) {
        await earlier[0];
        gate?.release();
        await bot.host.onIdle();
      }
    };
    bot = await startBot(platform, ['mp'], {
      mp: { replyBudgetMs: 200 },
      wait,
      national: (client) => {
        gate = heldBack(client);
        return gate.national;
      },
    });
    tencent.mpApi.userWrote(USER, Date.now());
    const responses = await bot.wx.postWithRetries(text(USER, `张伟 ${ID}`), {}, 3, 5000);
    await bot.host.onIdle();

    expect(responses.map((r) => [r.status, r.body])).toEqual(Array(4).fill([200, 'success']));
    expect(tencent.mpApi.sent).toHaveLength(1);
    expect(tencent.mpApi.sent[0]).toMatchObject({ touser: USER, msgtype: 'text' });
    expect(tencent.mpApi.sent[0]?.content).toContain(`✅ 有效｜张伟 ${ID}`);
    expect(gate?.national.counters().queries).toBe(1);
  });

  it('a file reply (an admin’s export) becomes the Chinese text that files go through the WeCom robot', async () => {
    bot = await startBot(platform, ['mp']);
    const { reply } = await bot.wx.post(text(MP_ADMIN, '导出 问题清单'));
    expect(reply?.Content).toMatch(/^结果文件「.+\.xlsx」无法通过公众号发送：公众号不能收发文件。/);
    expect(reply?.Content).toContain('请使用企业微信机器人');
    expect(tencent.mpApi.sent).toEqual([]);
  });
});

describe('service account: a forged sender', () => {
  it('a plaintext message claiming to be the admin, under a captured signature, is refused in safe mode', async () => {
    bot = await startBot(platform, ['mp']);
    // The request line of a real callback (signature over token, timestamp, nonce), the body the attacker's.
    const forged = await bot.wx.post(text(MP_ADMIN, `张伟 ${ID}`), { safe: false });
    const exported = await bot.wx.post(text(MP_ADMIN, '导出 问题清单'), { safe: false });
    await bot.host.onIdle();
    expect([forged.status, exported.status]).toEqual([401, 401]);
    expect(tencent.mpApi.sent).toEqual([]);
    expect(`${forged.body}${exported.body}`).not.toContain('张伟');
  });
});

describe('service account: a stranger learns no name', () => {
  it('by ID alone, by T+ID, by a wrong name', async () => {
    bot = await startBot(platform, ['mp', 'wecom']);
    // The name is known to the bot: an admin checked it through the WeCom robot.
    tencent.wecom.text({ userid: WECOM_ADMIN }, `张伟 ${ID}`);
    const admin = await tencent.wecom.next('aibot_respond_msg');
    expect(admin.body?.stream?.content).toContain(`✅ 有效｜张伟 ${ID}`);

    tencent.mpApi.userWrote(STRANGER, Date.now());
    const answers = [
      await bot.wx.post(text(STRANGER, ID)),
      await bot.wx.post(text(STRANGER, `T${ID}`), { safe: true }),
      await bot.wx.post(text(STRANGER, `李四 ${ID}`)),
      await bot.wx.post(text(STRANGER, `李四 T${ID}`), { safe: true }),
    ];
    await bot.host.onIdle();
    const said = answers.map((a) => a.reply?.Content ?? '');
    expect(said[0]).toContain(`请补充 ${ID} 的持证人姓名`);
    expect(said[1]).toContain(`请补充 ${ID} 的持证人姓名`);
    expect(said[2]).toContain('姓名与登记信息不一致');
    expect(said[3]).toContain('姓名与登记信息不一致');
    expect(recorded(said, answers, tencent.mpApi.calls)).not.toContain('张伟');
  });
});

/**
 * End to end across a restart: a query the platform cannot answer now is queued on disk from the WeCom robot; the
 * process stops, a new one starts over the same data directory with the WeCom robot and the service account both
 * running, the platform has recovered, and the answer goes back through the WeCom robot to the chat it came from.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Platform,
  type RunningBot,
  startBot,
  startPlatform,
  startTencent,
  type Tencent,
  ZHANG_WEI,
} from './doors-on-simulator.js';

const { idNumber: ID } = ZHANG_WEI;
const GROUP = 'wrgroup-banzu';

let platform: Platform;
let tencent: Tencent;
let bot: RunningBot | undefined;
beforeEach(async () => {
  platform = await startPlatform({ failRate: 1 });
  tencent = await startTencent(platform);
});
afterEach(async () => {
  await bot?.stop();
  await tencent.close();
  await platform.close();
});

describe('a queued answer after a restart', () => {
  it('goes back through the door the query came from, to its group chat, not through another door', async () => {
    bot = await startBot(platform, ['wecom']);
    tencent.wecom.text({ userid: 'banzuzhang', chatid: GROUP }, `@证件核验 张伟 ${ID}`);
    const now = await tencent.wecom.next('aibot_respond_msg');
    expect(now.body?.stream?.content).toContain('❓ 暂时无法核验');
    await bot.stop();
    bot = undefined;

    platform.simulator.setFaults({ failRate: 0 });
    tencent.mpApi.userWrote('banzuzhang', Date.now());
    bot = await startBot(platform, ['mp', 'wecom']);
    const later = await tencent.wecom.next('aibot_send_msg');
    await bot.host.onIdle();
    expect(later.body).toMatchObject({ chatid: GROUP, msgtype: 'markdown' });
    const content: string = later.body.markdown.content;
    expect(content).toContain('之前暂时无法核验的证件已有结果');
    expect(content).toContain('✅ 有效｜张伟 110105＊＊＊＊＊＊＊＊0135');
    expect(content).not.toContain(ID);
    expect(tencent.wecom.calls.filter((c) => c.cmd === 'aibot_send_msg')).toHaveLength(1);
    expect(tencent.mpApi.calls).toEqual([]);
  });

  it('waits on disk while WeCom is down at the new start, and goes out once the robot is connected', {
    timeout: 20_000,
  }, async () => {
    bot = await startBot(platform, ['wecom']);
    tencent.wecom.text({ userid: 'banzuzhang' }, `张伟 ${ID}`);
    expect((await tencent.wecom.next('aibot_respond_msg')).body?.stream?.content).toContain(
      '❓ 暂时无法核验',
    );
    await bot.stop();

    platform.simulator.setFaults({ failRate: 0 });
    const outage = await tencent.wecomOutage();
    bot = await startBot(platform, ['wecom', 'mp']);
    // The start's round of pending answers is over while WeCom cannot take a message.
    await bot.host.onIdle();
    const wecom = await outage.back();
    const later = await wecom.next('aibot_send_msg');
    expect(later.body).toMatchObject({ chatid: 'banzuzhang', msgtype: 'markdown' });
    expect(later.body.markdown.content).toContain(`✅ 有效｜张伟 ${ID}`);
  });
});

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSimulatorData } from '../../src/simulator/server.js';
import { Outbox } from '../../src/store/outbox.js';
import { makeId } from '../domain/ids.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import {
  type Platform,
  type RunningBot,
  SAMPLES,
  startBot,
  startPlatform,
  startTencent,
  type Tencent,
  TODAY,
} from './doors-on-simulator.js';

const GROUP = 'wrgroup-anquan';
const PERSON = { idNumber: makeId('320102', '19931010', '251'), name: '吴新' };

let platform: Platform;
let tencent: Tencent;
let bot: RunningBot | undefined;
let issue: () => void;
beforeEach(async () => {
  const data = await loadSimulatorData(join(SAMPLES, 'people.json'));
  const [sample] = data.certificates;
  issue = () => {
    if (sample) data.certificates.push({ ...sample, ...PERSON, validFrom: TODAY, validUntil: '2032-11-24' });
  };
  platform = await startPlatform({}, data);
  tencent = await startTencent(platform);
});
afterEach(async () => {
  await bot?.stop();
  await tencent.close();
  await platform.close();
});

describe('a held lead re-checked behind the WeCom robot', () => {
  it('tells the group it came from, through the robot, once the certificate appears', {
    timeout: 30_000,
  }, async () => {
    bot = await startBot(platform, ['wecom']);
    tencent.wecom.text(
      { userid: 'banzuzhang', chatid: GROUP },
      `@证件核验 ${PERSON.name} ${PERSON.idNumber}`,
    );
    const first = await tencent.wecom.next('aibot_respond_msg');
    expect(first.body?.stream?.content).toContain('❌ 未查到');
    await bot.stop();
    bot = undefined;
    const held = new Outbox(await openTestStoreDb(platform.dataDir));
    expect((await held.list()).map((e) => [e.state, e.dueOn])).toEqual([['pending', '2026-11-27']]);

    issue();
    platform.config.today = '2026-11-27';
    bot = await startBot(platform, ['wecom']);
    const told = await tencent.wecom.next('aibot_send_msg');
    await bot.host.onIdle();
    expect(told.body).toMatchObject({ chatid: GROUP, msgtype: 'markdown' });
    const content: string = told.body.markdown.content;
    expect(content).toContain('已查到，先前未查到可能是新证尚未上网');
    expect(content).toContain(`✅ 有效｜${PERSON.name}`);
    expect(content).not.toContain(PERSON.idNumber);
    await bot.stop();
    bot = undefined;
    const after = new Outbox(await openTestStoreDb(platform.dataDir));
    expect((await after.list()).map((e) => e.state)).toEqual(['withdrawn']);
    expect(await after.noticesOwed()).toEqual([]);
  });
});

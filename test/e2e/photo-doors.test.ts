/**
 * A photo of a card through each chat door, end to end on the simulator (its scan endpoint included): the WeCom
 * robot's image (downloaded from the fake's URL and decrypted with its aeskey) and the service account's image
 * (fetched through the fake media API by MediaId). The card is drawn from a sample person with the official QR
 * code of its simulated token; the answer must be the photo check's, with the official scan agreeing.
 */
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import { officialQrText, simulatedQrToken } from '../../src/simulator/qr-token.js';
import { loadSimulatorData } from '../../src/simulator/server.js';
import { messageXml } from '../fakes/mp-callback-driver.js';
import { drawCard } from '../helpers/card-image.js';
import {
  type Platform,
  type RunningBot,
  recorded,
  SAMPLES,
  startBot,
  startPlatform,
  startTencent,
  type Tencent,
  ZHANG_WEI,
} from './doors-on-simulator.js';

let platform: Platform;
let tencent: Tencent;
let bot: RunningBot;
let cardJpeg: Buffer;
beforeAll(async () => {
  const data = await loadSimulatorData(`${SAMPLES}/people.json`);
  const cert = data.certificates.find(
    (c) => c.idNumber === ZHANG_WEI.idNumber && !c.history,
  ) as CertificateRecord;
  const png = await drawCard({
    cert,
    qrText: officialQrText(simulatedQrToken(cert)),
    style: 'e_cert',
    dates: 'han',
  });
  cardJpeg = await sharp(png).jpeg({ quality: 88 }).toBuffer();
});
beforeEach(async () => {
  platform = await startPlatform();
  tencent = await startTencent(platform);
});
afterEach(async () => {
  await bot?.stop();
  await tencent.close();
  await platform.close();
});

function expectPhotoAnswer(text: string, id: string) {
  expect(text).toContain('【证件照片核验】');
  expect(text).toContain('✅ 指向官方查询平台 wxcx.mem.gov.cn');
  expect(text).toContain('官方扫码：二维码对应的证书与证上的姓名、证号一致');
  expect(text).toContain(`✅ 有效｜张伟 ${id}`);
}

describe('a photo through every door', () => {
  it('WeCom robot: the image (aeskey-encrypted download) is checked and answered', {
    timeout: 120_000,
  }, async () => {
    bot = await startBot(platform, ['wecom']);
    tencent.wecom.image({ userid: 'zhang-anquan' }, cardJpeg);
    const texts = () =>
      tencent.wecom.calls.map((c) => c.body?.stream?.content ?? c.body?.markdown?.content ?? '').join('\n');
    await vi.waitFor(() => expect(texts()).toContain('✅ 有效｜张伟'), { timeout: 100_000, interval: 200 });
    expectPhotoAnswer(texts(), ZHANG_WEI.idNumber);
    expect(platform.simulator.stats().scansFound).toBeGreaterThan(0);
  });

  it('service account: the image fetched by MediaId is checked, answered by customer-service message', {
    timeout: 120_000,
  }, async () => {
    bot = await startBot(platform, ['mp']);
    const user = 'o-photo-openid';
    tencent.mpApi.addMedia('MEDIA_CARD', cardJpeg);
    tencent.mpApi.userWrote(user, Date.now());
    const xml = messageXml({
      ToUserName: 'gh_fake',
      FromUserName: user,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'image',
      PicUrl: 'http://127.0.0.1:1/never-fetched.jpg',
      MediaId: 'MEDIA_CARD',
      MsgId: 8_000_000_001,
    });
    const response = await bot.wx.post(xml);
    expect(response.status).toBe(200);
    const answered = () =>
      [response.reply?.Content ?? '', ...tencent.mpApi.sent.map((s) => s.content)].join('\n');
    await vi.waitFor(() => expect(answered()).toContain('✅ 有效｜张伟'), {
      timeout: 100_000,
      interval: 200,
    });
    expectPhotoAnswer(answered(), ZHANG_WEI.idNumber);
    expect(recorded(tencent.mpApi.calls)).toContain('MEDIA_CARD');
  });
});

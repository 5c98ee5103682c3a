/**
 * The photo flow through the handler, on the real reader (QR decoder and OCR engine) and drawn cards: a genuine
 * card, an altered one, a fake QR host, a group, a card whose number must be typed, and every kind of bad picture.
 * The pipeline is scripted (its verdict's certificate is `record()`), so the cards are drawn from that record.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatHandler } from '../../../src/chat/core/handler.js';
import type { ChatInput } from '../../../src/chat/types.js';
import type { CertificateRecord } from '../../../src/domain/certificate.js';
import { officialQrText } from '../../../src/simulator/qr-token.js';
import { claimedSizePng, somethingElse, truncatedJpeg } from '../../helpers/bad-pictures.js';
import { drawCard, drawQr } from '../../helpers/card-image.js';
import {
  chatConfig,
  ID_A,
  outbox,
  privateText,
  record,
  services,
  type TestServices,
  tempDir,
} from '../helpers.js';

const TOKEN = '0123456789ABCDEF0123456789ABCDEF';
const OFFICIAL = officialQrText(TOKEN);

let dir: string;
let cleanup: () => Promise<void>;
let svc: TestServices;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  svc = await services(dir);
});
afterAll(async () => {
  await svc.store.close();
  await cleanup();
});

let seq = 0;
function photo(bytes: Buffer, room = false): ChatInput {
  const sender = room ? { id: 'user-2', name: '王工' } : { id: 'user-1', name: '李经理' };
  return {
    messageId: `p${++seq}`,
    content: { kind: 'file', file: { name: `照片-${seq}.jpg`, bytes } },
    sender,
    ...(room
      ? { room: { id: 'room-1@chatroom', topic: '安全生产群' }, mentioned: true }
      : { mentioned: false }),
    timestamp: 0,
  };
}

async function card(cert: Partial<CertificateRecord> = {}, qrText = OFFICIAL): Promise<Buffer> {
  const png = await drawCard({ cert: record(cert), qrText, style: 'ic_card', dates: 'dot' });
  return sharp(png).jpeg({ quality: 90 }).toBuffer();
}

async function handlerWith(options: { progressAfterMs?: number; maxQueriesPerHour?: number } = {}) {
  const box = outbox();
  const handler = await createChatHandler({
    config: chatConfig({ maxQueriesPerHour: options.maxQueriesPerHour ?? 30 }),
    services: svc,
    send: box.send,
    photoProgressAfterMs: options.progressAfterMs ?? 60_000,
  });
  return { handler, box };
}

const photoLeads = async () => (await svc.store.findings.list()).filter((f) => f.photoLead);

describe('a photo of a card', () => {
  it('a genuine card: official host, every field the same as the platform, the status word, no lead', async () => {
    const { handler, box } = await handlerWith();
    await handler.handle(photo(await card()));
    const [reply] = box.texts();
    expect(box.texts()).toHaveLength(1);
    expect(reply).toContain('【证件照片核验】');
    expect(reply).toContain('✅ 指向官方查询平台 wxcx.mem.gov.cn');
    expect(reply).toContain('有效期至：2028-03-01（与平台一致）');
    expect(reply).toContain('签发机关：北京市应急管理局（与平台一致）');
    expect(reply).toContain(`✅ 有效｜张三 ${ID_A}`);
    expect(reply).not.toContain('线索');
    expect(svc.pipeline.calls.at(-1)?.query).toMatchObject({ idNumber: ID_A, name: '张三', valid: true });
    expect(await photoLeads()).toEqual([]);
  }, 60_000);

  it('an altered validity date: both dates side by side, an altered-card lead with its evidence', async () => {
    const { handler, box } = await handlerWith();
    const bytes = await card({ validUntil: '2032-03-01' });
    await handler.handle(photo(bytes));
    const [reply] = box.texts();
    expect(reply).toContain('有效期至：证上 2032-03-01｜平台 2028-03-01（❗不一致）');
    expect(reply).toContain('疑似涂改或伪造证件');
    expect(reply).toContain('✅ 有效'); // the platform's certificate is valid: the card is what lies
    const [lead] = await photoLeads();
    expect(lead).toMatchObject({
      status: 'valid',
      photoLead: 'altered_card',
      idNumber: ID_A,
      evidence: {
        photo: { differences: [{ label: '有效期至', card: '2032-03-01', platform: '2028-03-01' }] },
      },
    });
    expect(lead?.evidence.photo?.sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('a QR code opening a look-alike host: shown defanged, never as a link, a fake-platform lead', async () => {
    const { handler, box } = await handlerWith();
    await handler.handle(photo(await card({}, `https://cx-mem-gov.cn/query?cert=${TOKEN}`)));
    const [reply] = box.texts();
    expect(reply).toContain('❌ 疑似假冒查询网站');
    expect(reply).toContain('hxxps://cx-mem-gov[.]cn/query?cert=');
    expect(reply).not.toContain('https://cx-mem-gov.cn');
    expect((await photoLeads()).find((f) => f.photoLead === 'fake_platform')?.evidence.photo).toMatchObject({
      qrHost: 'cx-mem-gov.cn',
      qrText: expect.stringContaining('hxxps://cx-mem-gov[.]cn'),
    });
  }, 60_000);

  it('in a group the ID number is masked', async () => {
    const { handler, box } = await handlerWith();
    await handler.handle(photo(await card(), true));
    const [reply] = box.texts();
    expect(reply).toContain('张三 110105********002X');
    expect(reply).not.toContain(ID_A);
  }, 60_000);

  it('a number failing its check is asked for, and the next message with it completes the same photo', async () => {
    const { handler, box } = await handlerWith({ progressAfterMs: 0 });
    const bad = `${ID_A.slice(0, 17)}3`;
    await handler.handle(photo(await card({ idNumber: bad, certNumber: `T${bad}` })));
    expect(box.texts()[0]).toBe('正在识别图片…');
    expect(box.texts()[1]).toContain('证上的身份证号无法使用');
    expect(box.texts()[1]).toContain('证上姓名：张三');
    const calls = svc.pipeline.calls.length;
    await handler.handle(privateText(ID_A));
    expect(svc.pipeline.calls.length).toBe(calls + 1);
    expect(svc.pipeline.calls.at(-1)?.query).toMatchObject({ idNumber: ID_A, name: '张三' });
    expect(box.texts()[2]).toContain('【证件照片核验】');
    expect(box.texts()[2]).toContain(`✅ 有效｜张三 ${ID_A}`);
  }, 60_000);

  it('counts against the hourly budget like a query', async () => {
    const { handler, box } = await handlerWith({ maxQueriesPerHour: 1 });
    const other = { ...photo(await somethingElse()), sender: { id: 'user-9', name: '赵' } };
    await handler.handle(other);
    await handler.handle({ ...other, messageId: 'again' });
    expect(box.texts()[1]).toContain('每人每小时最多核验 1 个证件号');
  }, 60_000);
});

describe('bad pictures get a clear answer and the next message is answered as usual', () => {
  it.each([
    ['not an image (named .jpg)', async () => Buffer.from('这不是图片'), '不是能识别的图片'],
    ['a truncated JPEG', async () => truncatedJpeg(await card()), '图片不完整'],
    ['a 20000×20000 PNG', async () => claimedSizePng(20000, 20000), '图片尺寸太大'],
    ['a photo of something else', somethingElse, '图片中没有识别到证书'],
  ])(
    '%s',
    async (_, make, words) => {
      const { handler, box } = await handlerWith();
      const calls = svc.pipeline.calls.length;
      await handler.handle(photo(await make()));
      expect(box.texts()[0]).toContain(words);
      expect(svc.pipeline.calls.length).toBe(calls);
      await handler.handle(privateText(`张三 ${ID_A}`));
      expect(box.texts()[1]).toContain('✅ 有效');
    },
    60_000,
  );

  it('a QR code with 3 KB of text, or one pointing to javascript:, alone on a picture', async () => {
    const { handler, box } = await handlerWith();
    await handler.handle(photo(await drawQr(`https://cx.mem.gov.cn/${'A'.repeat(3000)}`, 900)));
    await handler.handle(photo(await drawQr('javascript:alert("有效")', 300)));
    const [long, script] = box.texts();
    expect(long).toContain('二维码内容过长');
    expect(script).toContain('javascript[:]alert');
    expect(script).not.toContain('javascript:alert');
    // No card on them: no number to check, asked for it.
    expect(script).toContain('请直接回复持证人的身份证号');
  }, 60_000);
});

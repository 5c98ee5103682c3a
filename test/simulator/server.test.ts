import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorData } from '../../src/simulator/data.js';
import { PLATFORM_FIELDS } from '../../src/simulator/platform-fields.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/server.js';
import { getCaptcha, netQuery, parseJson, queryParams, solvedQuery, type Who } from './helpers.js';

const ID = '11010519850312013X';
const DATA: SimulatorData = {
  certificates: [
    {
      kind: 'special',
      idNumber: ID,
      name: '张三',
      sex: '男',
      certNumber: `T${ID}`,
      category: '电工作业',
      item: '低压电工作业',
      validUntil: '2020-01-01',
      history: true,
    },
    {
      kind: 'special',
      idNumber: ID,
      name: '张三',
      sex: '男',
      certNumber: `T${ID}`,
      category: '电工作业',
      item: '低压电工作业',
      validFrom: '2020-01-01',
      validUntil: '2026-01-01',
      reviewDue: '2023-01-01',
      reviewedOn: '2022-12-01',
      platformStatus: '有效',
    },
    {
      kind: 'special',
      idNumber: ID,
      name: '张三',
      category: '焊接与热切割作业',
      item: '熔化焊接与热切割作业',
      validUntil: '2027-05-01',
    },
    {
      kind: 'safety',
      idNumber: ID,
      name: '张三',
      role: '安全生产管理人员',
      industry: '金属冶炼',
      validUntil: '2028-01-01',
    },
    {
      kind: 'safety',
      idNumber: ID,
      name: '张三',
      role: '主要负责人',
      industry: '金属冶炼',
      validUntil: '2029-01-01',
    },
  ],
};
const ZHANG: Who = { name: '张三', idcardNum: ID, personTypeCode: '03' };

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  sim = await startSimulator({ data: DATA, seed: 1, exposeCaptchaAnswer: true, ...options });
  return sim;
}

function body(text: string): { code: number; msg: string; data?: Array<Record<string, unknown>> } {
  return JSON.parse(text);
}

describe('captcha endpoint', () => {
  it('answers JSON with a 120x40 PNG in plain base64, a uuid and a session cookie', async () => {
    const s = await start();
    const c = await getCaptcha(s.url);
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const json = body(c.text) as unknown as { code: number; msg: string; img: string; uuid: string };
    expect(json).toMatchObject({ code: 200, msg: '操作成功' });
    expect(json.img.startsWith('data:')).toBe(false);
    expect(json.uuid).toMatch(/^[0-9a-f]{32}$/);
    const png = Buffer.from(json.img, 'base64');
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 120, height: 40 });
    expect(c.cookie).toMatch(/^JSESSIONID=[0-9A-F]{32}$/);
    expect(c.answer).toMatch(/^\d{4}$/);
  });

  it('keeps the session of a client that sends its cookie back', async () => {
    const s = await start();
    const first = await getCaptcha(s.url);
    const second = await getCaptcha(s.url, first.cookie);
    expect(second.headers.get('set-cookie')).toBeNull();
    expect(second.uuid).not.toBe(first.uuid);
  });

  it('hides the answer unless the test seam is on', async () => {
    const s = await start({ exposeCaptchaAnswer: false });
    expect((await getCaptcha(s.url)).answer).toBe('');
  });

  it('draws different pictures for each level and the same digits for the same seed', async () => {
    const answers: string[][] = [];
    const pictures: string[] = [];
    for (const captcha of ['off', 'easy', 'noisy', 'noisy'] as const) {
      const s = await start({ captcha, seed: 42 });
      const got = [await getCaptcha(s.url), await getCaptcha(s.url)];
      answers.push(got.map((c) => c.answer));
      pictures.push(got[0]?.img ?? '');
      await s.close();
    }
    expect(new Set(answers.map(String)).size).toBe(1);
    expect(new Set(pictures).size).toBe(3);
    expect(pictures[3]).toBe(pictures[2]);
  });
});

describe('query endpoint', () => {
  it('finds current certificates first, then history, in platform field names', async () => {
    const s = await start();
    const res = await solvedQuery(s.url, ZHANG);
    expect(res.status).toBe(200);
    const json = body(res.text);
    expect(json).toMatchObject({ code: 200, msg: '查询成功' });
    expect(json.data?.map((r) => [r[PLATFORM_FIELDS.item], r[PLATFORM_FIELDS.history]])).toEqual([
      ['低压电工作业', false],
      ['熔化焊接与热切割作业', false],
      ['低压电工作业', true],
    ]);
    expect(json.data?.[0]).toEqual({
      name: '张三',
      sex: '男',
      idcardNum: ID,
      certNum: `T${ID}`,
      jobCategoryName: '电工作业',
      operItemName: '低压电工作业',
      validBeginDate: '2020-01-01',
      validEndDate: '2026-01-01',
      shouldReviewDate: '2023-01-01',
      reviewDate: '2022-12-01',
      certStatus: '有效',
      isHistory: false,
    });
    expect(json.data?.[1]).toEqual({
      name: '张三',
      idcardNum: ID,
      jobCategoryName: '焊接与热切割作业',
      operItemName: '熔化焊接与热切割作业',
      validEndDate: '2027-05-01',
      isHistory: false,
    });
    expect(s.stats()).toMatchObject({ queries: 1, answered: 1, found: 1 });
  });

  it.each([
    ['03', ['低压电工作业', '熔化焊接与热切割作业', '低压电工作业']],
    ['02', ['安全生产管理人员']],
    ['01', ['主要负责人']],
  ])('personTypeCode %s asks about its own kind of certificate', async (personTypeCode, expected) => {
    const s = await start();
    const json = body((await solvedQuery(s.url, { ...ZHANG, personTypeCode })).text);
    const shown = json.data?.map((r) => r[PLATFORM_FIELDS.item] ?? r[PLATFORM_FIELDS.role]);
    expect(shown).toEqual(expected);
  });

  it('needs the ID number AND the name to match; a lower-case x matches X', async () => {
    const s = await start();
    const wrongName = body((await solvedQuery(s.url, { ...ZHANG, name: '张四' })).text);
    expect(wrongName).toEqual({ msg: '没有查询到相关证件信息！', code: 200, data: [] });
    const lower = body((await solvedQuery(s.url, { ...ZHANG, idcardNum: ID.toLowerCase() })).text);
    expect(lower.data).toHaveLength(3);
    expect(s.stats()).toMatchObject({ answered: 2, found: 1 });
  });

  it('refuses a wrong code with 验证码错误 and counts it', async () => {
    const s = await start();
    const c = await getCaptcha(s.url);
    const wrong = c.answer === '0000' ? '0001' : '0000';
    const res = await netQuery(s.url, queryParams(ZHANG, wrong, c.uuid), c.cookie);
    expect(body(res.text)).toEqual({ msg: '验证码错误', code: 500 });
    expect(s.stats()).toMatchObject({ wrongCaptchas: 1, answered: 0 });
  });

  it('lets a uuid answer only once, right or wrong', async () => {
    const s = await start();
    const c = await getCaptcha(s.url);
    const wrong = c.answer === '0000' ? '0001' : '0000';
    await netQuery(s.url, queryParams(ZHANG, wrong, c.uuid), c.cookie);
    const again = await netQuery(s.url, queryParams(ZHANG, c.answer, c.uuid), c.cookie);
    expect(body(again.text)).toEqual({ msg: '验证码已失效', code: 500 });
    const d = await getCaptcha(s.url, c.cookie);
    expect(body((await netQuery(s.url, queryParams(ZHANG, d.answer, d.uuid), c.cookie)).text).code).toBe(200);
    expect(body((await netQuery(s.url, queryParams(ZHANG, d.answer, d.uuid), c.cookie)).text).msg).toBe(
      '验证码已失效',
    );
    expect(s.stats().expiredCaptchas).toBe(2);
  });

  it('expires a captcha after 120 s', async () => {
    let clock = 1_000_000;
    const s = await start({ now: () => clock });
    const fresh = await getCaptcha(s.url);
    const stale = await getCaptcha(s.url, fresh.cookie);
    clock += 120_000;
    expect(
      body((await netQuery(s.url, queryParams(ZHANG, fresh.answer, fresh.uuid), fresh.cookie)).text).code,
    ).toBe(200);
    clock += 1;
    const late = await netQuery(s.url, queryParams(ZHANG, stale.answer, stale.uuid), fresh.cookie);
    expect(body(late.text)).toEqual({ msg: '验证码已失效', code: 500 });
  });

  it('requires the cookie of the session that fetched the captcha', async () => {
    const s = await start();
    const mine = await getCaptcha(s.url);
    const other = await getCaptcha(s.url);
    expect(other.cookie).not.toBe(mine.cookie);
    const noCookie = await netQuery(s.url, queryParams(ZHANG, mine.answer, mine.uuid));
    expect(body(noCookie.text)).toEqual({ msg: '验证码已失效', code: 500 });
    const otherCookie = await netQuery(s.url, queryParams(ZHANG, other.answer, other.uuid), mine.cookie);
    expect(body(otherCookie.text).msg).toBe('验证码已失效');
  });

  it.each(['name', 'idcardNum', 'personTypeCode', 'code', 'uuid'])(
    'answers 参数错误 when %s is missing',
    async (key) => {
      const s = await start();
      const c = await getCaptcha(s.url);
      const params = queryParams(ZHANG, c.answer, c.uuid);
      delete params[key];
      const json = body((await netQuery(s.url, params, c.cookie)).text);
      expect(json.code).toBe(500);
      expect(json.msg).toMatch(/^参数错误/);
    },
  );

  it('answers 参数错误 for an unknown personTypeCode', async () => {
    const s = await start();
    const json = body((await solvedQuery(s.url, { ...ZHANG, personTypeCode: '04' })).text);
    expect(json.msg).toMatch(/^参数错误/);
  });
});

describe('other paths', () => {
  it('answers 404 HTML for anything else', async () => {
    const s = await start();
    for (const path of ['/', '/prod-api/certsearch/other', '/special?index=0']) {
      const res = await fetch(s.url + path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('404 Not Found');
    }
    const post = await fetch(`${s.url}/prod-api/certsearch/code`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(parseJson(await post.text())).toBeUndefined();
  });
});

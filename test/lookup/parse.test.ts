import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BlockedError, LookupError, PlatformError, UnexpectedAnswerError } from '../../src/domain/errors.js';
import { CaptchaMiss, parseCaptchaAnswer, parseQueryAnswer } from '../../src/lookup/national/parse.js';
import { normalisePlatformDate } from '../../src/lookup/national/platform-date.js';

const aliases = loadConfig({ env: {} }).lookup.fieldAliases;
const JSON_TYPE = 'application/json;charset=UTF-8';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/platform/${name}`, import.meta.url));
const parse = (name: string, kind: 'special' | 'safety' = 'special') =>
  parseQueryAnswer(
    fixture(name),
    name.endsWith('.html') ? 'text/html; charset=utf-8' : JSON_TYPE,
    aliases,
    kind,
  );

describe('parseQueryAnswer on saved platform answers', () => {
  it('reads one certificate with every field through the aliases', () => {
    const answer = parse('found-one.json');
    expect(answer.history).toEqual([]);
    expect(answer.current).toEqual([
      {
        kind: 'special',
        idNumber: '110105198503120135',
        name: '张伟',
        sex: '男',
        certNumber: 'T110105198503120135',
        category: '电工作业',
        item: '低压电工作业',
        firstIssued: '2025-03-10',
        validFrom: '2025-03-10',
        validUntil: '2031-03-10',
        reviewDue: '2028-03-10',
        issuer: '北京市应急管理局',
        platformStatus: '有效',
      },
    ]);
  });

  it('reads the due review from shouldReviewDate and the review done from reviewDate', () => {
    const welding = parse('found-several.json').current[1];
    expect(welding).toMatchObject({ reviewDue: '2020-04-11', reviewedOn: '2020-03-02' });
  });

  it('reads several current certificates and keeps history apart', () => {
    const answer = parse('found-several.json');
    expect(answer.current.map((c) => c.item)).toEqual(['低压电工作业', '熔化焊接与热切割作业']);
    expect(answer.history).toHaveLength(1);
    expect(answer.history[0]).toMatchObject({ validUntil: '2024-10-08', reviewedOn: '2021-09-14' });
  });

  it('puts history records in history, in order', () => {
    const answer = parse('with-history.json');
    expect(answer.current.map((c) => c.validUntil)).toEqual(['2032-08-20']);
    expect(answer.history.map((c) => c.validUntil)).toEqual(['2026-08-20', '2020-08-20']);
  });

  it('drops duplicate cards', () => {
    const answer = parse('found-duplicate.json');
    expect(answer.current).toHaveLength(1);
    expect(answer.current[0]?.item).toBe('煤气作业');
  });

  it('reads a safety certificate with its role and industry', () => {
    const answer = parse('found-safety.json', 'safety');
    expect(answer.current[0]).toMatchObject({
      kind: 'safety',
      role: '安全生产管理人员',
      industry: '金属冶炼',
    });
  });

  it('reads nothing found as an empty answer', () => {
    expect(parse('not-found.json')).toEqual({ current: [], history: [] });
  });

  it('signals a wrong captcha as a CaptchaMiss, never as an answer', () => {
    expect(() => parse('captcha-error.json')).toThrow(CaptchaMiss);
    try {
      parse('captcha-error.json');
    } catch (error) {
      expect(error).toMatchObject({ reason: 'wrong' });
      expect(error).not.toBeInstanceOf(LookupError);
    }
  });

  it('signals an expired uuid as a CaptchaMiss', () => {
    expect(() => parse('uuid-expired.json')).toThrow(expect.objectContaining({ reason: 'expired' }));
    const msg = JSON.stringify({ code: 500, msg: '验证码已过期，请刷新' });
    expect(() => parseQueryAnswer(msg, JSON_TYPE, aliases, 'special')).toThrow(CaptchaMiss);
  });

  it('reads the WAF page as BlockedError naming the page', () => {
    expect(() => parse('blocked.html')).toThrow(BlockedError);
    expect(() => parse('blocked.html')).toThrow(/访问被拒绝/);
  });

  it('reads truncated JSON as UnexpectedAnswerError', () => {
    expect(() => parseQueryAnswer(fixture('garbage.txt'), JSON_TYPE, aliases, 'special')).toThrow(
      UnexpectedAnswerError,
    );
  });
});

describe('parseQueryAnswer on other answers', () => {
  it('decodes a GBK maintenance page and names its title', () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>系统维护中</title></head><body>系统升级维护，请稍后访问</body></html>';
    const bytes = iconv.encode(html, 'gbk');
    expect(bytes.includes(Buffer.from('系统维护中'))).toBe(false); // really not UTF-8
    expect(() => parseQueryAnswer(bytes, 'text/html', aliases, 'special')).toThrow(UnexpectedAnswerError);
    expect(() => parseQueryAnswer(bytes, 'text/html', aliases, 'special')).toThrow(/系统维护中/);
  });

  it('decodes a GBK block page by its Content-Type charset', () => {
    const bytes = iconv.encode('<html><title>提示</title><body>您的访问过于频繁</body></html>', 'gb18030');
    expect(() => parseQueryAnswer(bytes, 'text/html; charset=GB18030', aliases, 'special')).toThrow(
      BlockedError,
    );
  });

  it('reports any other platform message as PlatformError', () => {
    const body = JSON.stringify({ code: 500, msg: '参数错误：姓名不能为空' });
    expect(() => parseQueryAnswer(body, JSON_TYPE, aliases, 'special')).toThrow(PlatformError);
    expect(() => parseQueryAnswer(body, JSON_TYPE, aliases, 'special')).toThrow(/姓名不能为空/);
  });

  it('never reads an empty list with an odd message as nothing found', () => {
    const body = JSON.stringify({ code: 200, msg: '系统繁忙', data: [] });
    expect(() => parseQueryAnswer(body, JSON_TYPE, aliases, 'special')).toThrow(UnexpectedAnswerError);
  });

  it('accepts the older nothing-found message without data', () => {
    const body = JSON.stringify({
      code: 500,
      msg: '没有查询到相关证件信息，请核实后重新查询或联系发证机关补登信息！',
    });
    expect(parseQueryAnswer(body, JSON_TYPE, aliases, 'special')).toEqual({ current: [], history: [] });
  });

  it('maps other alias names, odd date formats, a 历史数据 divider and fills a masked ID', () => {
    const body = JSON.stringify({
      code: 200,
      data: [
        {
          xm: '李娜',
          xb: '2',
          sfzh: '3201**********0023',
          czxm: '高处安装、维护、拆除作业',
          yxqjsrq: 1893427200000,
          clrq: '2019/3/5',
          yfsrq: '20250305',
        },
        { note: '历史数据' },
        { xm: '李娜', yxqjsrq: '2019-03-05 00:00:00', yxqksrq: '2013年3月5日' },
      ],
    });
    const asked = { idNumber: '320102199001010023', name: '李娜' };
    const answer = parseQueryAnswer(body, JSON_TYPE, aliases, 'special', asked);
    expect(answer.current).toEqual([
      {
        kind: 'special',
        idNumber: '320102199001010023',
        name: '李娜',
        sex: '女',
        item: '高处安装、维护、拆除作业',
        validUntil: '2030-01-01',
        firstIssued: '2019-03-05',
        reviewDue: '2025-03-05',
      },
    ]);
    expect(answer.history).toEqual([
      {
        kind: 'special',
        idNumber: '320102199001010023',
        name: '李娜',
        validUntil: '2019-03-05',
        validFrom: '2013-03-05',
      },
    ]);
  });

  it('reads the scraper’s other names: jobTypeName, allowItem, cardNo, and certStatus kept as it is', () => {
    const body = JSON.stringify({
      code: 200,
      msg: '查询成功',
      data: [
        {
          name: '王芳',
          idcardNum: '310115199007080247',
          cardNo: 'T310115199007080247',
          jobTypeName: '焊接与热切割作业',
          allowItem: '熔化焊接与热切割作业',
          validBeginDate: '2023-06-20',
          validEndDate: '2029-06-20',
          shouldReviewDate: '2026-06-20',
          reviewDate: '2026-05-12',
          issueOrgName: '上海市应急管理局',
          certStatus: ' 有效 ',
        },
      ],
    });
    expect(parseQueryAnswer(body, JSON_TYPE, aliases, 'special').current).toEqual([
      {
        kind: 'special',
        idNumber: '310115199007080247',
        name: '王芳',
        certNumber: 'T310115199007080247',
        category: '焊接与热切割作业',
        item: '熔化焊接与热切割作业',
        validFrom: '2023-06-20',
        validUntil: '2029-06-20',
        reviewDue: '2026-06-20',
        reviewedOn: '2026-05-12',
        issuer: '上海市应急管理局',
        platformStatus: '有效',
      },
    ]);
  });

  it('refuses a record without an end date rather than guessing (names the fields it got)', () => {
    const body = JSON.stringify({ code: 200, data: [{ name: '王芳', someDate: '2030-01-01' }] });
    expect(() => parseQueryAnswer(body, JSON_TYPE, aliases, 'special')).toThrow(/有效期结束日期.*someDate/);
  });
});

describe('normalisePlatformDate', () => {
  it.each([
    ['2024-01-02', '2024-01-02'],
    ['2024/1/2', '2024-01-02'],
    ['2024.1.2', '2024-01-02'],
    ['20240102', '2024-01-02'],
    ['2024-01-02 00:00:00', '2024-01-02'],
    ['2024年1月2日', '2024-01-02'],
    // 16:00 UTC is midnight of the next day in China
    ['2024-01-01T16:00:00.000Z', '2024-01-02'],
    ['2024-01-02T00:00:00+08:00', '2024-01-02'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePlatformDate(input)).toBe(expected);
  });

  it('reads epoch millis in China time, as a number or a string', () => {
    const millis = Date.UTC(2024, 0, 1, 16, 30); // 2024-01-02 00:30 in China
    expect(normalisePlatformDate(millis)).toBe('2024-01-02');
    expect(normalisePlatformDate(String(millis))).toBe('2024-01-02');
  });

  it.each(['2023-02-29', '长期', '', '2024-13-01'])('rejects %j', (input) => {
    expect(normalisePlatformDate(input)).toBeUndefined();
  });
});

describe('parseCaptchaAnswer', () => {
  it('reads the image and uuid, with or without a data: prefix', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const plain = parseCaptchaAnswer(
      JSON.stringify({ code: 200, img: png.toString('base64'), uuid: 'u1' }),
      JSON_TYPE,
    );
    expect(plain).toEqual({ uuid: 'u1', image: png });
    const prefixed = parseCaptchaAnswer(
      JSON.stringify({ code: 200, img: `data:image/png;base64,${png.toString('base64')}`, uuid: 'u2' }),
      JSON_TYPE,
    );
    expect(prefixed.image).toEqual(png);
  });

  it('reads a switched-off captcha as no image', () => {
    expect(
      parseCaptchaAnswer(JSON.stringify({ code: 200, captchaEnabled: false, uuid: '' }), JSON_TYPE),
    ).toEqual({ uuid: '' });
  });

  it('refuses an answer without an image, and a block page', () => {
    expect(() => parseCaptchaAnswer(JSON.stringify({ code: 200, uuid: 'u' }), JSON_TYPE)).toThrow(
      UnexpectedAnswerError,
    );
    expect(() => parseCaptchaAnswer(fixture('blocked.html'), 'text/html')).toThrow(BlockedError);
  });
});

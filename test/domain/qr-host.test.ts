import { describe, expect, it } from 'vitest';
import { defang, judgeQrText } from '../../src/domain/qr-host.js';

const RULES = { officialHosts: ['cx.mem.gov.cn', 'wxcx.mem.gov.cn'], maxChars: 1024 };
const TOKEN = '45DE6E4A327FF78E1ACAD4DC0CF147AA';

describe('judgeQrText: official codes', () => {
  it('takes the scan host with its token after the last #', () => {
    const qr = judgeQrText(`https://wxcx.mem.gov.cn/certsearch/cert/qrcode#${TOKEN}`, RULES);
    expect(qr).toMatchObject({ official: true, host: 'wxcx.mem.gov.cn', token: TOKEN });
    expect(qr.reason).toBeUndefined();
  });

  it('takes the lookup host, upper-case letters, the default port written out and a trailing dot', () => {
    for (const text of [
      'https://cx.mem.gov.cn/special?index=0',
      'HTTPS://CX.MEM.GOV.CN/x',
      'https://cx.mem.gov.cn:443/x',
      'https://cx.mem.gov.cn./x',
    ]) {
      const qr = judgeQrText(text, RULES);
      expect(qr.official, text).toBe(true);
      expect(qr.host).toBe('cx.mem.gov.cn');
    }
  });

  it('takes http: to an official host (the host decides whose page opens)', () => {
    expect(judgeQrText(`http://wxcx.mem.gov.cn/q#${TOKEN}`, RULES)).toMatchObject({
      official: true,
      token: TOKEN,
    });
  });

  it('keeps the token of the last # only, and none when it has no token shape', () => {
    expect(judgeQrText(`https://cx.mem.gov.cn/a#x#${TOKEN}`, RULES).token).toBe(TOKEN);
    expect(judgeQrText('https://cx.mem.gov.cn/a#<script>', RULES).token).toBeUndefined();
    expect(judgeQrText('https://cx.mem.gov.cn/a', RULES).token).toBeUndefined();
  });

  it('follows the configured list, not a built-in one', () => {
    const rules = { officialHosts: ['cert.example.gov.cn'], maxChars: 1024 };
    expect(judgeQrText('https://cert.example.gov.cn/a', rules).official).toBe(true);
    expect(judgeQrText('https://cx.mem.gov.cn/a', rules).official).toBe(false);
  });
});

describe('judgeQrText: fake platforms', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['https://cx.mem.gov.cn.example.com/q#1', 'cx.mem.gov.cn.example.com', /以 cx\.mem\.gov\.cn 开头/],
    ['https://cx-mem-gov.cn/query', 'cx-mem-gov.cn', /形似/],
    ['https://cxmemgov.cn/query', 'cxmemgov.cn', /形似/],
    ['https://cx.mem-gov.cn/query', 'cx.mem-gov.cn', /形似/],
    ['https://wxcx.mem.gov.com/q', 'wxcx.mem.gov.com', /形似/],
    ['https://xn--cx-mem-gov-8k5k.cn/', 'xn--cx-mem-gov-8k5k.cn', /特殊字符/],
    ['https://сх.mem.gov.cn/q', 'xn--q1ai.mem.gov.cn', /特殊字符/], // Cyrillic с and х
    ['https://cx.mеm.gov.cn/q', 'cx.xn--mm-nlc.gov.cn', /特殊字符/], // Cyrillic е among Latin letters
    ['https://cx.mem.gov.cn。example.com/q', 'cx.mem.gov.cn.example.com', /以 cx\.mem\.gov\.cn 开头/],
    [
      'https://cx.mem.gov.cn@evil.cn/',
      'evil.cn',
      /用户名（cx\[\.\]mem\[\.\]gov\[\.\]cn）作掩护，实际打开的是 evil\[\.\]cn/,
    ],
    ['https://user:pw@cx.mem.gov.cn/', 'cx.mem.gov.cn', /带有用户名（user）/],
    ['https://cx.mem.gov.cn:8443/q', 'cx.mem.gov.cn', /端口 8443/],
    ['https://evil.cx.mem.gov.cn/q', 'evil.cx.mem.gov.cn', /cx\.mem\.gov\.cn 下的另一个地址/],
    ['http://123.45.67.89/cert', '123.45.67.89', /IP 地址/],
    [
      'https://zscx-query.top/cert?id=1',
      'zscx-query.top',
      /不是官方查询平台（官方网址只有 cx\.mem\.gov\.cn、wxcx\.mem\.gov\.cn）/,
    ],
  ];
  for (const [text, host, reason] of cases) {
    it(`flags ${text}`, () => {
      const qr = judgeQrText(text, RULES);
      expect(qr.official).toBe(false);
      expect(qr.host).toBe(host);
      expect(qr.reason).toMatch(reason);
      expect(qr.token).toBeUndefined();
      expect(qr.defanged).not.toMatch(/https?:|[^[]\.[^\]]/);
      // The suspicious host is never written plainly, even in the reason (a chat would make it a link).
      if (!RULES.officialHosts.includes(host)) expect(qr.reason).not.toContain(host);
    });
  }

  it('sees through a backslash that a browser reads as a slash', () => {
    const qr = judgeQrText('https://evil.cn\\@cx.mem.gov.cn/', RULES);
    expect(qr).toMatchObject({ official: false, host: 'evil.cn' });
  });

  it('flags javascript:, data: and plain text as no web address', () => {
    expect(judgeQrText('javascript:alert(1)', RULES)).toMatchObject({
      official: false,
      reason: expect.stringMatching(/javascript 链接/),
      defanged: 'javascript[:]alert(1)',
    });
    expect(judgeQrText('data:text/html,<b>有效</b>', RULES).reason).toMatch(/data 链接/);
    const plain = judgeQrText('T110105198503120135 张伟 有效', RULES);
    expect(plain).toMatchObject({ official: false, reason: expect.stringMatching(/不是网址/) });
    expect(plain.host).toBeUndefined();
    expect(judgeQrText('ftp://cx.mem.gov.cn/x', RULES).reason).toMatch(/ftp 链接/);
  });

  it('flags a text over the limit and keeps only the limit', () => {
    const long = `https://cx.mem.gov.cn/#${'A'.repeat(3000)}`;
    const qr = judgeQrText(long, RULES);
    expect(qr.official).toBe(false);
    expect(qr.reason).toMatch(/过长（3023 个字符）/);
    expect(qr.text).toHaveLength(1024);
    expect(qr.defanged.length).toBeLessThanOrEqual(140);
  });
});

describe('defang', () => {
  it('leaves nothing clickable', () => {
    expect(defang('https://evil.cn/cert?id=1')).toBe('hxxps://evil[.]cn/cert?id=1');
    expect(defang('HTTP://a.b@c.d')).toBe('hxxp://a[.]b[@]c[.]d');
  });

  it('cuts long text to 120 characters with an ellipsis and flattens line breaks', () => {
    const shown = defang(`https://evil.cn/${'好'.repeat(200)}`);
    expect(shown.endsWith('…')).toBe(true);
    expect(Array.from(shown.replace('[.]', '.'))).toHaveLength(121);
    expect(defang('a\nb\r\nc\u0000d')).toBe('a b c d');
  });
});

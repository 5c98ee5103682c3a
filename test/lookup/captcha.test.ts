import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { CaptchaError, ConfigError } from '../../src/domain/errors.js';
import { createCaptchaSolver } from '../../src/lookup/captcha/create.js';
import { HttpSolver } from '../../src/lookup/captcha/http.js';
import { OcrSolver } from '../../src/lookup/captcha/ocr.js';
import { CaptchaChain, type CaptchaSolver, captchaText } from '../../src/lookup/captcha/solver.js';
import { TerminalOperator } from '../../src/lookup/captcha/terminal-operator.js';

const FIXTURES = new URL('../fixtures/captcha/', import.meta.url);
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.png'));
const PNG = Buffer.from('not really a png');

function fixed(name: string, answer: string | Error): CaptchaSolver & { feedbacks: string[] } {
  const feedbacks: string[] = [];
  return {
    name,
    feedbacks,
    solve: async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    },
    feedback: (a, ok) => feedbacks.push(`${a}:${ok}`),
  };
}

describe('OCR solver', () => {
  const ocr = new OcrSolver();
  afterAll(() => ocr.terminate());

  // A few fixtures keep the suite fast; bench/lookup.bench.ts measures the rate on hundreds.
  const easy = fixtures.filter((f) => f.startsWith('easy-')).slice(0, 5);
  it.each(easy)('reads %s', async (file) => {
    const expected = /-(\d{4})\.png$/.exec(file)?.[1];
    expect(await ocr.solve(readFileSync(new URL(file, FIXTURES)))).toBe(expected);
  });

  it('rejects a blank picture with CaptchaError', async () => {
    const sharp = (await import('sharp')).default;
    const blank = await sharp({ create: { width: 120, height: 40, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    await expect(ocr.solve(blank)).rejects.toThrow(CaptchaError);
  });

  it('terminate can be called twice, and the solver starts again after it', async () => {
    await ocr.terminate();
    await ocr.terminate();
    const file = easy[0] as string;
    expect(await ocr.solve(readFileSync(new URL(file, FIXTURES)))).toBe(/-(\d{4})\.png$/.exec(file)?.[1]);
  });
});

describe('captcha chain', () => {
  it('passes to the next solver on a throw or a non-4-digit answer', async () => {
    const chain = new CaptchaChain([
      fixed('a', new Error('boom')),
      fixed('b', '12a4'),
      fixed('c', ' 4 2 1 7 '),
    ]);
    expect(await chain.solve(PNG)).toBe('4217');
  });

  it('folds full-width digits', () => {
    expect(captchaText('１２３４')).toBe('1234');
    expect(captchaText('12345')).toBeUndefined();
  });

  it('fails with CaptchaError naming every solver when none can read it', async () => {
    const chain = new CaptchaChain([fixed('ocr', new Error('看不清')), fixed('http', '')]);
    await expect(chain.solve(PNG)).rejects.toThrow(CaptchaError);
    await expect(chain.solve(PNG)).rejects.toThrow(/ocr：看不清.*http：结果不是 4 位数字/);
  });

  it('sends feedback to the solver whose answer was used', async () => {
    const a = fixed('a', 'x');
    const b = fixed('b', '5555');
    const chain = new CaptchaChain([a, b]);
    chain.feedback(await chain.solve(PNG), false);
    expect(a.feedbacks).toEqual([]);
    expect(b.feedbacks).toEqual(['5555:false']);
  });

  it('is built from config; operator needs a channel', async () => {
    const captcha = loadConfig({ env: {} }).captcha;
    expect(createCaptchaSolver({ ...captcha, chain: ['ocr'] }).name).toBe('chain');
    expect(() => createCaptchaSolver({ ...captcha, chain: ['ocr', 'operator'] })).toThrow(ConfigError);
    const asked: number[] = [];
    const solver = createCaptchaSolver(
      { ...captcha, chain: ['operator'], operator: { timeoutMs: 5000 } },
      {
        operator: {
          ask: async (_png, timeoutMs) => {
            asked.push(timeoutMs);
            return '7788';
          },
        },
      },
    );
    expect(await solver.solve(PNG)).toBe('7788');
    expect(asked).toEqual([5000]);
  });
});

describe('http solver', () => {
  let server: Server;
  let url = '';
  const received: unknown[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body));
        if (req.url === '/slow') return; // never answers
        res.writeHead(req.url === '/broken' ? 500 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { result: '0815' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const settings = (path: string, timeoutMs = 2000) => ({
    url: url + path,
    imageField: 'img',
    resultField: 'data.result',
    timeoutMs,
  });

  it('posts the image as base64 and reads the result field', async () => {
    expect(await new HttpSolver(settings('/ocr')).solve(PNG)).toBe('0815');
    expect(received.at(-1)).toEqual({ img: PNG.toString('base64') });
  });

  it('fails with CaptchaError on an error status or a timeout', async () => {
    await expect(new HttpSolver(settings('/broken')).solve(PNG)).rejects.toThrow(/HTTP 500/);
    await expect(new HttpSolver(settings('/slow', 150)).solve(PNG)).rejects.toThrow(CaptchaError);
  });

  it('refuses a missing URL as a config error', () => {
    expect(() => new HttpSolver({ ...settings(''), url: '' })).toThrow(ConfigError);
  });
});

describe('terminal operator', () => {
  it('saves the picture, asks, and reads the answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'operator-test-'));
    const input = join(dir, 'in.txt');
    const output = join(dir, 'out.txt');
    writeFileSync(input, ' 3141 \n');
    expect(await new TerminalOperator({ input, output }).ask(PNG, 5000)).toBe('3141');
    const question = readFileSync(output, 'utf8');
    expect(question).toMatch(/验证码图片已保存到 .*captcha\.png/);
    expect(question).toContain('5 秒内');
  });

  it('fails fast with a clear message when there is no terminal', async () => {
    const operator = new TerminalOperator({ input: '/nonexistent/tty', output: '/nonexistent/tty' });
    await expect(operator.ask(PNG, 60_000)).rejects.toThrow(/没有可用的终端/);
  });
});

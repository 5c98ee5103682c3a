/**
 * An OperatorChannel on the terminal: the captcha is saved to a temporary PNG, its path printed, and the
 * answer read from /dev/tty (so it works even when standard input carries data). Without a terminal it
 * fails at once with a clear message instead of waiting for nobody.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { CaptchaError } from '../../domain/errors.js';
import type { OperatorChannel } from './operator.js';

/** Where the question is read from and written to (tests pass other files). */
export interface TerminalDevices {
  input: string;
  output: string;
}

const TTY: TerminalDevices = { input: '/dev/tty', output: '/dev/tty' };

export class TerminalOperator implements OperatorChannel {
  constructor(private readonly devices: TerminalDevices = TTY) {}

  async ask(png: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    const input = createReadStream(this.devices.input);
    const output = createWriteStream(this.devices.output);
    try {
      await Promise.all([once(input, 'open'), once(output, 'open')]);
    } catch (cause) {
      input.destroy();
      output.destroy();
      throw new CaptchaError('没有可用的终端，无法人工输入验证码（请改用 --captcha ocr 或 http）', { cause });
    }
    const dir = await mkdtemp(join(tmpdir(), 'cert-verify-captcha-'));
    const file = join(dir, 'captcha.png');
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      await writeFile(file, png);
      // The question is registered in the same tick the reader starts, so no typed line is missed.
      const rl = createInterface({ input, output, terminal: false });
      const question = `验证码图片已保存到 ${file}\n请打开图片，输入其中的 4 位数字（${Math.round(timeoutMs / 1000)} 秒内）：`;
      try {
        return (
          await rl.question(question, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout })
        ).trim();
      } finally {
        rl.close();
      }
    } catch (error) {
      signal?.throwIfAborted();
      if (timeout.aborted) throw new CaptchaError('未在时限内输入验证码');
      throw new CaptchaError('读取人工输入的验证码失败', { cause: error });
    } finally {
      input.destroy();
      await new Promise<void>((resolve) => output.end(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The `http` solver: the captcha goes to an OCR service the user runs (ddddocr-style) as base64 in a JSON field
 * (captcha.http.imageField); the answer is read from captcha.http.resultField (a dotted path, e.g. `data.result`).
 */
import type { Config } from '../../config/schema.js';
import { CaptchaError, ConfigError } from '../../domain/errors.js';
import type { CaptchaSolver } from './solver.js';

export type HttpSolverSettings = Config['captcha']['http'];

export class HttpSolver implements CaptchaSolver {
  readonly name = 'http';
  readonly #settings: HttpSolverSettings;

  constructor(settings: HttpSolverSettings) {
    if (!/^https?:\/\//.test(settings.url)) {
      throw new ConfigError('配置项 captcha.http.url 应为验证码识别服务的地址（http:// 或 https:// 开头）');
    }
    this.#settings = settings;
  }

  async solve(png: Buffer, signal?: AbortSignal): Promise<string> {
    const { url, imageField, resultField, timeoutMs } = this.#settings;
    // Loaded on the first captcha: most runs never solve one.
    const { default: axios, isAxiosError } = await import('axios');
    let data: unknown;
    try {
      const response = await axios.post(
        url,
        { [imageField]: png.toString('base64') },
        {
          timeout: timeoutMs,
          signal,
          responseType: 'json',
          headers: { 'Content-Type': 'application/json' },
        },
      );
      data = response.data;
    } catch (error) {
      signal?.throwIfAborted();
      const why = isAxiosError(error)
        ? error.response
          ? `HTTP ${error.response.status}`
          : (error.code ?? error.message)
        : String(error);
      throw new CaptchaError(`验证码识别服务不可用（${why}）`, { cause: error });
    }
    const result = resultField
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
        data,
      );
    if (typeof result !== 'string' && typeof result !== 'number') {
      throw new CaptchaError(`验证码识别服务的回答中没有字段 ${resultField}`);
    }
    return String(result);
  }
}

/**
 * The built-in OCR solver: tesseract.js with the English model shipped in @tesseract.js-data/eng (offline:
 * no download, no cache), digits only, one word per picture. One worker, created on first use and reused;
 * `terminate()` ends it. The picture is cleaned first (clean-image.ts); when a reading is not four digits the
 * next layout is tried.
 */
import { createRequire } from 'node:module';
import type { Worker } from 'tesseract.js';
import { CaptchaError } from '../../domain/errors.js';
import { logger } from '../../util/logger.js';
import type { LineLayout } from './clean-image.js';
import { type CaptchaSolver, captchaText } from './solver.js';

const log = logger('captcha-ocr');
const DIGITS = 4;

/** Layouts tried in order (tuned on the simulator's captchas; see bench/lookup.bench.ts). */
const LAYOUTS: readonly LineLayout[] = [
  { gap: 6, scale: 3, blur: 2, threshold: 160 },
  { gap: 10, scale: 2, blur: 1.5, threshold: 150 },
  { gap: 4, scale: 4, blur: 2.5, threshold: 160 },
];

/** Where the shipped English model lives (the package exports its folder and that it is gzipped). */
function shippedModel(): { langPath: string; gzip: boolean } {
  const require = createRequire(import.meta.url);
  const model = require('@tesseract.js-data/eng') as { langPath: string; gzip: boolean };
  return { langPath: model.langPath, gzip: model.gzip };
}

/** Offline OCR of digit captchas. */
export class OcrSolver implements CaptchaSolver {
  readonly name = 'ocr';
  #worker: Promise<Worker> | undefined;

  async solve(png: Buffer, signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    // Loaded on first use: sharp and tesseract.js are heavy, and most runs never see a captcha (cache, registry).
    const { digitColumns, digitLine, inkMask } = await import('./clean-image.js');
    const mask = await inkMask(png);
    const columns = digitColumns(mask, DIGITS);
    if (columns.length === 0) throw new CaptchaError('验证码图片中没有找到字符');
    const worker = await this.#start();
    const readings: string[] = [];
    for (const layout of LAYOUTS) {
      signal?.throwIfAborted();
      const { data } = await worker.recognize(await digitLine(mask, columns, layout));
      const answer = captchaText(data.text);
      if (answer) return answer;
      readings.push(data.text.trim() || '（空）');
    }
    throw new CaptchaError(`文字识别未能读出 4 位数字（读到：${readings.join('、')}）`);
  }

  /** End the worker; a later solve starts a new one. */
  async terminate(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await (await worker.catch(() => undefined))?.terminate();
  }

  #start(): Promise<Worker> {
    this.#worker ??= this.#create().catch((error: unknown) => {
      this.#worker = undefined;
      throw new CaptchaError('无法启动文字识别（tesseract.js）', { cause: error });
    });
    return this.#worker;
  }

  async #create(): Promise<Worker> {
    const { createWorker, OEM, PSM } = await import('tesseract.js');
    const { langPath, gzip } = shippedModel();
    const worker = await createWorker('eng', OEM.LSTM_ONLY, { langPath, gzip, cacheMethod: 'none' });
    await worker.setParameters({
      tessedit_char_whitelist: '0123456789',
      tessedit_pageseg_mode: PSM.SINGLE_WORD,
      user_defined_dpi: '300',
    });
    log.debug({ langPath }, 'tesseract worker ready');
    return worker;
  }
}

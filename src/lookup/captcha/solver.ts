/**
 * Captcha solvers: something that reads the platform's 4-digit captcha from its PNG. Several can be chained:
 * the built-in OCR first, an OCR service, then a person.
 */
import { CaptchaError } from '../../domain/errors.js';

export interface CaptchaSolver {
  /** Short name for logs and counters (`ocr`, `http`, `operator`, `chain`). */
  readonly name: string;
  /** The captcha's text; rejects when it cannot be read. */
  solve(png: Buffer, signal?: AbortSignal): Promise<string>;
  /** Told whether the platform accepted an answer this solver gave. */
  feedback?(answer: string, correct: boolean): void;
  /** Release what the solver holds (an OCR worker); safe to call more than once. */
  terminate?(): Promise<void>;
}

const CAPTCHA_TEXT = /^\d{4}$/;
const FULL_WIDTH_DIGITS = /[０-９]/g;

/** An answer in the platform's shape (four ASCII digits), or undefined: spaces dropped, full-width digits folded. */
export function captchaText(raw: string): string | undefined {
  const text = raw
    .replace(/\s+/g, '')
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return CAPTCHA_TEXT.test(text) ? text : undefined;
}

/**
 * Try solvers in order: one that throws or answers something other than four digits passes to the next.
 * Feedback goes to the solver that gave the latest answer. Rejects with CaptchaError when none could read it.
 */
export class CaptchaChain implements CaptchaSolver {
  readonly name = 'chain';
  readonly #solvers: readonly CaptchaSolver[];
  #last: { answer: string; solver: CaptchaSolver } | undefined;

  constructor(solvers: readonly CaptchaSolver[]) {
    this.#solvers = solvers;
  }

  async solve(png: Buffer, signal?: AbortSignal): Promise<string> {
    const problems: string[] = [];
    let lastError: unknown;
    for (const solver of this.#solvers) {
      signal?.throwIfAborted();
      try {
        const answer = captchaText(await solver.solve(png, signal));
        if (answer) {
          this.#last = { answer, solver };
          return answer;
        }
        problems.push(`${solver.name}：结果不是 4 位数字`);
      } catch (error) {
        signal?.throwIfAborted();
        lastError = error;
        problems.push(`${solver.name}：${error instanceof Error ? error.message : String(error)}`);
      }
    }
    throw new CaptchaError(`验证码识别失败（${problems.join('；')}）`, { cause: lastError });
  }

  feedback(answer: string, correct: boolean): void {
    if (this.#last?.answer !== answer) return;
    this.#last.solver.feedback?.(answer, correct);
    this.#last = undefined;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.#solvers.map((s) => s.terminate?.()));
  }
}

/**
 * Build the captcha solver the configuration asks for (captcha.chain), e.g. `["ocr", "operator"]`.
 */
import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../domain/errors.js';
import { assertNever } from '../../domain/status.js';
import { HttpSolver } from './http.js';
import { OcrSolver } from './ocr.js';
import { type OperatorChannel, OperatorSolver } from './operator.js';
import { CaptchaChain, type CaptchaSolver } from './solver.js';

export interface CaptchaDeps {
  /** Who reads captchas for the `operator` solver (the terminal or the chat admin). */
  operator?: OperatorChannel;
}

/** The chain of solvers named in `config.chain`; call `terminate()` on it when done. */
export function createCaptchaSolver(config: Config['captcha'], deps: CaptchaDeps = {}): CaptchaSolver {
  const solvers = config.chain.map((name): CaptchaSolver => {
    switch (name) {
      case 'ocr':
        return new OcrSolver();
      case 'http':
        return new HttpSolver(config.http);
      case 'operator':
        if (!deps.operator)
          throw new ConfigError('配置项 captcha.chain 含 operator，但没有可以人工识别验证码的渠道');
        return new OperatorSolver(deps.operator, config.operator.timeoutMs);
      default:
        return assertNever(name);
    }
  });
  return new CaptchaChain(solvers);
}

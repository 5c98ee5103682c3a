/**
 * The typed error family. The one rule it exists for: a lookup that failed (captcha, block page, timeout,
 * unreadable answer) is never "not found". Only a well-formed empty answer may become a finding.
 */

export type ErrorCode =
  | 'bad_input'
  | 'config'
  | 'captcha_failed'
  | 'blocked'
  | 'unreachable'
  | 'unexpected_answer'
  | 'platform_error'
  | 'circuit_open'
  | 'store_locked'
  | 'store_corrupt'
  /** The disk holding the data directory is full. */
  | 'store_full'
  /** `store migrate`: the database does not hold every record a data directory's files hold. */
  | 'migration_mismatch'
  | 'webhook_refused';

/** Base of every error this project raises on purpose. `message` is Chinese and safe to show a user. */
export class CertVerifyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Our input was bad (a malformed ID, an unreadable file). Never retried. */
export class InputError extends CertVerifyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_input', message, options);
  }
}

/** A setting is wrong; the message names the key. */
export class ConfigError extends CertVerifyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/**
 * Any failure to get an answer from a lookup. The verdict of a query that ends with one is `unverifiable`.
 * `retryable` tells the retry loop whether trying again can help.
 */
export class LookupError extends CertVerifyError {
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(code, message, options);
    this.retryable = retryable;
  }
}

/** The captcha could not be solved within the allowed tries. */
export class CaptchaError extends LookupError {
  constructor(message = '验证码识别失败', options?: { cause?: unknown }) {
    super('captcha_failed', message, true, options);
  }
}

/** The platform (or a firewall in front of it) refused us: HTTP 403/429, a block or maintenance page. */
export class BlockedError extends LookupError {
  constructor(message = '查询平台拒绝访问（可能触发了访问频率限制）', options?: { cause?: unknown }) {
    super('blocked', message, true, options);
  }
}

/** No answer at all: timeout, connection refused, HTTP 5xx. */
export class UnreachableError extends LookupError {
  constructor(message = '查询平台无法访问', options?: { cause?: unknown }) {
    super('unreachable', message, true, options);
  }
}

/** An answer came but could not be read (malformed JSON, unknown shape). */
export class UnexpectedAnswerError extends LookupError {
  constructor(message = '查询平台返回了无法识别的内容', options?: { cause?: unknown }) {
    super('unexpected_answer', message, true, options);
  }
}

/** The platform answered with an error message of its own (other than a captcha error). */
export class PlatformError extends LookupError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('platform_error', message, false, options);
  }
}

/** The circuit breaker is open: we stopped asking for a while after repeated failures. */
export class CircuitOpenError extends LookupError {
  readonly retryAt: number;
  constructor(retryAt: number) {
    super('circuit_open', '查询平台连续失败，暂停查询，稍后自动恢复', false);
    this.retryAt = retryAt;
  }
}

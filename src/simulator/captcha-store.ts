/**
 * Issued captchas by uuid: each answers ONE query (used or not, it is gone after that) and expires after
 * 120 s, and belongs to the session (cookie) that fetched it.
 */
import { randomUUID } from 'node:crypto';

/** How long a captcha may be used, as on the real platform (RuoYi default: 2 minutes). */
export const CAPTCHA_TTL_MS = 120_000;

/** One issued captcha. */
export interface IssuedCaptcha {
  answer: string;
  session: string;
  issuedAt: number;
}

/** Why a captcha cannot be used: unknown/used, too old, or fetched by another session. */
export type CaptchaCheck =
  | { ok: true; captcha: IssuedCaptcha }
  | { ok: false; reason: 'unknown' | 'expired' | 'other_session' };

/** The store of captchas waiting for their query. */
export class CaptchaStore {
  readonly #byUuid = new Map<string, IssuedCaptcha>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Remember a new captcha and return its uuid; forgets expired ones on the way. */
  issue(answer: string, session: string): string {
    const now = this.#now();
    for (const [uuid, c] of this.#byUuid) if (now - c.issuedAt > CAPTCHA_TTL_MS) this.#byUuid.delete(uuid);
    const uuid = randomUUID().replaceAll('-', '');
    this.#byUuid.set(uuid, { answer, session, issuedAt: now });
    return uuid;
  }

  /** Take the captcha for a query: removes it whatever the outcome. */
  take(uuid: string, session: string | undefined): CaptchaCheck {
    const captcha = this.#byUuid.get(uuid);
    this.#byUuid.delete(uuid);
    if (!captcha) return { ok: false, reason: 'unknown' };
    if (this.#now() - captcha.issuedAt > CAPTCHA_TTL_MS) return { ok: false, reason: 'expired' };
    if (captcha.session !== session) return { ok: false, reason: 'other_session' };
    return { ok: true, captcha };
  }
}

/**
 * How much one enterprise may send: a rate per token (a bucket of `perMinute` requests refilled evenly over the
 * minute; above it 429 with Retry-After) and a cap on the leads stored per China day (429 until the next China
 * midnight). The bot keeps a refused lead in its outbox and sends it again later, so nothing is lost. The rate
 * is counted per instance of the service; the daily cap is counted in the database, shared by all.
 */
import { addDays, todayInChina } from '../../domain/dates.js';
import { HttpError } from '../http/json.js';
import type { BureauStore } from '../store/types.js';

/** The limits (`bureau.intakePerMinute`, `bureau.intakePerDay`). */
export interface IntakeLimits {
  perMinute: number;
  perDay: number;
}

/** The rate of each token and the daily cap of each enterprise. */
export class IntakeQuota {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(
    private readonly store: BureauStore,
    readonly limits: IntakeLimits,
  ) {}

  /** Take one request of `enterpriseId`'s token at `now` from its bucket; 429 with Retry-After when empty. */
  takeRequest(enterpriseId: number, now: Date): void {
    const perMs = this.limits.perMinute / 60_000;
    const known = this.buckets.get(enterpriseId);
    const tokens = Math.min(
      this.limits.perMinute,
      known ? known.tokens + Math.max(0, now.getTime() - known.at) * perMs : this.limits.perMinute,
    );
    if (tokens < 1) {
      this.buckets.set(enterpriseId, { tokens, at: now.getTime() });
      const seconds = Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
      throw new HttpError(
        429,
        `上报过快：每个令牌每分钟最多 ${this.limits.perMinute} 条，请 ${seconds} 秒后再发`,
        { retryAfterSeconds: seconds },
        { 'retry-after': String(seconds) },
      );
    }
    this.buckets.set(enterpriseId, { tokens: tokens - 1, at: now.getTime() });
  }

  /** 429 (until the next China midnight) when `enterpriseId` has had its day's leads already. */
  async checkDay(enterpriseId: number, now: Date): Promise<void> {
    const received = await this.store.leadsReceivedToday(enterpriseId);
    if (received < this.limits.perDay) return;
    const tomorrow = new Date(`${addDays(todayInChina(now), 1)}T00:00:00+08:00`);
    const seconds = Math.max(1, Math.ceil((tomorrow.getTime() - now.getTime()) / 1000));
    throw new HttpError(
      429,
      `本企业今日（北京时间）已上报 ${received} 条线索，达到每日上限 ${this.limits.perDay} 条，请明日再发；确需更多请联系应急管理局调高上限`,
      { retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  }
}

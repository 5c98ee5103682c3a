/**
 * Fault injection. Every request draws the same five numbers whatever the settings, so a seed repeats the same
 * sequence and changing the rates mid-run (setFaults) does not shift what later requests draw.
 */
import type { Random } from './random.js';

/** The fault settings that can change while the simulator runs. */
export interface FaultSettings {
  failRate?: number;
  hangRate?: number;
  rateLimit?: number;
  garbageRate?: number;
  captchaRejectRate?: number;
  latencyMs?: number;
}

/** How a failing request fails: HTTP 500 with a JSON body, 502 or 503 with plain text. */
export type FailKind = 'http500' | 'http502' | 'http503';

const FAIL_KINDS: readonly FailKind[] = ['http500', 'http502', 'http503'];

/** What the dice said for one request. */
export interface FaultPlan {
  hang: boolean;
  fail?: FailKind;
  garbage: boolean;
  /** Reject the captcha even when it is right (only matters for a query with a correct code). */
  rejectCaptcha: boolean;
}

/** Roll the faults of one request. */
export function drawFaults(random: Random, settings: FaultSettings): FaultPlan {
  const [hang, fail, failKind, garbage, reject] = [random(), random(), random(), random(), random()] as const;
  return {
    hang: hang < (settings.hangRate ?? 0),
    fail: fail < (settings.failRate ?? 0) ? FAIL_KINDS[Math.floor(failKind * FAIL_KINDS.length)] : undefined,
    garbage: garbage < (settings.garbageRate ?? 0),
    rejectCaptcha: reject < (settings.captchaRejectRate ?? 0),
  };
}

const RATE_NAMES = {
  failRate: '失败比例 failRate',
  hangRate: '无响应比例 hangRate',
  garbageRate: '乱码比例 garbageRate',
  captchaRejectRate: '验证码误拒比例 captchaRejectRate',
} as const;

/** What is wrong with fault settings, in Chinese (empty when all is well). */
export function faultSettingProblems(settings: FaultSettings): string[] {
  const problems: string[] = [];
  for (const [key, label] of Object.entries(RATE_NAMES) as Array<[keyof typeof RATE_NAMES, string]>) {
    const value = settings[key];
    if (value !== undefined && !(value >= 0 && value <= 1))
      problems.push(`${label} 应为 0 到 1 之间的比例，收到 ${value}`);
  }
  const { rateLimit, latencyMs } = settings;
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit >= 0)) {
    problems.push(`每分钟查询上限 rateLimit 应为不小于 0 的整数，收到 ${rateLimit}`);
  }
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    problems.push(`延迟 latencyMs 应为不小于 0 的毫秒数，收到 ${latencyMs}`);
  }
  return problems;
}

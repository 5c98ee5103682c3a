/**
 * An enterprise's self-check month as the intake API takes it (`POST /api/v1/self-checks`), checked with zod:
 * the month `YYYY-MM` not after the bureau's month, the counts whole numbers within reason, the time of the count
 * an ISO instant not in the future and not before the month began (a month is not counted before it starts).
 */
import { z } from 'zod';
import type { SelfCheckReport } from '../../domain/self-check.js';
import { isMonth, monthInChina } from '../store/months.js';
import { instant, unknownKeys } from './lead-schema.js';

/** The largest count taken (people checked or problems found in a month by one enterprise). */
export const MAX_MONTH_COUNT = 1_000_000;

const count = (field: string) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? `缺少 ${field}` : `${field} 应为整数`),
    })
    .int(`${field} 应为整数`)
    .min(0, `${field} 不能为负数`)
    .max(MAX_MONTH_COUNT, `${field} 不能超过 ${MAX_MONTH_COUNT}`);

function selfCheckSchema(now: Date) {
  return z
    .strictObject(
      {
        month: z
          .string({ error: (issue) => (issue.input === undefined ? '缺少 month' : 'month 应为文字') })
          .refine(isMonth, 'month 应为 YYYY-MM 格式的月份，例如 2026-11')
          .refine((m) => !isMonth(m) || m <= monthInChina(now), 'month 不能晚于本月（北京时间）'),
        people: count('people'),
        problems: count('problems'),
        at: instant('at', now),
      },
      unknownKeys,
    )
    .refine(
      (r) => !isMonth(r.month) || monthInChina(r.at) >= r.month,
      'at 早于 month 的开始：一个月的自查情况只能在该月开始后统计',
    );
}

/** The report in `body`, or the Chinese problems (each naming its field) that keep it out. */
export function parseSelfCheck(
  body: unknown,
  now: Date,
): { report: SelfCheckReport } | { problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problems: ['请求内容应为一个 JSON 对象'] };
  }
  const parsed = selfCheckSchema(now).safeParse(body);
  return parsed.success ? { report: parsed.data } : { problems: parsed.error.issues.map((i) => i.message) };
}

/**
 * A lead as the intake API takes it, checked with zod: every field with a Chinese reason when it is wrong, the ID
 * number by its check character (GB 11643), the kind one of the lead kinds, the status one of the status words,
 * the evidence a JSON object within its size limit, the time an ISO instant not in the future.
 */
import { z } from 'zod';
import { todayInChina } from '../../domain/dates.js';
import { hasHiddenChars } from '../../domain/hidden-chars.js';
import { validateIdNumber } from '../../domain/id-number.js';
import { isLeadKind, LEAD_KINDS, leadKindFits } from '../../domain/lead.js';
import { VERDICT_STATUSES, type VerdictStatus } from '../../domain/status.js';
import type { LeadInput } from '../store/types.js';

/** The largest evidence accepted, as JSON text (a platform answer with its certificates fits many times over). */
export const MAX_EVIDENCE_BYTES = 64 * 1024;

/** How far ahead of the bureau's clock a `foundAt` may be (clocks of enterprise machines drift). */
const CLOCK_SLACK_MS = 24 * 3_600_000;

/** The message of a field that is missing or of the wrong JSON type. */
const typeError = (field: string, expected: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `缺少 ${field}` : `${field} 应为${expected}`;

/** How deep the request's JSON may nest (a platform answer with its certificates takes four levels). */
export const MAX_JSON_DEPTH = 16;

/**
 * Whether `value` nests deeper than `max` (the top level is 1), found without recursion: a body of 5,000 nested
 * arrays would overflow the stack of any recursive check, the validation's included.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Text without hidden characters (controls, direction marks: see hidden-chars), trimmed, 1..max characters. */
const text = (field: string, max: number) =>
  z
    .string({ error: typeError(field, '文字') })
    .trim()
    .min(1, `${field} 不能为空`)
    .max(max, `${field} 不能超过 ${max} 个字符`)
    .refine((s) => !hasHiddenChars(s), `${field} 不能含控制字符或改变文字方向、不可见的字符（如 U+202E）`);

/** An ISO instant with its offset, as UTC ISO text, not after `now` (beyond the clock slack). */
export const instant = (field: string, now: Date) =>
  z.iso
    .datetime({ offset: true, error: typeError(field, ' ISO 时间，例如 2026-05-10T10:00:00+08:00') })
    .transform((s) => new Date(s).toISOString())
    .refine((s) => Date.parse(s) <= now.getTime() + CLOCK_SLACK_MS, `${field} 不能晚于现在`);

/** The error of an unknown field. */
export const unknownKeys = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `不认识的字段：${(issue.keys ?? []).join('、')}` : undefined,
};

function leadSchema(now: Date) {
  return z
    .strictObject(
      {
        id: text('id', 100),
        kind: z
          .string({ error: typeError('kind', '文字') })
          .refine(isLeadKind, `kind 应为 ${LEAD_KINDS.join('、')} 之一`),
        status: z
          .string({ error: 'status 应为文字' })
          .refine((s) => (VERDICT_STATUSES as readonly string[]).includes(s), 'status 不是核验结果的状态词'),
        idNumber: z.string({ error: typeError('idNumber', '文字') }).transform((s, ctx) => {
          const check = validateIdNumber(s, todayInChina(now));
          if (!check.valid) {
            ctx.addIssue({ code: 'custom', message: `idNumber 有误：${check.reasons.join('；')}` });
            return z.NEVER;
          }
          return check.idNumber;
        }),
        name: text('name', 50).optional(),
        item: text('item', 100).optional(),
        evidence: z
          .record(z.string(), z.unknown(), { error: 'evidence 应为 JSON 对象' })
          .refine(
            (e) => Buffer.byteLength(JSON.stringify(e)) <= MAX_EVIDENCE_BYTES,
            `evidence 超过 ${MAX_EVIDENCE_BYTES / 1024} KB 的上限`,
          ),
        foundAt: instant('foundAt', now),
      },
      unknownKeys,
    )
    .refine(
      (lead) => !isLeadKind(lead.kind) || leadKindFits(lead.kind, lead.status as VerdictStatus),
      'kind 与 status 不相符：fake_certificate（疑似假证）应为 not_found，impersonation（疑似冒用）应为 name_mismatch',
    );
}

/** The lead in `body`, or the Chinese problems (each naming its field) that keep it out. */
export function parseLead(body: unknown, now: Date): { lead: LeadInput } | { problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problems: ['请求内容应为一个 JSON 对象'] };
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    return { problems: [`请求内容嵌套超过 ${MAX_JSON_DEPTH} 层（evidence 应为平台答复那样的浅层 JSON）`] };
  }
  const parsed = leadSchema(now).safeParse(body);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => i.message) };
  }
  const { kind, status, name, item, ...rest } = parsed.data;
  const lead: LeadInput = { ...rest, kind: kind as LeadInput['kind'], status: status as VerdictStatus };
  if (name !== undefined) lead.name = name;
  if (item !== undefined) lead.item = item;
  return { lead };
}

/** The withdrawal of a lead (`POST /api/v1/leads/{id}/withdraw`): why, and when the bot withdrew it. */
const withdrawalSchema = (now: Date) =>
  z.strictObject(
    {
      reason: text('reason', 500),
      withdrawnAt: instant('withdrawnAt', now),
    },
    unknownKeys,
  );

/** The withdrawal in `body`, or the Chinese problems that keep it out. */
export function parseWithdrawal(
  body: unknown,
  now: Date,
): { reason: string; withdrawnAt: string } | { problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problems: ['请求内容应为一个 JSON 对象'] };
  }
  const parsed = withdrawalSchema(now).safeParse(body);
  return parsed.success ? parsed.data : { problems: parsed.error.issues.map((i) => i.message) };
}

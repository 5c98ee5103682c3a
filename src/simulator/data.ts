/**
 * The simulator's data file: `{ "certificates": [ … ] }` in our own field names (DESIGN.md "Simulator data
 * file"), validated with clear Chinese messages so a hand-edited sample fails loudly, never silently.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CertificateRecord } from '../domain/certificate.js';
import { isCalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';

/** A certificate the simulated platform holds; `history: true` lists it below 历史数据. */
export type SimCertificate = CertificateRecord & { history?: boolean };

/** Everything the simulated platform knows. */
export interface SimulatorData {
  certificates: SimCertificate[];
}

const date = z.string().refine(isCalendarDate, '应为真实存在的日期，格式 YYYY-MM-DD');
const text = z.string().trim().min(1, '不能为空字符串（没有就省略该项）');

const certificateSchema = z.strictObject({
  kind: z.enum(['special', 'safety'], '应为 special（特种作业）或 safety（安全生产知识和管理能力）'),
  idNumber: z.string().regex(/^\d{17}[\dX]$/, '应为 18 位身份证号（最后一位可为大写 X）'),
  name: text,
  sex: z.enum(['男', '女'], '应为 男 或 女').optional(),
  certNumber: text.optional(),
  category: text.optional(),
  item: text.optional(),
  role: text.optional(),
  industry: text.optional(),
  firstIssued: date.optional(),
  validFrom: date.optional(),
  validUntil: date,
  reviewDue: date.optional(),
  reviewedOn: date.optional(),
  issuer: text.optional(),
  history: z.boolean('应为 true 或 false').optional(),
});

const dataSchema = z.strictObject({ certificates: z.array(certificateSchema, '应为证书数组') });

/** Validate parsed JSON as simulator data; throws InputError listing every problem (at most 10). */
export function parseSimulatorData(value: unknown, source = '模拟平台数据'): SimulatorData {
  const parsed = dataSchema.safeParse(value);
  if (parsed.success) return parsed.data as SimulatorData;
  const problems = parsed.error.issues.slice(0, 10).map((issue) => {
    const [top, index, field] = issue.path;
    const where =
      top === 'certificates' && typeof index === 'number'
        ? `第 ${index + 1} 条证书${field === undefined ? '' : `的 ${String(field)}`}`
        : issue.path.length
          ? issue.path.join('.')
          : '文件顶层';
    if (issue.code === 'unrecognized_keys') return `${where}有未知字段 ${issue.keys.join(', ')}`;
    if (valueAt(value, issue.path) === undefined) return `${where}：缺失（必填）`;
    return `${where}：${issue.message}`;
  });
  const more = parsed.error.issues.length > 10 ? `；另有 ${parsed.error.issues.length - 10} 处问题` : '';
  throw new InputError(`${source}有误：${problems.join('；')}${more}`);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Read and validate a simulator data file; throws InputError naming the file and the problem. */
export async function loadSimulatorData(file: string): Promise<SimulatorData> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (cause as Error).message;
    throw new InputError(`无法读取模拟平台数据文件 ${file}：${why}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new InputError(`模拟平台数据文件 ${file} 不是有效的 JSON：${(cause as Error).message}`, { cause });
  }
  return parseSimulatorData(json, `模拟平台数据文件 ${file} `);
}

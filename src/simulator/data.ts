/**
 * The simulator's data file: `{ "certificates": [ … ] }` in our own field names (DESIGN.md "Simulator data
 * file"), validated with clear Chinese messages so a hand-edited sample fails loudly, never silently.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  type CertificateEntry,
  certificateEntrySchema,
  describeIssues,
} from '../domain/certificates-file.js';
import { InputError } from '../domain/errors.js';

/** A certificate the simulated platform holds; `history: true` lists it below 历史数据. */
export type SimCertificate = CertificateEntry;

/** Everything the simulated platform knows. */
export interface SimulatorData {
  certificates: SimCertificate[];
}

const dataSchema = z.strictObject({ certificates: z.array(certificateEntrySchema, '应为证书数组') });

/** Validate parsed JSON as simulator data; throws InputError listing every problem (at most 10). */
export function parseSimulatorData(value: unknown, source = '模拟平台数据'): SimulatorData {
  const parsed = dataSchema.safeParse(value);
  if (parsed.success) return parsed.data as SimulatorData;
  const problems = describeIssues(parsed.error, value, (path) => {
    const [top, index, field] = path;
    if (top === 'certificates' && typeof index === 'number')
      return `第 ${index + 1} 条证书${field === undefined ? '' : `的 ${String(field)}`}`;
    return path.length ? path.map(String).join('.') : '文件顶层';
  });
  const more = parsed.error.issues.length > 10 ? `；另有 ${parsed.error.issues.length - 10} 处问题` : '';
  throw new InputError(`${source}有误：${problems.join('；')}${more}`);
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

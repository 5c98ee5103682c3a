/**
 * Platform records (field names not officially published, see config `lookup.fieldAliases`) to our
 * CertificateRecord: fields found through their aliases, dates normalised, the platform's own status text
 * (`certStatus`) kept as `platformStatus`, history kept apart from current, duplicate cards dropped.
 */
import type { CertificateRecord, CertKind, LookupAnswer } from '../../domain/certificate.js';
import { UnexpectedAnswerError } from '../../domain/errors.js';
import { normalisePlatformDate } from './platform-date.js';

/** Our field name → the platform names it may have (config `lookup.fieldAliases`). */
export type FieldAliases = Record<string, readonly string[]>;

/** Who was asked: fills the ID number and name when the platform leaves them out or masks them. */
export interface AskedPerson {
  idNumber: string;
  name: string;
}

type TextField = 'certNumber' | 'category' | 'item' | 'role' | 'industry' | 'issuer' | 'platformStatus';
type DateField = 'firstIssued' | 'validFrom' | 'reviewDue' | 'reviewedOn';

const TEXT_FIELDS: readonly TextField[] = [
  'certNumber',
  'category',
  'item',
  'role',
  'industry',
  'issuer',
  'platformStatus',
];
const DATE_FIELDS: readonly DateField[] = ['firstIssued', 'validFrom', 'reviewDue', 'reviewedOn'];
const FULL_ID = /^\d{17}[\dX]$/;
const HISTORY_DIVIDER = '历史数据';
const TRUE_WORDS = new Set(['1', 'true', 'y', 'yes', '是', '历史', '历史数据']);

/** Sort records into current and history, dropping duplicates; throws UnexpectedAnswerError on an unreadable one. */
export function mapRecords(
  items: readonly unknown[],
  aliases: FieldAliases,
  kind: CertKind,
  asked?: AskedPerson,
): LookupAnswer {
  const answer: LookupAnswer = { current: [], history: [] };
  const seen = new Set<string>();
  let afterDivider = false;
  for (const item of items) {
    if (isDivider(item)) {
      afterDivider = true;
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new UnexpectedAnswerError('查询平台返回的证书记录格式无法识别');
    }
    const raw = item as Record<string, unknown>;
    const record = mapRecord(raw, aliases, kind, asked);
    const history = afterDivider || isTrue(field(raw, aliases, 'history'));
    const key = `${history}|${JSON.stringify(record)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (history ? answer.history : answer.current).push(record);
  }
  return answer;
}

function mapRecord(
  raw: Record<string, unknown>,
  aliases: FieldAliases,
  kind: CertKind,
  asked: AskedPerson | undefined,
): CertificateRecord {
  const get = (ours: string) => field(raw, aliases, ours);
  const validUntil = normalisePlatformDate(get('validUntil'));
  const idText = text(get('idNumber'))?.toUpperCase();
  const idNumber = idText && FULL_ID.test(idText) ? idText : asked?.idNumber;
  const name = text(get('name')) ?? asked?.name;
  const missing = [!validUntil && '有效期结束日期', !idNumber && '证件号码', !name && '姓名'].filter(Boolean);
  if (!validUntil || !idNumber || !name) {
    throw new UnexpectedAnswerError(
      `查询平台返回的证书记录缺少${missing.join('、')}（收到的字段：${Object.keys(raw).join(', ')}），请检查配置 lookup.fieldAliases`,
    );
  }
  const record: CertificateRecord = { kind, idNumber, name, validUntil };
  const sex = sexOf(get('sex'));
  if (sex) record.sex = sex;
  for (const key of TEXT_FIELDS) {
    const value = text(get(key));
    if (value) record[key] = value;
  }
  for (const key of DATE_FIELDS) {
    const value = normalisePlatformDate(get(key));
    if (value) record[key] = value;
  }
  return record;
}

/** The value of our field in a platform record: exact alias first, then the alias in any letter case. */
function field(raw: Record<string, unknown>, aliases: FieldAliases, ours: string): unknown {
  const names = aliases[ours] ?? [];
  for (const name of names) if (raw[name] !== undefined && raw[name] !== null) return raw[name];
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const [key, value] of Object.entries(raw)) {
    if (lower.has(key.toLowerCase()) && value !== undefined && value !== null) return value;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

function sexOf(value: unknown): '男' | '女' | undefined {
  const t = text(value);
  if (t === '男' || t === '1' || t?.toUpperCase() === 'M') return '男';
  if (t === '女' || t === '2' || t?.toUpperCase() === 'F') return '女';
  return undefined;
}

function isTrue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const t = text(value);
  return t !== undefined && TRUE_WORDS.has(t.toLowerCase());
}

/** The 历史数据 divider: a bare string, or a record whose only text is the divider. */
function isDivider(item: unknown): boolean {
  if (typeof item === 'string') return item.trim() === HISTORY_DIVIDER;
  if (typeof item !== 'object' || item === null) return false;
  const values = Object.values(item).filter((v) => text(v) !== undefined);
  return values.length > 0 && values.every((v) => text(v) === HISTORY_DIVIDER);
}

/**
 * Reads a file of certificates for the registry: an official export in the certificates data-file format
 * (`{ "certificates": [ … ] }`, JSON) or an enterprise ledger (xlsx, xls, et, ods, or csv in UTF-8 / GBK / UTF-16) through the
 * roster reader's file handling. Bad entries and rows are skipped and reported with where they are and why.
 */
import { z } from 'zod';
import type { CertificateRecord } from '../../domain/certificate.js';
import { certificateEntrySchema, describeIssues } from '../../domain/certificates-file.js';
import { InputError } from '../../domain/errors.js';
import { validateIdNumber } from '../../domain/id-number.js';
import { decodeText } from './decode-text.js';
import { LEDGER_REQUIRED, readLedgerSheet } from './ledger.js';
import { type RosterFile, type RosterLimits, readSheets } from './read-roster.js';

/** An entry or row that was not imported. */
export interface SkippedEntry {
  /** Where, in Chinese: "第 5 行", "工作表「台账」第 5 行", "第 3 条证书". */
  where: string;
  /** Sheet name (ledgers of several sheets). */
  sheet?: string;
  /** 1-based row (ledger) or entry number (JSON). */
  row: number;
  problems: string[];
}

/** What a certificates file holds. */
export interface CertificatesRead {
  format: 'json' | 'ledger';
  records: CertificateRecord[];
  skipped: SkippedEntry[];
  /** Sheets that are no ledger, history entries left out (Chinese). */
  warnings: string[];
  /** Which column was taken for what (ledgers). */
  columnNotes: string[];
}

/**
 * Read a certificates file; `today` (YYYY-MM-DD, China) bounds the birth dates in ID numbers. Throws InputError
 * (Chinese) for a file that is too big, unreadable, or holds no certificates list or ledger at all.
 */
export async function readCertificateFile(
  file: RosterFile,
  limits: RosterLimits,
  today: string,
): Promise<CertificatesRead> {
  return isJsonFile(file) ? readJsonCertificates(file, limits, today) : readLedger(file, limits, today);
}

/** A `.json` name, or text whose first character is `{`. */
function isJsonFile(file: RosterFile): boolean {
  if (/\.json$/i.test(file.name)) return true;
  const head = file.bytes
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('{');
}

const fileSchema = z.strictObject({ certificates: z.array(z.unknown(), '应为证书数组') });

async function readJsonCertificates(
  file: RosterFile,
  limits: RosterLimits,
  today: string,
): Promise<CertificatesRead> {
  if (file.bytes.length > limits.maxFileBytes) {
    throw new InputError(
      `「${file.name}」太大（${file.bytes.length} 字节），上限 ${limits.maxFileBytes} 字节`,
    );
  }
  const decoded = decodeText(file.bytes);
  if (!decoded) throw new InputError(`「${file.name}」不是文本文件，无法按 JSON 读取`);
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch (cause) {
    throw new InputError(`「${file.name}」不是有效的 JSON：${(cause as Error).message}`, { cause });
  }
  const shape = fileSchema.safeParse(json);
  if (!shape.success) {
    const problems = describeIssues(shape.error, json, (path) =>
      path.length ? path.map(String).join('.') : '文件顶层',
    );
    throw new InputError(`「${file.name}」应为 { "certificates": [ … ] } 格式：${problems.join('；')}`);
  }
  const read: CertificatesRead = { format: 'json', records: [], skipped: [], warnings: [], columnNotes: [] };
  let history = 0;
  shape.data.certificates.forEach((entry, i) => {
    const skip = (problems: string[]) =>
      read.skipped.push({ where: `第 ${i + 1} 条证书`, row: i + 1, problems });
    const parsed = certificateEntrySchema.safeParse(entry);
    if (!parsed.success) {
      skip(
        describeIssues(parsed.error, entry, (path) =>
          path.length ? path.map(String).join('.') : '该条证书',
        ),
      );
      return;
    }
    const { history: isHistory, ...record } = parsed.data;
    if (isHistory) {
      history++;
      return;
    }
    const check = validateIdNumber(record.idNumber, today);
    if (!check.valid) {
      skip([`身份证号无效：${check.reasons.join('；')}`]);
      return;
    }
    read.records.push(record as CertificateRecord);
  });
  if (history > 0) read.warnings.push(`${history} 条历史证书（history: true）未导入：登记库只收现行证书`);
  return read;
}

async function readLedger(file: RosterFile, limits: RosterLimits, today: string): Promise<CertificatesRead> {
  const sheets = await readSheets(file, limits);
  const read: CertificatesRead = {
    format: 'ledger',
    records: [],
    skipped: [],
    warnings: [],
    columnNotes: [],
  };
  let ledgers = 0;
  for (const raw of sheets) {
    const sheet = readLedgerSheet(raw, today);
    if ('skipped' in sheet) {
      read.warnings.push(sheet.skipped);
      continue;
    }
    ledgers++;
    read.records.push(...sheet.records);
    read.columnNotes.push(...sheet.columnNotes);
    for (const p of sheet.problems) {
      const where = sheets.length > 1 ? `工作表「${p.sheet}」第 ${p.row} 行` : `第 ${p.row} 行`;
      read.skipped.push({
        where,
        ...(sheets.length > 1 ? { sheet: p.sheet } : {}),
        row: p.row,
        problems: p.problems,
      });
    }
  }
  if (ledgers === 0) {
    const seen = sheets.map((s) => `「${s.name}」`).join('、') || '（无）';
    throw new InputError(
      `「${file.name}」里没有找到持证台账：需要一行表头，含 ${LEDGER_REQUIRED} 列（已查看的工作表：${seen}）`,
    );
  }
  return read;
}

/**
 * `cert-verify check <text...> --offline`: find the numbers in the text and validate them locally (masked ID,
 * sex, birth date, age, why a number is invalid); without --offline, look them up (check-online.ts).
 */
import type { Command } from 'commander';
import { withClaims } from '../../domain/absence.js';
import { ageOn } from '../../domain/dates.js';
import { birthDateOfId, sexOfId } from '../../domain/id-number.js';
import { maskId, maskIdsInText } from '../../domain/mask.js';
import { certificateNumberHint } from '../../domain/other-certificates.js';
import type { ParsedQuery } from '../../domain/query.js';
import { parseTextUnits } from '../../domain/text-query.js';
import { wordsOf } from '../../domain/text-words.js';
import { type CliContext, contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';
import { printImageResult } from './check-image.js';
import { printOnlineResults } from './check-online.js';

interface CheckOptions {
  offline?: boolean;
  image?: string;
  enterprise?: string;
}

/** Register `check` on the program. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      '核验证件号：从文字中找出身份证号或证书编号（可带姓名、操作项目）；--offline 只做本地校验；--image 核验证件照片',
    )
    .argument('[text...]', '包含身份证号或证书编号（T+身份证号）的文字')
    .option('--offline', '只在本地校验号码，不查询平台')
    .option(
      '--image <file>',
      '核验证件照片（二维码、证面文字与平台记录对照）；其后的文字可补充身份证号、姓名',
    )
    .option(
      '--enterprise <name>',
      '记入该单位的核验（按单位导出问题清单、检查表、自查整改报告时计入），即 chat.enterprises 中的单位名',
    )
    .action(async (words: string[], options: CheckOptions, command: Command) => {
      const context = contextFrom(command);
      if (options.image !== undefined) {
        if (options.offline) throw new UsageError('--image 需要查询平台，不能与 --offline 同用');
        const typed = words.length > 0 ? argumentQueries(words, context.today).queries[0] : undefined;
        return printImageResult(options.image, typed, context, options.enterprise);
      }
      if (words.length === 0)
        throw new UsageError('缺少参数：要核验的身份证号或证书编号（或用 --image 核验证件照片）');
      const { queries, notice } = argumentQueries(words, context.today);
      if (queries.length === 0) throw new UsageError(notice ?? '没有找到身份证号或证书编号');
      if (options.offline) printOfflineResults(queries, context, notice);
      else await printOnlineResults(queries, context, notice, options.enterprise);
    });
}

/** Why an argument gave no query. */
const NO_NUMBER_REASON = '没有识别到证件号（应为 18 位身份证号，或 T 加身份证号的证书编号）';

/**
 * The queries of the arguments, in order, each argument its own unit: every number in it gives a query, and
 * beside other numbers an argument with none gives an invalid query saying so (with a hint for a certificate
 * number the platform is not asked by), so no input vanishes. An argument holding only a name or an item
 * (`check 张三 110…`) belongs to the number beside it. No number at all gives no query (and the hint, if any).
 */
export function argumentQueries(
  words: readonly string[],
  today: string,
): { queries: ParsedQuery[]; notice?: string } {
  const parsed = parseTextUnits(words, today);
  // `check` asks about people whose cards the asker holds.
  const found = { ...parsed, queries: withClaims(parsed.queries, true) };
  if (found.queries.length === 0)
    return found.notice === undefined ? { queries: [] } : { queries: [], notice: found.notice };
  const queries: ParsedQuery[] = [];
  words.forEach((word, unit) => {
    const own = found.queries.filter((_, k) => found.unitOf[k] === unit);
    if (own.length > 0) queries.push(...own);
    else if (!isWordsOnly(word) || certificateNumberHint(word) !== undefined)
      queries.push({
        input: word.trim(),
        idNumber: '',
        valid: false,
        reasons: [certificateNumberHint(word) ?? NO_NUMBER_REASON],
      });
  });
  return found.notice === undefined ? { queries } : { queries, notice: found.notice };
}

/**
 * Whether an argument holds only words for a number beside it: a name, an item, a kind of certificate, or one
 * character of a name written with spaces (`check 张 伟 110…`).
 */
function isWordsOnly(word: string): boolean {
  return Object.keys(wordsOf(word)).length > 0 || /^\p{Script=Han}$/u.test(word.trim());
}

/** One query's local check, as `--json` prints it. */
export interface OfflineResult {
  input: string;
  valid: boolean;
  status: 'invalid_id' | null;
  reasons: string[];
  maskedId: string;
  sex: '男' | '女' | null;
  birthDate: string | null;
  age: number | null;
  name: string | null;
  item: string | null;
}

/** The local check of one query (nothing is looked up). */
export function offlineResult(query: ParsedQuery, today: string): OfflineResult {
  const birthDate = query.valid ? birthDateOfId(query.idNumber) : null;
  return {
    input: query.input,
    valid: query.valid,
    status: query.valid ? null : 'invalid_id',
    reasons: query.reasons,
    maskedId: maskId(query.idNumber),
    sex: query.valid ? sexOfId(query.idNumber) : null,
    birthDate,
    age: birthDate === null ? null : ageOn(birthDate, today),
    name: query.name ?? null,
    item: query.item ?? null,
  };
}

/** Print the local checks in input order: a JSON document or one block of lines per number. */
export function printOfflineResults(
  queries: readonly ParsedQuery[],
  context: CliContext,
  notice?: string,
): void {
  const results = queries.map((q) => offlineResult(q, context.today));
  if (context.json) {
    process.stdout.write(`${JSON.stringify({ results })}\n`);
    if (notice !== undefined) process.stderr.write(`${notice}\n`);
    return;
  }
  const lines: string[] = [];
  results.forEach((r, i) => {
    const who = [r.name, r.item].filter((s) => s !== null).join(' ');
    const shown = r.maskedId === '' ? maskIdsInText(r.input) : r.maskedId;
    lines.push(`${i + 1}. ${shown}${who === '' ? '' : ` ${who}`}`);
    if (r.valid) lines.push(`   号码有效：${r.sex}，${r.birthDate} 出生，${r.age} 岁`);
    else lines.push(`   号码无效：${r.reasons.join('；')}`);
  });
  if (notice !== undefined) lines.push(notice);
  process.stdout.write(`${lines.join('\n')}\n`);
}

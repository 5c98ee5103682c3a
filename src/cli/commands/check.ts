/**
 * `cert-verify check <text...> --offline`: find the numbers in the text and validate them locally (masked ID,
 * sex, birth date, age, why a number is invalid); without --offline, look them up (check-online.ts).
 */
import type { Command } from 'commander';
import { ageOn } from '../../domain/dates.js';
import { birthDateOfId, sexOfId } from '../../domain/id-number.js';
import { maskId } from '../../domain/mask.js';
import type { ParsedQuery } from '../../domain/query.js';
import { parseTextQueries } from '../../domain/text-query.js';
import { type CliContext, contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';
import { printOnlineResults } from './check-online.js';

interface CheckOptions {
  offline?: boolean;
}

/** Register `check` on the program. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('核验证件号：从文字中找出身份证号或证书编号（可带姓名、操作项目）；--offline 只做本地校验')
    .argument('<text...>', '包含身份证号或证书编号（T+身份证号）的文字')
    .option('--offline', '只在本地校验号码，不查询平台')
    .action(async (words: string[], options: CheckOptions, command: Command) => {
      const context = contextFrom(command);
      const { queries, notice } = parseTextQueries(words.join(' '), context.today);
      if (queries.length === 0) throw new UsageError('没有找到身份证号或证书编号');
      if (options.offline) printOfflineResults(queries, context, notice);
      else await printOnlineResults(queries, context, notice);
    });
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
    lines.push(`${i + 1}. ${r.maskedId}${who === '' ? '' : ` ${who}`}`);
    if (r.valid) lines.push(`   号码有效：${r.sex}，${r.birthDate} 出生，${r.age} 岁`);
    else lines.push(`   号码无效：${r.reasons.join('；')}`);
  });
  if (notice !== undefined) lines.push(notice);
  process.stdout.write(`${lines.join('\n')}\n`);
}

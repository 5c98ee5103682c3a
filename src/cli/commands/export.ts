/**
 * `cert-verify export problems|checklist|leads|stats|findings [--from D] [--to D] [--enterprise NAME]
 * [--format xlsx|csv|json] [--out FILE]`: write a report form from the findings log; `export report --enterprise
 * NAME` writes the enterprise's 自查整改报告 as a Word document. The CLI user is the operator on the machine, so
 * the files hold full ID numbers.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { leadStandingsIn } from '../../app/lead-words.js';
import { createServices, selfCheckFacts } from '../../app/services.js';
import type { Config } from '../../config/schema.js';
import { isCalendarDate } from '../../domain/dates.js';
import { type ExportScope, exportReport } from '../../roster/write/export.js';
import type { EnterpriseProfile } from '../../roster/write/report-rows.js';
import { REPORT_KINDS, type ReportKind, reportName } from '../../roster/write/reports.js';
import {
  exportSelfCheckReport,
  SELF_CHECK_KIND,
  SELF_CHECK_REPORT_NAME,
} from '../../roster/write/self-check-report/file.js';
import { improvementSettingsOf } from '../../roster/write/self-check-report/improvement.js';
import { REPORT_FORMATS, type ReportFormat } from '../../roster/write/table.js';
import { makeMissingPrivateDirs, writePrivateFile } from '../../store/private-files.js';
import { contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';

/** The flags as commander hands them over. */
export interface ExportFlags {
  from?: string;
  to?: string;
  enterprise?: string;
  format?: string;
  out?: string;
  masked?: boolean;
}

/** What the flags ask for, checked: a report form in a format, or the 自查整改报告 of one enterprise. */
export type ExportRequest = {
  from?: string;
  to?: string;
  enterprise?: string;
  out?: string;
} & ({ kind: ReportKind; format: ReportFormat } | { kind: typeof SELF_CHECK_KIND; enterprise: string });

/** The kinds `export` takes, with their Chinese names, for help and usage texts. */
const KINDS_TEXT = [
  ...REPORT_KINDS.map((k) => `${k}（${reportName(k)}）`),
  `${SELF_CHECK_KIND}（${SELF_CHECK_REPORT_NAME}，Word 文档）`,
].join('、');

/** Check the report kind and the flags; throws a UsageError in Chinese. */
export function exportRequestFrom(kind: string, flags: ExportFlags): ExportRequest {
  if (kind !== SELF_CHECK_KIND && !REPORT_KINDS.includes(kind as ReportKind)) {
    throw new UsageError(`未知的报表类型「${kind}」，应为 ${KINDS_TEXT} 之一`);
  }
  const format = flags.format ?? 'xlsx';
  if (kind === SELF_CHECK_KIND) {
    if (flags.format !== undefined && flags.format !== 'docx') {
      throw new UsageError(
        `${SELF_CHECK_REPORT_NAME}只导出为 Word 文档（docx），不支持 --format ${flags.format}`,
      );
    }
  } else if (!REPORT_FORMATS.includes(format as ReportFormat)) {
    throw new UsageError(`--format 应为 ${REPORT_FORMATS.join('、')} 之一，收到「${flags.format}」`);
  }
  for (const [flag, value] of [
    ['--from', flags.from],
    ['--to', flags.to],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value)) {
      throw new UsageError(`${flag} 应为 YYYY-MM-DD 格式的日期，收到「${value}」`);
    }
  }
  if (flags.from && flags.to && flags.from > flags.to) {
    throw new UsageError(`--from ${flags.from} 晚于 --to ${flags.to}`);
  }
  const enterprise = flags.enterprise?.trim();
  if (flags.enterprise !== undefined && !enterprise) throw new UsageError('--enterprise 不能为空');
  const scope = {
    ...(flags.from ? { from: flags.from } : {}),
    ...(flags.to ? { to: flags.to } : {}),
    ...(flags.out ? { out: flags.out } : {}),
  };
  if (kind === SELF_CHECK_KIND) {
    if (!enterprise) {
      throw new UsageError(
        `导出${SELF_CHECK_REPORT_NAME}须用 --enterprise 指明单位（与配置 selfCheck.enterprises 中的单位名称一致）`,
      );
    }
    return { kind, enterprise, ...scope };
  }
  return {
    kind: kind as ReportKind,
    format: format as ReportFormat,
    ...scope,
    ...(enterprise ? { enterprise } : {}),
  };
}

/** The enterprise's profile from the settings; without one, the operator is told the report leaves it blank. */
function profileOf(config: Config, enterprise: string): EnterpriseProfile | undefined {
  const profile = config.selfCheck.enterprises[enterprise];
  if (!profile) {
    process.stderr.write(
      `提示：配置 selfCheck.enterprises 中没有「${enterprise}」，报告中的设立时间、法定代表人等留空，请打印后手填或先在配置中填写\n`,
    );
  }
  return profile;
}

/** Register `export` on the program. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      '从问题记录导出报表（自查自改问题清单、持证情况检查表、疑似假证线索清单、月度统计、问题记录、自查整改报告）。命令行供本机操作员使用，导出文件含完整身份证号，请妥善保管',
    )
    .argument('<kind>', `报表类型：${KINDS_TEXT}`)
    .option('--from <date>', '起始日期（YYYY-MM-DD，含当天）')
    .option('--to <date>', '截止日期（YYYY-MM-DD，含当天）')
    .option('--enterprise <name>', `只导出该单位的记录（${SELF_CHECK_KIND} 必填）`)
    .option(
      '--format <format>',
      `文件格式：${REPORT_FORMATS.join('、')}（默认 xlsx；${SELF_CHECK_KIND} 固定为 docx）`,
    )
    .option('--out <file>', '输出文件（默认：当前目录下以报表名、单位和日期命名）')
    .option('--masked', '身份证号打码（发到群里或交给他人时用）')
    .action(async (kind: string, flags: ExportFlags, command: Command) => {
      const request = exportRequestFrom(kind, flags);
      const ctx = contextFrom(command);
      const services = await createServices(ctx, { readOnly: true });
      try {
        const scope: ExportScope = {
          store: services.store,
          from: request.from,
          to: request.to,
          enterprise: request.enterprise,
          today: ctx.today,
          leadStanding: await leadStandingsIn(services.leads.outbox),
          ...selfCheckFacts(services.config, services.ledger, request.enterprise),
        };
        const fullIds = !flags.masked;
        const file =
          request.kind === SELF_CHECK_KIND
            ? await exportSelfCheckReport(
                { ...scope, profile: profileOf(services.config, request.enterprise) },
                { fullIds, settings: improvementSettingsOf(services.config) },
              )
            : await exportReport(request.kind, { ...scope, format: request.format, fullIds });
        const outFile = resolve(request.out ?? file.name);
        await makeMissingPrivateDirs(dirname(outFile));
        await writePrivateFile(outFile, file.bytes);
        const text = ctx.json
          ? JSON.stringify({ kind: request.kind, rows: file.rows, outFile })
          : request.kind === SELF_CHECK_KIND
            ? `已导出${SELF_CHECK_REPORT_NAME}（整改问题 ${file.rows} 项）到 ${outFile}`
            : `已导出 ${file.rows} 条到 ${outFile}`;
        process.stdout.write(`${text}\n`);
      } finally {
        await services.close();
      }
    });
}

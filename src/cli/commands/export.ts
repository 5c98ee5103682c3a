/**
 * `cert-verify export problems|checklist|leads|stats|findings [--from D] [--to D] [--enterprise NAME]
 * [--format xlsx|csv|json] [--out FILE]`: write a report form from the findings log. The CLI user is the operator
 * on the machine, so the files hold full ID numbers.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { leadStandingIn } from '../../app/lead-words.js';
import { createServices, selfCheckFacts } from '../../app/services.js';
import { isCalendarDate } from '../../domain/dates.js';
import { exportReport } from '../../roster/write/export.js';
import { REPORT_KINDS, type ReportKind, reportName } from '../../roster/write/reports.js';
import { REPORT_FORMATS, type ReportFormat } from '../../roster/write/table.js';
import { makeMissingPrivateDirs, writePrivateFile } from '../../store/private-files.js';
import { contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';

/** The flags as commander hands them over. */
export interface ExportFlags {
  from?: string;
  to?: string;
  enterprise?: string;
  format: string;
  out?: string;
  masked?: boolean;
}

/** What the flags ask for, checked. */
export interface ExportRequest {
  kind: ReportKind;
  format: ReportFormat;
  from?: string;
  to?: string;
  enterprise?: string;
  out?: string;
}

/** Check the report kind and the flags; throws a UsageError in Chinese. */
export function exportRequestFrom(kind: string, flags: ExportFlags): ExportRequest {
  if (!REPORT_KINDS.includes(kind as ReportKind)) {
    const kinds = REPORT_KINDS.map((k) => `${k}（${reportName(k)}）`).join('、');
    throw new UsageError(`未知的报表类型「${kind}」，应为 ${kinds} 之一`);
  }
  if (!REPORT_FORMATS.includes(flags.format as ReportFormat)) {
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
  return {
    kind: kind as ReportKind,
    format: flags.format as ReportFormat,
    ...(flags.from ? { from: flags.from } : {}),
    ...(flags.to ? { to: flags.to } : {}),
    ...(enterprise ? { enterprise } : {}),
    ...(flags.out ? { out: flags.out } : {}),
  };
}

/** Register `export` on the program. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      '从问题记录导出报表（自查自改问题清单、持证情况检查表、疑似假证线索清单、月度统计、问题记录）。命令行供本机操作员使用，导出文件含完整身份证号，请妥善保管',
    )
    .argument('<kind>', `报表类型：${REPORT_KINDS.map((k) => `${k}（${reportName(k)}）`).join('、')}`)
    .option('--from <date>', '起始日期（YYYY-MM-DD，含当天）')
    .option('--to <date>', '截止日期（YYYY-MM-DD，含当天）')
    .option('--enterprise <name>', '只导出该单位的记录')
    .option('--format <format>', `文件格式：${REPORT_FORMATS.join('、')}`, 'xlsx')
    .option('--out <file>', '输出文件（默认：当前目录下以报表名、单位和日期命名）')
    .option('--masked', '身份证号打码（发到群里或交给他人时用）')
    .action(async (kind: string, flags: ExportFlags, command: Command) => {
      const request = exportRequestFrom(kind, flags);
      const ctx = contextFrom(command);
      const services = await createServices(ctx, { readOnly: true });
      try {
        const file = await exportReport(request.kind, {
          store: services.store,
          from: request.from,
          to: request.to,
          enterprise: request.enterprise,
          format: request.format,
          fullIds: !flags.masked,
          today: ctx.today,
          leadStanding: (id) => leadStandingIn(services.leads.outbox, id),
          ...selfCheckFacts(services.config, services.ledger, request.enterprise),
        });
        const outFile = resolve(request.out ?? file.name);
        await makeMissingPrivateDirs(dirname(outFile));
        await writePrivateFile(outFile, file.bytes);
        const text = ctx.json
          ? JSON.stringify({ kind: request.kind, rows: file.rows, outFile })
          : `已导出 ${file.rows} 条到 ${outFile}`;
        process.stdout.write(`${text}\n`);
      } finally {
        await services.close();
      }
    });
}

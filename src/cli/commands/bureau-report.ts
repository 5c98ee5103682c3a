/**
 * `cert-verify bureau report progress --month YYYY-MM [--format xlsx|csv] [--out FILE]`: the bureau's monthly
 * 《专项整治工作进展情况统计表》 (seed 000, 附件3) of a month from its database (`--data-dir`, or
 * `bureau.databaseUrl`), 累计 from `bureau.campaignStartMonth`.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { openBureau } from '../../app/bureau.js';
import {
  PROGRESS_FORMATS,
  progressFile,
  progressFileName,
  progressTable,
} from '../../bureau/progress/report.js';
import { sqlProgressStore } from '../../bureau/progress/sql-progress-store.js';
import { isMonth } from '../../bureau/store/months.js';
import { makeMissingPrivateDirs, writePrivateFile } from '../../store/private-files.js';
import { contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';

/** Register `bureau report` and its subcommands on the `bureau` command. */
export function registerBureauReport(bureau: Command): void {
  const report = bureau.command('report').description('局端报表');
  report
    .command('progress')
    .description('导出某月的《专项整治工作进展情况统计表》（附件3：本月数据与累计数据）')
    .requiredOption('--month <YYYY-MM>', '统计月份，例如 2026-11')
    .option('--format <format>', '输出格式：xlsx 或 csv', 'xlsx')
    .option('--out <file>', '输出文件（默认：当前目录下的 专项整治工作进展情况统计表-月份.格式）')
    .action(async (options: { month: string; format: string; out?: string }, command: Command) => {
      const ctx = contextFrom(command);
      if (!isMonth(options.month))
        throw new UsageError(`--month 应为 YYYY-MM 格式的月份，例如 2026-11，收到「${options.month}」`);
      const format = PROGRESS_FORMATS.find((f) => f === options.format);
      if (!format) throw new UsageError(`--format 应为 xlsx 或 csv，收到「${options.format}」`);
      const { store, db } = await openBureau(ctx.config);
      try {
        const table = await progressTable(sqlProgressStore(db), options.month, ctx.config.bureau);
        const outFile = resolve(options.out ?? progressFileName(options.month, format));
        await makeMissingPrivateDirs(dirname(outFile));
        await writePrivateFile(outFile, await progressFile(table, format));
        process.stdout.write(
          ctx.json
            ? `${JSON.stringify({ month: options.month, format, outFile })}\n`
            : `已导出 ${options.month} 的进展情况统计表到 ${outFile}\n`,
        );
      } finally {
        await store.close();
      }
    });
}

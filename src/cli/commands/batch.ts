/**
 * `cert-verify batch FILE [--out FILE] [--json]`: verify a roster (xlsx, xls, et, ods, csv) and write it back
 * annotated, always as xlsx.
 * A run stopped half-way (Ctrl-C, a crash) continues where it stopped when started again on the same file.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createServices } from '../../app/services.js';
import { InputError } from '../../domain/errors.js';
import { readRoster } from '../../roster/read/read-roster.js';
import type { BatchResult } from '../../roster/types.js';
import { writeResultFile } from '../../verify/batch-deliver.js';
import { startBatchJob } from '../../verify/batch-job-runner.js';
import { JobStore } from '../../verify/batch-jobs.js';
import { batchReplyText, summarise } from '../../verify/batch-summary.js';
import { progressPrinter } from '../../verify/progress-bar.js';
import { contextFrom } from '../context.js';

/** Default output next to the input: `名单.xlsx` → `名单.核验结果.xlsx`. */
export function defaultOutFile(input: string): string {
  return join(dirname(input), `${basename(input, extname(input))}.核验结果.xlsx`);
}

/** The short Chinese summary printed without --json. */
export function summaryText(result: BatchResult, outFile: string): string {
  return [batchReplyText(result, '稍后再次运行同一命令'), `结果已写入 ${outFile}`].join('\n');
}

/** Register `batch` on the program. */
export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description('批量核验人员名单（xlsx、xls、et、ods 或 csv），输出标注了核验结果的名单（xlsx）')
    .argument('<file>', '名单文件（.xlsx、.xls、.et、.ods 或 .csv/.txt，文本可为 UTF-8、GBK 或 UTF-16 编码）')
    .option('--out <file>', '结果文件（默认：与名单同目录的「名单名.核验结果.xlsx」）')
    .option(
      '--enterprise <name>',
      '记入该单位的核验（按单位导出问题清单、检查表、自查整改报告时计入），即 chat.enterprises 中的单位名',
    )
    .action(async (file: string, opts: { out?: string; enterprise?: string }, command: Command) => {
      const ctx = contextFrom(command);
      const path = resolve(file);
      const bytes = await readFile(path).catch((cause: unknown) => {
        throw new InputError(`无法读取名单文件 ${file}`, { cause });
      });
      const outFile = resolve(opts.out ?? defaultOutFile(path));
      const roster = { name: basename(path), bytes };
      // Read the roster while the store opens (the embedded database starts in a thread of its own).
      const read = readRoster(roster, ctx.config.batch, ctx.today);
      read.catch(() => {}); // Its failure is startBatchJob's, after the store's own.
      const services = await createServices(ctx);
      const controller = new AbortController();
      const stop = () =>
        controller.abort(new InputError('已中断：已完成的结果已保存，再次运行同一命令将从中断处继续'));
      process.once('SIGINT', stop);
      try {
        // The job is this command's: its result is a file on this machine, so no bot instance takes it over;
        // the same command run again after a stop continues it (startBatchJob's findResumable).
        const jobs = await JobStore.open(services.store, { leaseMs: ctx.config.batch.jobLeaseMs });
        const printer = progressPrinter(process.stderr);
        const { job, result } = await startBatchJob(
          {
            file: roster,
            requester: {
              channel: 'batch',
              userId: userInfo().username,
              file: basename(path),
              ...(opts.enterprise !== undefined && { enterprise: opts.enterprise }),
            },
            today: ctx.today,
            target: { kind: 'cli', outFile },
            fullIds: true,
          },
          {
            pipeline: services.pipeline,
            jobs,
            limits: ctx.config.batch,
            platformReadyAt: () => services.national.breaker.openUntil,
            onProgress: (e) => printer.progress(e),
            onTick: (done, total) => printer.tick(done, total),
            signal: controller.signal,
          },
          read,
        );
        await writeResultFile(result, outFile, job.fullIds);
        await jobs.markDelivered(job.id);
        const summary = summarise(result);
        const text = ctx.json
          ? JSON.stringify({
              total: summary.rows,
              byStatus: summary.byStatus,
              outFile,
              warnings: result.roster.warnings,
            })
          : summaryText(result, outFile);
        process.stdout.write(`${text}\n`);
      } finally {
        process.off('SIGINT', stop);
        await services.close();
      }
    });
}

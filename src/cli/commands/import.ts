/**
 * `cert-verify import FILE [--enterprise NAME] [--json]`: certificates from an official export (JSON data file)
 * or an enterprise ledger (xlsx / xls / et / ods / csv) into the local registry. An official export is evidence the pipeline may
 * answer from; a ledger is a list of people to check on the platform. `--enterprise` says whose ledger or import
 * it is: that enterprise's chat users may then see the names of the people in it. Importing the same file again
 * (same path, or the same bytes under another name) replaces its earlier records.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import {
  type CertificatesRead,
  readCertificateFile,
  type SkippedEntry,
} from '../../roster/read/certificate-file.js';
import type { RegistryProvenance, ReplaceResult } from '../../store/registry.js';
import { openStore } from '../../store/store.js';
import { contextFrom } from '../context.js';

/** Bad rows listed in the text summary; the rest are counted. */
const LISTED = 20;

/** What an import did, as `--json` prints it. */
export interface ImportReport extends ReplaceResult {
  file: string;
  provenance: RegistryProvenance;
  enterprise: string | null;
  sha256: string;
  format: CertificatesRead['format'];
  skipped: number;
  skippedRows: SkippedEntry[];
  warnings: string[];
}

/** The Chinese summary printed without --json. */
export function importSummary(report: ImportReport, columnNotes: readonly string[]): string {
  const lines = [
    `已导入「${basename(report.file)}」：登记库中该文件现有 ${report.total} 条证书（新增 ${report.added} 条，移除 ${report.removed} 条），跳过 ${report.skipped} 条有问题的记录`,
    provenanceNote(report),
  ];
  if (columnNotes.length > 0) lines.push(`识别的列：${[...new Set(columnNotes)].join('，')}`);
  for (const s of report.skippedRows.slice(0, LISTED))
    lines.push(`跳过 ${s.where}：${s.problems.join('；')}`);
  if (report.skippedRows.length > LISTED)
    lines.push(`…另有 ${report.skippedRows.length - LISTED} 条被跳过（--json 列出全部）`);
  lines.push(...report.warnings.map((w) => `注意：${w}`));
  return lines.join('\n');
}

/** What the imported records count as, in words. */
function provenanceNote(report: ImportReport): string {
  const whose = report.enterprise ? `，属于「${report.enterprise}」` : '';
  return report.provenance === 'official'
    ? `来源：官方导出数据${whose}，核验时可直接作为依据`
    : `来源：企业持证台账${whose}，只作为待核对的人员名单，核验结果仍以全国平台为准`;
}

/** Register `import` on the program. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      '把官方导出的证书数据（JSON）或企业持证台账（xlsx / xls / et / ods / csv）导入本地登记库，核验时先查登记库；重复导入同一文件会替换上次的记录',
    )
    .argument('<file>', '证书文件：.json（{ "certificates": [ … ] }）或台账 .xlsx / .xls / .et / .ods / .csv')
    .option('--enterprise <name>', '这份台账或导出数据属于哪个企业（与 chat.enterprises 中的企业名一致）')
    .action(async (file: string, opts: { enterprise?: string }, command: Command) => {
      const ctx = contextFrom(command);
      const path = resolve(file);
      const bytes = await readFile(path).catch((cause: unknown) => {
        throw new InputError(
          `无法读取证书文件 ${file}：${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
          { cause },
        );
      });
      const read = await readCertificateFile({ name: basename(path), bytes }, ctx.config.batch, ctx.today);
      if (read.records.length === 0) {
        const first = read.skipped.slice(0, 3).map((s) => `${s.where}：${s.problems.join('；')}`);
        throw new InputError(
          `「${basename(path)}」里没有可导入的证书，登记库未改动${first.length ? `（${first.join('；')}）` : ''}`,
        );
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const provenance: RegistryProvenance = read.format === 'json' ? 'official' : 'ledger';
      const enterprise = opts.enterprise?.trim() || undefined;
      const store = await openStore(ctx.config.dataDir, {
        cache: ctx.config.cache,
        database: ctx.config.store,
        exclusive: false,
      });
      if (store.openedNotice) process.stderr.write(`${store.openedNotice}\n`);
      let replaced: ReplaceResult;
      try {
        replaced = await store.registry.replaceSource(
          {
            file: path,
            importedAt: new Date().toISOString(),
            sha256,
            provenance,
            ...(enterprise ? { enterprise } : {}),
          },
          read.records,
        );
      } finally {
        await store.close();
      }
      const report: ImportReport = {
        file: path,
        provenance,
        enterprise: enterprise ?? null,
        sha256,
        format: read.format,
        ...replaced,
        skipped: read.skipped.length,
        skippedRows: read.skipped,
        warnings: read.warnings,
      };
      process.stdout.write(
        `${ctx.json ? JSON.stringify(report) : importSummary(report, read.columnNotes)}\n`,
      );
    });
}

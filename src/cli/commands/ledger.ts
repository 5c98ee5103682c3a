/**
 * `cert-verify ledger import FILE --enterprise NAME [--no-verify]`, `ledger list [--enterprise NAME]`,
 * `ledger export --enterprise NAME [--out FILE] [--masked]`, `ledger leave ID… --enterprise NAME`: the
 * enterprises' ledgers (三项岗位人员持证台账). An import adds or updates the people of a roster and verifies those
 * it adds; the export is the ledger workbook with the latest verdict per person, full ID numbers unless
 * `--masked` (the CLI user is the operator of the machine, as for `export`); the list shows masked numbers.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { type AppServices, createServices } from '../../app/services.js';
import { InputError } from '../../domain/errors.js';
import { validateIdNumber } from '../../domain/id-number.js';
import { maskId } from '../../domain/mask.js';
import { statusLabel } from '../../domain/status.js';
import { ledgerFileName, ledgerWorkbook } from '../../roster/write/ledger-report.js';
import { isActive, type LedgerBook } from '../../store/ledger-store.js';
import { makeMissingPrivateDirs, writePrivateFile } from '../../store/private-files.js';
import { importText } from '../../verify/ledger-words.js';
import { progressPrinter } from '../../verify/progress-bar.js';
import { type CliContext, contextFrom } from '../context.js';
import { UsageError } from '../usage-error.js';

/** Bad rows listed in the text summary; `--json` lists them all. */
const LISTED = 20;

/** Run `work` over the services, closing them after (`readOnly`: the command only reads the data directory). */
async function withServices<T>(
  ctx: CliContext,
  work: (services: AppServices) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const services = await createServices(ctx, options);
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

function enterpriseFlag(value: string | undefined): string {
  const name = value?.trim();
  if (!name)
    throw new UsageError('请用 --enterprise 写明是哪个企业的台账（与 chat.enterprises 中的企业名一致）');
  return name;
}

function existingBook(services: AppServices, enterprise: string): LedgerBook {
  const book = services.ledger.ledger.book(enterprise);
  if (book === undefined) throw new InputError(`「${enterprise}」还没有台账：先用 ledger import 导入名单`);
  return book;
}

/** Register `ledger` and its subcommands on the program. */
export function registerLedger(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('企业的三项岗位人员持证台账：导入名单、查看、导出、标记离职');

  ledger
    .command('import')
    .description(
      '把花名册（xlsx / xls / et / ods / csv）中的人员加入企业台账，并核验新加入的人；同一文件再导入一次不会改变台账',
    )
    .argument('<file>', '名单文件（含姓名、身份证号列，可有人员类型、操作项目、部门）')
    .option('--enterprise <name>', '台账所属企业')
    .option('--no-verify', '只加入台账，不核验')
    .action(async (file: string, opts: { enterprise?: string; verify: boolean }, command: Command) => {
      const enterprise = enterpriseFlag(opts.enterprise);
      const ctx = contextFrom(command);
      const path = resolve(file);
      const bytes = await readFile(path).catch((cause: unknown) => {
        throw new InputError(`无法读取名单文件 ${file}`, { cause });
      });
      const result = await withServices(ctx, (services) => {
        const printer = progressPrinter(process.stderr);
        return services.ledger.importFile(
          enterprise,
          { name: basename(path), bytes },
          {
            verify: opts.verify,
            requester: { channel: 'batch', userId: userInfo().username, file: basename(path), enterprise },
            onTick: (done, total) => printer.tick(done, total),
          },
        );
      });
      if (ctx.json) return print(JSON.stringify(result));
      const lines = [importText(enterprise, result, result.verifiedSummary)];
      for (const r of result.skippedRows.slice(0, LISTED))
        lines.push(`跳过「${r.sheet}」第 ${r.row} 行：${r.problems.join('；')}`);
      if (result.skippedRows.length > LISTED)
        lines.push(`…另有 ${result.skippedRows.length - LISTED} 行被跳过（--json 列出全部）`);
      print(lines.join('\n'));
    });

  ledger
    .command('list')
    .description('列出各企业台账的人数和状态；--enterprise 列出该企业台账中的人员（身份证号打码）')
    .option('--enterprise <name>', '只看这个企业的台账')
    .action(async (opts: { enterprise?: string }, command: Command) => {
      const ctx = contextFrom(command);
      await withServices(
        ctx,
        async (services) => {
          const wanted = opts.enterprise === undefined ? undefined : enterpriseFlag(opts.enterprise);
          const books =
            wanted === undefined ? services.ledger.ledger.books : [existingBook(services, wanted)];
          if (ctx.json)
            return print(
              JSON.stringify({ enterprises: books.map((b) => bookJson(b, wanted !== undefined)) }),
            );
          if (books.length === 0)
            return print('还没有任何台账：用 ledger import FILE --enterprise 企业名 导入');
          print(books.map((b) => bookText(b, wanted !== undefined)).join('\n\n'));
        },
        { readOnly: true },
      );
    });

  ledger
    .command('export')
    .description('导出企业台账（xlsx，按人员类别分表，含每人最新核验结果）。默认含完整身份证号，请妥善保管')
    .option('--enterprise <name>', '台账所属企业')
    .option('--out <file>', '输出文件（默认：当前目录下「三项岗位人员持证台账_企业_日期.xlsx」）')
    .option('--masked', '身份证号打码（发到群里或交给他人时用）')
    .action(async (opts: { enterprise?: string; out?: string; masked?: boolean }, command: Command) => {
      const enterprise = enterpriseFlag(opts.enterprise);
      const ctx = contextFrom(command);
      await withServices(
        ctx,
        async (services) => {
          const book = existingBook(services, enterprise);
          const outFile = resolve(opts.out ?? ledgerFileName(enterprise, ctx.today));
          await makeMissingPrivateDirs(dirname(outFile));
          await writePrivateFile(
            outFile,
            await ledgerWorkbook(book, { fullIds: !opts.masked, today: ctx.today }),
          );
          print(
            ctx.json
              ? JSON.stringify({ enterprise, people: book.people.length, outFile })
              : `已导出 ${book.people.length} 人到 ${outFile}`,
          );
        },
        { readOnly: true },
      );
    });

  ledger
    .command('leave')
    .description('把人员标记为离职：保留其历史，不再复查和提醒')
    .argument('<id...>', '身份证号（可写多个）')
    .option('--enterprise <name>', '台账所属企业')
    .action(async (ids: string[], opts: { enterprise?: string }, command: Command) => {
      const enterprise = enterpriseFlag(opts.enterprise);
      const ctx = contextFrom(command);
      const wanted = new Set(ids.map((id) => validateIdNumber(id, ctx.today).idNumber));
      const marked = await withServices(ctx, async (services) => {
        existingBook(services, enterprise);
        return services.ledger.markLeft(enterprise, [...wanted], ctx.today);
      });
      if (marked === 0) throw new InputError(`「${enterprise}」台账中没有这些在职人员，未作改动`);
      print(
        ctx.json
          ? JSON.stringify({ enterprise, left: marked })
          : `已把 ${marked} 人标记为离职（${ctx.today}），历史记录保留`,
      );
    });
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Counts of a ledger by its people's latest status (`none`: not verified yet). */
function countsOf(book: LedgerBook): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of book.people.filter(isActive)) {
    const s = p.latest?.status ?? 'none';
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

function bookJson(book: LedgerBook, withPeople: boolean) {
  const active = book.people.filter(isActive).length;
  return {
    enterprise: book.enterprise,
    people: active,
    left: book.people.length - active,
    byStatus: countsOf(book),
    reminders: !book.remindersOff,
    ...(withPeople
      ? {
          list: book.people.map((p) => ({
            idMasked: maskId(p.idNumber),
            name: p.name,
            item: p.item ?? null,
            department: p.department ?? null,
            status: p.latest?.status ?? null,
            judgedOn: p.latest?.judgedOn ?? null,
            validUntil: p.latest?.certificate?.validUntil ?? null,
            left: p.left ?? null,
          })),
        }
      : {}),
  };
}

function bookText(book: LedgerBook, withPeople: boolean): string {
  const counts = Object.entries(countsOf(book))
    .map(
      ([s, n]) => `${s === 'none' ? '尚未核验' : statusLabel(s as Parameters<typeof statusLabel>[0])} ${n}`,
    )
    .join('，');
  const head = `「${book.enterprise}」在册 ${book.people.filter(isActive).length} 人：${counts || '无'}；提醒${book.remindersOff ? '已关闭' : '已打开'}`;
  if (!withPeople) return head;
  const lines = book.people.map((p) => {
    const status = p.latest ? `${statusLabel(p.latest.status)}（${p.latest.judgedOn}）` : '尚未核验';
    const until = p.latest?.certificate?.validUntil ? ` 有效期至 ${p.latest.certificate.validUntil}` : '';
    return `${p.name} ${maskId(p.idNumber)}${p.item ? ` ${p.item}` : ''}：${status}${until}${p.left ? `，${p.left} 离职` : ''}`;
  });
  return [head, ...lines].join('\n');
}

/**
 * `cert-verify remind [--dry-run]`: the reminder digest of each enterprise's ledger on `--today` (or today in
 * China), printed exactly as it would be sent; without `--dry-run` pushed through the group robot configured in
 * `ledger.webhooks` (retried, and marked sent so it never goes out twice). A ledger whose reminders go to a chat
 * is pushed by the running bot at `ledger.remindHour`; the command only prints it. `--json` prints
 * `{"enterprises":[{"enterprise","events":[{"status","idMasked","name","date","daysLeft"}],"digest"}]}`.
 */
import type { Command } from 'commander';
import { createServices } from '../../app/services.js';
import { eventsJson, sendDigest } from '../../verify/ledger-reminders.js';
import { contextFrom } from '../context.js';

/** Register `remind` on the program. */
export function registerRemind(program: Command): void {
  program
    .command('remind')
    .description(
      '按台账生成今天的持证提醒（即将到期、应复审、已过期、逾期、新近查不到）；不加 --dry-run 时经群机器人推送',
    )
    .option('--dry-run', '只显示将要发送的内容，不发送、不标记为已发送')
    .action(async (opts: { dryRun?: boolean }, command: Command) => {
      const ctx = contextFrom(command);
      const services = await createServices(ctx);
      const lines: string[] = [];
      try {
        const digests = services.ledger.digests(ctx.today);
        if (ctx.json) {
          const enterprises = digests.map((d) => ({
            enterprise: d.enterprise,
            events: eventsJson(d.events),
            digest: d.digest ?? null,
          }));
          lines.push(JSON.stringify({ enterprises }));
        }
        for (const d of digests) {
          if (!ctx.json) lines.push(d.digest ?? `「${d.enterprise}」今天没有新的提醒事项。`);
          if (opts.dryRun || d.digest === undefined) continue;
          const book = services.ledger.ledger.book(d.enterprise);
          if (book === undefined) continue;
          if (!Object.hasOwn(ctx.config.ledger.webhooks, d.enterprise)) {
            process.stderr.write(
              `「${d.enterprise}」没有配置群机器人（ledger.webhooks），提醒由运行中的机器人在每天 ${ctx.config.ledger.remindHour}:00 推送到会话\n`,
            );
            continue;
          }
          const outcome = await sendDigest(book, ctx.today, {
            ...services.ledger.reminderDeps(),
            reportFailure: (_book, error) => {
              process.stderr.write(
                `「${d.enterprise}」的提醒没能推送：${String((error as Error)?.message ?? error)}\n`,
              );
              process.exitCode = 1;
            },
          });
          if (outcome === 'sent') process.stderr.write(`已推送「${d.enterprise}」的提醒到群\n`);
        }
      } finally {
        await services.close();
      }
      if (lines.length > 0) process.stdout.write(`${lines.join('\n\n')}\n`);
    });
}

/**
 * `cert-verify leads review`: re-check the held leads (待复核) whose day has come, as the running bot does on its
 * timer (lead-review.ts), for a CLI-only user — run it daily (cron), like `remind`. Prints what became of each
 * lead and the notices owed to askers at the command line ("已查到，先前未查到可能是新证尚未上网" and the new answer);
 * notices to chat askers wait in the outbox for the bot. `--json` prints
 * `{"withdrawn":[…],"released":[…],"kept":[…],"notices":[…]}`, each lead as `{"id","idMasked","name","dueOn"}`.
 */
import type { Command } from 'commander';
import { askerAddress } from '../../app/lead-review.js';
import { createServices } from '../../app/services.js';
import { maskId } from '../../domain/mask.js';
import type { LeadEntry } from '../../store/outbox.js';
import { contextFrom } from '../context.js';

/** A lead as the command prints it (ID masked). */
function leadJson(e: LeadEntry) {
  return {
    id: e.lead.id,
    idMasked: maskId(e.lead.idNumber),
    name: e.lead.name ?? null,
    dueOn: e.dueOn ?? null,
  };
}

/** One line per lead of a group, under its heading. */
function section(title: string, entries: LeadEntry[]): string[] {
  if (entries.length === 0) return [];
  return [
    `${title}（${entries.length}）：`,
    ...entries.map((e) => `  ${e.lead.name ?? ''} ${maskId(e.lead.idNumber)}（线索 ${e.lead.id}）`),
  ];
}

/** Register `leads` on the program. */
export function registerLeads(program: Command): void {
  const leads = program.command('leads').description('疑似假证线索：复核待复核的线索');
  leads
    .command('review')
    .description(
      '复核到期的待复核线索（新证可能数日后才上网）：查到则撤回并告知，仍未查到则上报应急管理局，平台无法访问则下次再复核',
    )
    .action(async (_opts: unknown, command: Command) => {
      const ctx = contextFrom(command);
      const services = await createServices(ctx);
      const lines: string[] = [];
      try {
        const round = await services.reviewLeads();
        const { outbox } = services.leads;
        const notices: string[] = [];
        const seen: string[] = [];
        for (let entry = await outbox.claimNotice(); entry; entry = await outbox.claimNotice(seen)) {
          seen.push(entry.lead.id);
          const notice = entry.withdrawal?.notice;
          if (!notice || askerAddress(notice.requester)) {
            await outbox.unclaimLead(entry.lead.id);
            continue;
          }
          notices.push(notice.text);
          await outbox.notified(entry.lead.id);
        }
        if (ctx.json) {
          lines.push(
            JSON.stringify({
              withdrawn: round.withdrawn.map(leadJson),
              released: round.released.map(leadJson),
              kept: round.kept.map(leadJson),
              notices,
            }),
          );
        } else {
          lines.push(
            ...section('已查到证书，线索已撤回', round.withdrawn),
            ...section('复核仍未查到，线索已上报', round.released),
            ...section('全国平台暂时无法访问，继续待复核', round.kept),
            ...notices,
          );
          if (lines.length === 0) lines.push(`今天（${ctx.today}）没有到期需要复核的线索。`);
        }
      } finally {
        await services.close();
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

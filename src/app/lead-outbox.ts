/**
 * The bot's side of the bureau, built when `bureau.url` is set: the outbox in the data directory, the sender
 * running its rounds in the background, and the sink the pipeline hands new leads to. On start, lead findings
 * the outbox has never seen (a crash between the finding and its lead, or findings from before `bureau.url`
 * was set) are queued too, so every lead reaches the bureau.
 *
 * A command (check, batch, export) ends with a last round of at most CLOSE_DEADLINE_MS: a run must not hang
 * while the bureau is down, and what it leaves stays on disk for the next run or the bot.
 */
import type { Config } from '../config/schema.js';
import { realFs } from '../store/atomic-write.js';
import { Outbox } from '../store/outbox.js';
import type { Store } from '../store/store.js';
import { logger } from '../util/logger.js';
import { type LeadSink, leadFromFinding } from '../verify/lead-from-finding.js';
import { BureauSender, type BureauSenderOptions } from './bureau-sender.js';

const log = logger('bureau-outbox');

/** How long closing waits for the last round. */
export const CLOSE_DEADLINE_MS = 3_000;

export interface LeadOutbox {
  sink: LeadSink;
  sender: BureauSender;
  /** Stop sending (one last short round) and say on standard error what is still waiting or was refused. */
  close(): Promise<void>;
}

/** The outbox and its sender when `config.bureau.url` is set, else undefined (leads stay with the enterprise). */
export async function openLeadOutbox(
  config: Config,
  store: Pick<Store, 'dataDir' | 'findings'>,
  options: Partial<BureauSenderOptions> = {},
): Promise<LeadOutbox | undefined> {
  const { url, token } = config.bureau;
  if (url === '') return undefined;
  const outbox = await Outbox.open(store.dataDir, { fs: realFs });
  let caughtUp = 0;
  for (const finding of store.findings.list()) {
    const lead = leadFromFinding(finding);
    if (lead && (await outbox.add(lead))) caughtUp++;
  }
  if (caughtUp > 0) log.info({ leads: caughtUp }, '补充排入发件箱的线索');
  const sender = new BureauSender({ url, token, outbox, ...options });
  sender.start();
  return {
    sender,
    sink: {
      async add(lead) {
        const added = await outbox.add(lead);
        if (added) sender.wake();
        return added;
      },
      flush: () => outbox.flush(),
    },
    async close() {
      await sender.stop(CLOSE_DEADLINE_MS);
      const notice = sender.notice();
      if (notice) {
        log.warn(notice);
        process.stderr.write(`${notice}\n`);
      }
    },
  };
}

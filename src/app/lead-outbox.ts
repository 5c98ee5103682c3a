/**
 * The bot's leads: the outbox in the bot's database (every lead and where it stands, see store/outbox.ts), the
 * sink the pipeline hands new leads to, and — when `bureau.url` is set — the sender running its rounds in the
 * background. A `fake_certificate` lead is held (待复核) until `rules.newCertificateDays` after its finding's day
 * (new certificates take that long to appear on the platform; 0: no wait); lead-review.ts re-checks it then.
 * Other leads go at once. A roster's rows whose certificate is found are withdrawn against the leads of their
 * ID numbers, learnt a stretch of rows at a time (`prefetch`): an ID number seen without a lead then costs no
 * query of its own for NO_LEAD_MEMORY.lifeMs. A lead this instance adds is seen at once; one another instance
 * adds within that life after the stretch was read may miss that row's withdrawal (without the memory, the
 * window is the query's own) — a held lead is re-checked on the platform before it is released anyway.
 * On start, lead findings the outbox has never seen (a crash between the finding and its lead, or
 * findings from before this outbox) are taken in too, so every lead is accounted for.
 *
 * A command (check, batch, export) ends with a last round of at most CLOSE_DEADLINE_MS: a run must not hang
 * while the bureau is down, and what it leaves stays in the outbox for the next run or the bot. Several
 * instances on one database each run a sender; each lead is claimed by one of them (store/outbox.ts).
 */
import type { Config } from '../config/schema.js';
import { addDays } from '../domain/dates.js';
import { maskId } from '../domain/mask.js';
import { BoundedMemo } from '../store/bounded-memo.js';
import { Outbox, type OutboxOptions } from '../store/outbox.js';
import type { Store } from '../store/store.js';
import { logger } from '../util/logger.js';
import { type LeadSink, leadFromFinding, leadOriginOf } from '../verify/lead-from-finding.js';
import { BureauSender, type BureauSenderOptions } from './bureau-sender.js';

const log = logger('bureau-outbox');

/** ID numbers known to have no lead to withdraw: how many are held, and how long each is trusted. */
export const NO_LEAD_MEMORY = { ids: 2_000, lifeMs: 5_000 } as const;

/** How long closing waits for the last round. */
export const CLOSE_DEADLINE_MS = 3_000;

export interface LeadOutbox {
  outbox: Outbox;
  sink: LeadSink;
  /** The sender, when `bureau.url` is set. */
  sender?: BureauSender;
  /** Stop sending (one last short round) and say on standard error what is still waiting or was refused. */
  close(): Promise<void>;
}

/** The outbox of `store`'s data directory, and its sender when `config.bureau.url` is set. */
export async function openLeadOutbox(
  config: Config,
  store: Pick<Store, 'db' | 'findings'>,
  options: Partial<BureauSenderOptions> & { outbox?: OutboxOptions } = {},
): Promise<LeadOutbox> {
  const { url, token } = config.bureau;
  const { outbox: outboxOptions, ...senderOptions } = options;
  const outbox = new Outbox(store.db, outboxOptions);
  const sender = url === '' ? undefined : new BureauSender({ url, token, outbox, ...senderOptions });
  /** ID numbers with no `fake_certificate` lead when last read (see the file's comment). */
  const noLead = new BoundedMemo<true>(NO_LEAD_MEMORY.ids, NO_LEAD_MEMORY.lifeMs);
  /** Adds begun or ended so far, and those under way: a read that overlapped an add may no longer hold. */
  const adds = { changes: 0, running: 0 };
  const addLead: LeadSink['add'] = async (lead, origin) => {
    const days = config.rules.newCertificateDays;
    const held = lead.kind === 'fake_certificate' && origin && days > 0;
    const added = held
      ? await outbox.hold(lead, addDays(origin.day, days), {
          requester: origin.requester,
          ...(origin.personType !== undefined && { personType: origin.personType }),
        })
      : await outbox.add(lead);
    if (added && !held) sender?.wake();
    return added;
  };
  const sink: LeadSink = {
    async add(lead, origin) {
      adds.changes++;
      adds.running++;
      noLead.delete(lead.idNumber);
      try {
        return await addLead(lead, origin);
      } finally {
        adds.changes++;
        adds.running--;
      }
    },
    async prefetch(idNumbers) {
      const before = adds.changes;
      const open = await outbox.withFakeCertificateLeads(idNumbers);
      if (adds.changes !== before || adds.running > 0) return;
      for (const id of idNumbers) if (!open.has(id)) noLead.set(id, true);
    },
    async found(person, reason, at) {
      if (noLead.get(person.idNumber)) return 0;
      let withdrawn = 0;
      for (const entry of await outbox.fakeCertificateLeadsOf(person.idNumber, person.name)) {
        if (await outbox.withdraw(entry.lead.id, reason, at)) withdrawn++;
      }
      if (withdrawn > 0) {
        log.info({ id: maskId(person.idNumber), withdrawn }, '已查到证书，相关疑似假证线索已撤回');
        sender?.wake();
      }
      return withdrawn;
    },
    // Each change is committed when its method resolves.
    flush: async () => {},
  };
  let caughtUp = 0;
  const known = await outbox.states();
  for (const finding of await store.findings.list()) {
    const lead = leadFromFinding(finding);
    if (lead && !known.has(lead.id) && (await sink.add(lead, leadOriginOf(finding)))) caughtUp++;
  }
  if (caughtUp > 0) log.info({ leads: caughtUp }, '补充排入发件箱的线索');
  sender?.start();
  return {
    outbox,
    sink,
    ...(sender && { sender }),
    async close() {
      if (!sender) return;
      await sender.stop(CLOSE_DEADLINE_MS);
      const notice = await sender.notice();
      if (notice) {
        log.warn(notice);
        process.stderr.write(`${notice}\n`);
      }
    },
  };
}

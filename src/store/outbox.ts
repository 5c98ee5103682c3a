/**
 * bureau-outbox.jsonl: every lead of the data directory and where it stands, kept on disk (0600, JSON lines), so
 * nothing is lost while the bureau is down or the bot restarts:
 *
 * - pending (待复核): a `fake_certificate` lead held until its re-check is due (new certificates take days to
 *   appear on the platform); then released to the bureau, or withdrawn when the re-check finds a certificate;
 * - waiting: released (or queued at once: a photo's lead, an impersonation) and not yet acknowledged;
 * - sent: the bureau acknowledged it;
 * - refused / conflict: the bureau refused it for good, or holds different content under the same id (409):
 *   kept with the answer, for the operator to see, never dropped;
 * - withdrawn (已撤回): a certificate was found for the person. A lead withdrawn after it was sent owes the
 *   bureau a withdrawal until the bureau acknowledges it; a withdrawal found by a re-check owes the asker a
 *   notice until it is delivered.
 *
 * The finding id is the key: queuing it again changes nothing, and the bureau takes a resend as the same lead.
 *
 * Beside the leads, the enterprise's self-check summary of each month (people checked, problems found, counted
 * at `at`): one per month, replaced by a later count with other numbers (never added to), waiting until the
 * bureau acknowledges the count it holds now; an acknowledgement of an older count leaves the newer one waiting.
 *
 * Layout version 1 throughout: a file of the first layout (queued / acked / refused lines) opens as it is.
 */
import { join } from 'node:path';
import type { PersonType } from '../domain/certificate.js';
import type { LeadReport } from '../domain/lead.js';
import type { Requester } from '../domain/query.js';
import type { SelfCheckReport } from '../domain/self-check.js';
import type { StoreFs } from './atomic-write.js';
import { isOutboxEvent } from './event-guards.js';
import { JsonLinesFile } from './jsonl-file.js';

/** A lead the bureau refused for good, with its answer. */
export interface RefusedLead {
  lead: LeadReport;
  /** HTTP status of the refusal. */
  status: number;
  /** The bureau's reason (Chinese). */
  reason: string;
  at: string;
}

/** Where a lead stands (see the file comment). */
export type LeadState = 'pending' | 'waiting' | 'sent' | 'refused' | 'conflict' | 'withdrawn';

/** What a held lead's re-check asks again (the lead's ID, name and item) and who is told when it is found. */
export interface LeadRecheck {
  personType?: PersonType;
  requester: Requester;
}

/** A withdrawal: why, when, and what is still owed (to the bureau, to the asker). */
export interface LeadWithdrawal {
  reason: string;
  at: string;
  /** The bureau has the lead and has not yet acknowledged its withdrawal. */
  owed: boolean;
  /** The bureau refused the withdrawal for good (e.g. 404: it does not know the lead). */
  refused?: { status: number; reason: string; at: string };
  /** What the asker is to be told, until delivered. */
  notice?: { requester: Requester; text: string; delivered: boolean };
}

/** One lead and where it stands. */
export interface LeadEntry {
  lead: LeadReport;
  state: LeadState;
  /** A pending lead's re-check day (China `YYYY-MM-DD`): from this day on it is asked again. */
  dueOn?: string;
  recheck?: LeadRecheck;
  /** The bureau acknowledged the lead (also true once withdrawn after that). */
  sent: boolean;
  /** Refused or conflict: the bureau's answer. */
  refusal?: { status: number; reason: string; at: string };
  withdrawal?: LeadWithdrawal;
}

/** A month's self-check summary and where it stands. */
export interface SummaryEntry {
  report: SelfCheckReport;
  /** The bureau acknowledged this count. */
  sent: boolean;
  /** The bureau refused this count for good, with its answer (a later count is sent again). */
  refusal?: { status: number; reason: string; at: string };
}

/** A line of the outbox after the header. */
export type OutboxEvent =
  | { t: 'queued'; lead: LeadReport }
  | { t: 'held'; lead: LeadReport; dueOn: string; recheck: LeadRecheck }
  | { t: 'released'; id: string }
  | { t: 'acked'; id: string }
  | { t: 'refused'; id: string; status: number; reason: string; at: string }
  | { t: 'conflict'; id: string; reason: string; at: string }
  | {
      t: 'withdrawn';
      id: string;
      reason: string;
      at: string;
      notice?: { requester: Requester; text: string };
    }
  | { t: 'withdrawal_acked'; id: string }
  | { t: 'withdrawal_refused'; id: string; status: number; reason: string; at: string }
  | { t: 'notified'; id: string }
  /** A lead as it stands (a compacted file). */
  | { t: 'entry'; entry: LeadEntry }
  /** A month's self-check summary, replacing an earlier count of the month. */
  | { t: 'summary'; report: SelfCheckReport }
  | { t: 'summary_acked'; month: string; at: string }
  | { t: 'summary_refused'; month: string; at: string; status: number; reason: string; refusedAt: string };

export const OUTBOX_FILE = 'bureau-outbox.jsonl';
const OUTBOX_VERSION = 1;

/** Lines appended before the file is rewritten with one line per lead. */
const COMPACT_AFTER_LINES = 1_000;

export interface OutboxOptions {
  fs: StoreFs;
}

/** The outbox in a data directory. Open with `Outbox.open`. */
export class Outbox {
  private readonly entries = new Map<string, LeadEntry>();
  /** Self-check summaries by month. */
  private readonly summaries = new Map<string, SummaryEntry>();
  /** Fake-certificate lead ids by ID number: every verdict that finds a certificate asks (fakeCertificateLeadsOf). */
  private readonly fakeCertificateIdsOf = new Map<string, string[]>();
  /** Ids acknowledged in a file of the first layout compacted without their lead. */
  private readonly ackedIds = new Set<string>();
  private linesSinceCompaction = 0;

  private constructor(private readonly file: JsonLinesFile<OutboxEvent>) {}

  /** Replay the outbox file in `dir` (absent: empty). Rejects with store_corrupt. */
  static async open(dir: string, options: OutboxOptions): Promise<Outbox> {
    const read = await JsonLinesFile.open<OutboxEvent>({
      path: join(dir, OUTBOX_FILE),
      fs: options.fs,
      version: OUTBOX_VERSION,
      accept: isOutboxEvent,
    });
    const outbox = new Outbox(read.file);
    for (const event of read.records) outbox.apply(event);
    return outbox;
  }

  /** Apply one event to memory; false when it changes nothing (unknown id, or not in the state it needs). */
  private apply(event: OutboxEvent): boolean {
    switch (event.t) {
      case 'queued':
      case 'held':
        if (this.knows(event.lead.id)) return false;
        this.keep(
          event.t === 'queued'
            ? { lead: event.lead, state: 'waiting', sent: false }
            : { lead: event.lead, state: 'pending', dueOn: event.dueOn, recheck: event.recheck, sent: false },
        );
        return true;
      case 'entry':
        this.keep(event.entry);
        return true;
      case 'released':
        return this.move(event.id, ['pending'], (e) => {
          e.state = 'waiting';
        });
      case 'acked':
        if (!this.entries.has(event.id)) {
          this.ackedIds.add(event.id);
          return true;
        }
        return this.move(event.id, ['waiting'], (e) => {
          e.state = 'sent';
          e.sent = true;
        });
      case 'refused':
      case 'conflict': {
        const status = event.t === 'refused' ? event.status : 409;
        return this.move(event.id, ['waiting'], (e) => {
          e.state = event.t;
          e.refusal = { status, reason: event.reason, at: event.at };
        });
      }
      case 'withdrawn':
        return this.move(event.id, ['pending', 'waiting', 'sent', 'refused', 'conflict'], (e) => {
          e.state = 'withdrawn';
          e.withdrawal = { reason: event.reason, at: event.at, owed: e.sent };
          if (event.notice) e.withdrawal.notice = { ...event.notice, delivered: false };
        });
      case 'withdrawal_acked':
      case 'withdrawal_refused': {
        const w = this.entries.get(event.id)?.withdrawal;
        if (!w?.owed) return false;
        w.owed = false;
        if (event.t === 'withdrawal_refused')
          w.refused = { status: event.status, reason: event.reason, at: event.at };
        return true;
      }
      case 'notified': {
        const notice = this.entries.get(event.id)?.withdrawal?.notice;
        if (!notice || notice.delivered) return false;
        notice.delivered = true;
        return true;
      }
      case 'summary': {
        const held = this.summaries.get(event.report.month)?.report;
        const same = held?.people === event.report.people && held.problems === event.report.problems;
        if (held && (held.at >= event.report.at || same)) return false;
        this.summaries.set(event.report.month, { report: event.report, sent: false });
        return true;
      }
      case 'summary_acked':
      case 'summary_refused': {
        const entry = this.summaries.get(event.month);
        if (!entry || entry.report.at !== event.at || entry.sent || entry.refusal) return false;
        if (event.t === 'summary_acked') entry.sent = true;
        else entry.refusal = { status: event.status, reason: event.reason, at: event.refusedAt };
        return true;
      }
      default:
        event satisfies never;
        return false;
    }
  }

  /** Hold `entry` under its lead's id, indexed by ID number when it is a fake-certificate lead. */
  private keep(entry: LeadEntry): void {
    const { lead } = entry;
    if (lead.kind === 'fake_certificate' && !this.entries.has(lead.id)) {
      this.fakeCertificateIdsOf.set(lead.idNumber, [
        ...(this.fakeCertificateIdsOf.get(lead.idNumber) ?? []),
        lead.id,
      ]);
    }
    this.entries.set(lead.id, entry);
  }

  private move(id: string, from: readonly LeadState[], change: (entry: LeadEntry) => void): boolean {
    const entry = this.entries.get(id);
    if (!entry || !from.includes(entry.state)) return false;
    change(entry);
    return true;
  }

  /** Apply `event` and append it, when it changes something. */
  private async record(event: OutboxEvent): Promise<boolean> {
    if (!this.apply(event)) return false;
    this.linesSinceCompaction++;
    if (this.linesSinceCompaction >= COMPACT_AFTER_LINES) {
      this.linesSinceCompaction = 0;
      await this.file.compact(() => this.snapshot());
    } else await this.file.append(event);
    return true;
  }

  /** Whether the outbox has seen `id` (in any state). */
  knows(id: string): boolean {
    return this.entries.has(id) || this.ackedIds.has(id);
  }

  /** Queue `lead` for the bureau at once, durably (nothing when its id is already known). */
  add(lead: LeadReport): Promise<boolean> {
    return this.record({ t: 'queued', lead });
  }

  /** Hold `lead` until `dueOn` (its re-check day), durably (nothing when its id is already known). */
  hold(lead: LeadReport, dueOn: string, recheck: LeadRecheck): Promise<boolean> {
    return this.record({ t: 'held', lead, dueOn, recheck });
  }

  /** Pending leads whose re-check is due on `today`, oldest first. */
  due(today: string): LeadEntry[] {
    return this.list().filter((e) => e.state === 'pending' && (e.dueOn ?? '') <= today);
  }

  /** A pending lead's re-check still finds nothing: it goes to the bureau. */
  release(id: string): Promise<boolean> {
    return this.record({ t: 'released', id });
  }

  /** The bureau has the lead (201 or 200). */
  async ack(id: string): Promise<void> {
    await this.record({ t: 'acked', id });
  }

  /** The bureau refused the lead for good: kept aside with the answer, not sent again. */
  async refuse(id: string, status: number, reason: string, at: Date): Promise<void> {
    await this.record({ t: 'refused', id, status, reason, at: at.toISOString() });
  }

  /** The bureau holds different content under this id (409): kept as a conflict, not sent again. */
  async conflict(id: string, reason: string, at: Date): Promise<void> {
    await this.record({ t: 'conflict', id, reason, at: at.toISOString() });
  }

  /**
   * Withdraw lead `id` (a certificate was found for the person): never sent if it was not yet; owed to the
   * bureau if it was. `notice` is what to tell the asker. False when the lead is unknown or already withdrawn.
   */
  withdraw(
    id: string,
    reason: string,
    at: Date,
    notice?: { requester: Requester; text: string },
  ): Promise<boolean> {
    return this.record({ t: 'withdrawn', id, reason, at: at.toISOString(), ...(notice && { notice }) });
  }

  /** The `fake_certificate` leads about this person not yet withdrawn (same ID number; same name when both have one). */
  fakeCertificateLeadsOf(idNumber: string, name: string | undefined): LeadEntry[] {
    return (this.fakeCertificateIdsOf.get(idNumber) ?? []).flatMap((id) => {
      const e = this.entries.get(id);
      const named = name === undefined || e?.lead.name === undefined || e.lead.name === name;
      return e !== undefined && e.state !== 'withdrawn' && named ? [e] : [];
    });
  }

  /** The bureau acknowledged the withdrawal of `id`. */
  async withdrawalDelivered(id: string): Promise<void> {
    await this.record({ t: 'withdrawal_acked', id });
  }

  /** The bureau refused the withdrawal of `id` for good (kept with its answer, not sent again). */
  async withdrawalRefused(id: string, status: number, reason: string, at: Date): Promise<void> {
    await this.record({ t: 'withdrawal_refused', id, status, reason, at: at.toISOString() });
  }

  /** The asker of `id` was told of its withdrawal. */
  async notified(id: string): Promise<void> {
    await this.record({ t: 'notified', id });
  }

  /**
   * Queue `report` as its month's self-check summary, durably: it replaces the month's earlier count when its
   * numbers differ (false, nothing written, when they are the same or the month holds a later count).
   */
  queueSummary(report: SelfCheckReport): Promise<boolean> {
    return this.record({ t: 'summary', report });
  }

  /** The month's summary and where it stands. */
  summaryOf(month: string): SummaryEntry | undefined {
    return this.summaries.get(month);
  }

  /** Summaries the bureau has not yet acknowledged (nor refused), by month. */
  summariesWaiting(): SelfCheckReport[] {
    return [...this.summaries.values()]
      .filter((e) => !e.sent && !e.refusal)
      .map((e) => e.report)
      .sort((a, b) => a.month.localeCompare(b.month));
  }

  /** Summaries the bureau refused for good. */
  summariesRefused(): SummaryEntry[] {
    return [...this.summaries.values()].filter((e) => e.refusal !== undefined);
  }

  /** The bureau holds the count of `month` made at `at`. */
  async summaryDelivered(month: string, at: string): Promise<void> {
    await this.record({ t: 'summary_acked', month, at });
  }

  /** The bureau refused the count of `month` made at `at` for good. */
  async summaryRefused(month: string, at: string, status: number, reason: string, when: Date): Promise<void> {
    await this.record({ t: 'summary_refused', month, at, status, reason, refusedAt: when.toISOString() });
  }

  /** Leads waiting to be sent, oldest first. */
  waiting(): LeadReport[] {
    return this.list()
      .filter((e) => e.state === 'waiting')
      .map((e) => e.lead);
  }

  /** Withdrawn leads whose withdrawal the bureau has not yet acknowledged. */
  withdrawalsOwed(): LeadEntry[] {
    return this.list().filter((e) => e.withdrawal?.owed === true);
  }

  /** Withdrawn leads whose asker has not yet been told. */
  noticesOwed(): LeadEntry[] {
    return this.list().filter((e) => e.withdrawal?.notice?.delivered === false);
  }

  /** Leads the bureau refused for good. */
  refused(): RefusedLead[] {
    return this.inState('refused');
  }

  /** Leads the bureau holds different content for under the same id (409). */
  conflicts(): RefusedLead[] {
    return this.inState('conflict');
  }

  private inState(state: 'refused' | 'conflict'): RefusedLead[] {
    return this.list().flatMap((e) =>
      e.state === state && e.refusal ? [{ lead: e.lead, ...e.refusal }] : [],
    );
  }

  /** Every lead the outbox holds, in the order first seen. */
  list(): LeadEntry[] {
    return [...this.entries.values()];
  }

  /** The lead `id` and where it stands. */
  get(id: string): LeadEntry | undefined {
    return this.entries.get(id);
  }

  /** Where lead `id` stands; undefined when the outbox never saw it. */
  stateOf(id: string): LeadState | undefined {
    return this.entries.get(id)?.state ?? (this.ackedIds.has(id) ? 'sent' : undefined);
  }

  /** Resolves once every change so far is durable. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /**
   * Lines recreating the outbox: a lead the bureau has and nothing can withdraw (not a `fake_certificate` lead)
   * as its id alone, every other lead as it stands; each month's summary with its answer.
   */
  private *snapshot(): Iterable<OutboxEvent> {
    for (const { report, sent, refusal } of this.summaries.values()) {
      yield { t: 'summary', report };
      const { month, at } = report;
      if (sent) yield { t: 'summary_acked', month, at };
      if (refusal)
        yield {
          t: 'summary_refused',
          month,
          at,
          status: refusal.status,
          reason: refusal.reason,
          refusedAt: refusal.at,
        };
    }
    for (const id of this.ackedIds) yield { t: 'acked', id };
    for (const entry of this.entries.values()) {
      if (entry.state === 'sent' && entry.lead.kind !== 'fake_certificate')
        yield { t: 'acked', id: entry.lead.id };
      else yield { t: 'entry', entry };
    }
  }
}

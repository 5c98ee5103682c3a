/**
 * The reader of bureau-outbox.jsonl, the outbox of versions before the SQL store (now store/outbox.ts): every lead
 * and where it stands, and the months' self-check summaries, as JSON lines of events replayed in order (layout
 * version 1 throughout; a file of the first layout, queued / acked / refused lines, reads as it is). Only
 * `store migrate` reads it; nothing writes it any more.
 *
 * The finding id is the key: a lead queued again changes nothing. A compacted file holds a lead the bureau has
 * and nothing can withdraw as its id alone (`acked` without a lead). A month's summary is replaced by a later
 * count with other numbers; an acknowledgement of an older count leaves the newer one waiting.
 */
import { join } from 'node:path';
import type { LeadReport } from '../../domain/lead.js';
import type { Requester } from '../../domain/query.js';
import type { SelfCheckReport } from '../../domain/self-check.js';
import { isOutboxEvent } from '../event-guards.js';
import { readJsonLines } from '../jsonl-file.js';
import type { LeadEntry, LeadRecheck, LeadState, SummaryEntry } from '../outbox.js';
import type { StoreFs } from '../store-fs.js';

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

/** What an outbox file holds, replayed. */
export interface OutboxFileContent {
  /** Every lead with its content, in the order first seen. */
  entries: LeadEntry[];
  /** Leads the bureau acknowledged whose content the file no longer keeps. */
  ackedIds: string[];
  summaries: SummaryEntry[];
}

/** Read and replay `bureau-outbox.jsonl` in `dir` (absent: empty). Unreadable lines are skipped; the file is only read. */
export async function readOutboxFile(dir: string, fs: StoreFs): Promise<OutboxFileContent> {
  const read = await readJsonLines<OutboxEvent>(fs, join(dir, OUTBOX_FILE), {
    version: OUTBOX_VERSION,
    accept: isOutboxEvent,
  });
  const replay = new OutboxReplay();
  for (const event of read.records ?? []) replay.apply(event);
  return {
    entries: [...replay.entries.values()],
    ackedIds: [...replay.ackedIds].filter((id) => !replay.entries.has(id)),
    summaries: [...replay.summaries.values()],
  };
}

/** The outbox as its events so far leave it. */
class OutboxReplay {
  readonly entries = new Map<string, LeadEntry>();
  readonly summaries = new Map<string, SummaryEntry>();
  readonly ackedIds = new Set<string>();

  private knows(id: string): boolean {
    return this.entries.has(id) || this.ackedIds.has(id);
  }

  private keep(entry: LeadEntry): void {
    this.entries.set(entry.lead.id, entry);
  }

  private move(id: string, from: readonly LeadState[], change: (entry: LeadEntry) => void): boolean {
    const entry = this.entries.get(id);
    if (!entry || !from.includes(entry.state)) return false;
    change(entry);
    return true;
  }

  /** Apply one event; false when it changes nothing (unknown id, or not in the state it needs). */
  apply(event: OutboxEvent): boolean {
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
}

/**
 * bureau-outbox.jsonl: the leads a bot owes the bureau, kept on disk (0600, JSON lines) until the bureau
 * acknowledges each one, so nothing is lost while the bureau is down or the bot restarts. A lead the bureau
 * refuses for good (bad token, bad lead) is kept as refused, for the operator to see, never dropped. The
 * finding id is the key: queuing it again changes nothing, and the bureau takes a resend as the same lead.
 */
import { join } from 'node:path';
import type { LeadReport } from '../domain/lead.js';
import type { StoreFs } from './atomic-write.js';
import { isOutboxEvent } from './event-guards.js';
import type { CorruptPolicy } from './json-file.js';
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

/** A line of the outbox after the header. */
export type OutboxEvent =
  | { t: 'queued'; lead: LeadReport }
  | { t: 'acked'; id: string }
  | { t: 'refused'; id: string; status: number; reason: string; at: string };

export const OUTBOX_FILE = 'bureau-outbox.jsonl';
const OUTBOX_VERSION = 1;

/** Acknowledged lines tolerated before the file is rewritten without them. */
const COMPACT_AFTER_ACKS = 1_000;

export interface OutboxOptions {
  fs: StoreFs;
  onCorrupt?: CorruptPolicy;
}

/** The outbox in a data directory. Open with `Outbox.open`. */
export class Outbox {
  private readonly pending = new Map<string, LeadReport>();
  private readonly refusedById = new Map<string, RefusedLead>();
  /** Ids acknowledged (kept so a lead queued again after its ack is not sent twice). */
  private readonly acked = new Set<string>();
  private acksSinceCompaction = 0;

  private constructor(private readonly file: JsonLinesFile<OutboxEvent>) {}

  /** Replay the outbox file in `dir` (absent: empty). Rejects with store_corrupt. */
  static async open(dir: string, options: OutboxOptions): Promise<Outbox> {
    const read = await JsonLinesFile.open<OutboxEvent>({
      path: join(dir, OUTBOX_FILE),
      fs: options.fs,
      version: OUTBOX_VERSION,
      onCorrupt: options.onCorrupt,
      accept: isOutboxEvent,
    });
    const outbox = new Outbox(read.file);
    for (const event of read.records) outbox.apply(event);
    return outbox;
  }

  private apply(event: OutboxEvent): void {
    switch (event.t) {
      case 'queued':
        if (!this.acked.has(event.lead.id) && !this.refusedById.has(event.lead.id))
          this.pending.set(event.lead.id, event.lead);
        return;
      case 'acked':
        this.pending.delete(event.id);
        this.acked.add(event.id);
        return;
      case 'refused': {
        const lead = this.pending.get(event.id);
        this.pending.delete(event.id);
        if (lead)
          this.refusedById.set(event.id, { lead, status: event.status, reason: event.reason, at: event.at });
        return;
      }
      default:
        event satisfies never;
    }
  }

  /** Whether the outbox has seen `id` (waiting, acknowledged or refused). */
  knows(id: string): boolean {
    return this.pending.has(id) || this.acked.has(id) || this.refusedById.has(id);
  }

  /** Queue `lead` durably (nothing when its id is already known). */
  async add(lead: LeadReport): Promise<boolean> {
    if (this.knows(lead.id)) return false;
    const event: OutboxEvent = { t: 'queued', lead };
    this.apply(event);
    await this.file.append(event);
    return true;
  }

  /** The bureau has the lead (201 or 200). */
  async ack(id: string): Promise<void> {
    if (!this.pending.has(id)) return;
    const event: OutboxEvent = { t: 'acked', id };
    this.apply(event);
    this.acksSinceCompaction++;
    if (this.acksSinceCompaction >= COMPACT_AFTER_ACKS) {
      this.acksSinceCompaction = 0;
      await this.file.compact(() => this.snapshot());
    } else await this.file.append(event);
  }

  /** The bureau refused the lead for good: kept aside with the answer, not sent again. */
  async refuse(id: string, status: number, reason: string, at: Date): Promise<void> {
    if (!this.pending.has(id)) return;
    const event: OutboxEvent = { t: 'refused', id, status, reason, at: at.toISOString() };
    this.apply(event);
    await this.file.append(event);
  }

  /** Leads waiting to be sent, oldest first. */
  waiting(): LeadReport[] {
    return [...this.pending.values()];
  }

  /** Leads the bureau refused for good. */
  refused(): RefusedLead[] {
    return [...this.refusedById.values()];
  }

  /** Resolves once every change so far is durable. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Lines recreating the outbox: acknowledged ids, refused leads, waiting leads. */
  private *snapshot(): Iterable<OutboxEvent> {
    for (const id of this.acked) yield { t: 'acked', id };
    for (const [id, r] of this.refusedById) {
      yield { t: 'queued', lead: r.lead };
      yield { t: 'refused', id, status: r.status, reason: r.reason, at: r.at };
    }
    for (const lead of this.pending.values()) yield { t: 'queued', lead };
  }
}

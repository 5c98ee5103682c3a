/**
 * Queries the platform could not answer (`unverifiable`), kept in the store (`chat-pending`) and asked again by
 * `retry()` on the transport's timer, so the person gets the answer later, even after a restart. A round starts
 * from the document as the database holds it (another instance may have queued or answered some); `items()`
 * shows this instance's copy, as of its last change or round.
 */
import { randomUUID } from 'node:crypto';
import { maskId } from '../../domain/mask.js';
import type { ParsedQuery, Requester } from '../../domain/query.js';
import type { Verdict } from '../../domain/verdict.js';
import type { StoreDocument } from '../../store/document.js';
import { logger } from '../../util/logger.js';
import { type ChatAddress, type ChatSend, textReply } from '../types.js';
import { followUpText, givenUpText } from './replies.js';
import type { ChatServices } from './services.js';

const log = logger('chat-pending');

/** One waiting query. Holds the full ID (the data directory is private); logs show it masked. */
export interface PendingItem {
  id: string;
  query: ParsedQuery;
  requester: Requester;
  to: ChatAddress;
  maskIds: boolean;
  /** Statistics key the answer counts under. */
  scopeKey: string;
  /** ISO instant. */
  queuedAt: string;
  attempts: number;
}

interface PendingData {
  items: PendingItem[];
}

export interface PendingAnswersDeps {
  services: Pick<ChatServices, 'pipeline' | 'store' | 'now' | 'today'>;
  send: ChatSend;
  /** Called with each verdict finally obtained (for the statistics). */
  onAnswered: (item: PendingItem, verdict: Verdict) => Promise<void>;
  /** Give up (and say so) after this long. */
  maxAgeMs: number;
  /** Whether the door an item goes back through can send now; items whose door is down wait (default: all). */
  reachable?: (to: ChatAddress) => boolean;
}

export class PendingAnswers {
  private running: Promise<number> | undefined;

  private constructor(
    private readonly file: StoreDocument<PendingData>,
    private readonly deps: PendingAnswersDeps,
  ) {}

  static async open(deps: PendingAnswersDeps): Promise<PendingAnswers> {
    const file = await deps.services.store.file<PendingData>('chat-pending', {
      version: 1,
      defaults: () => ({ items: [] }),
    });
    return new PendingAnswers(file, deps);
  }

  /** Waiting queries, oldest first. */
  items(): readonly PendingItem[] {
    return this.file.data.items;
  }

  /** Queue a query (once: the same person asking again for the same query keeps one entry). */
  async add(item: Omit<PendingItem, 'id' | 'queuedAt' | 'attempts'>): Promise<void> {
    const same = (p: PendingItem) =>
      p.to.door === item.to.door &&
      p.to.userId === item.to.userId &&
      p.to.roomId === item.to.roomId &&
      p.query.idNumber === item.query.idNumber &&
      p.query.name === item.query.name &&
      p.query.item === item.query.item;
    const entry: PendingItem = {
      ...item,
      id: randomUUID(),
      queuedAt: this.deps.services.now().toISOString(),
      attempts: 0,
    };
    await this.file.update((data) => {
      if (!data.items.some(same)) data.items.push(entry);
    });
  }

  /**
   * Ask the platform again for each waiting query, oldest first; answered ones get a follow-up reply and leave the
   * queue. The round stops at the first still unverifiable (the platform is still down). Overlapping calls share
   * one round. Resolves with how many were answered.
   */
  retry(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<number> {
    const { services, send, maxAgeMs, reachable = () => true } = this.deps;
    const now = services.now().getTime();
    await this.file.reload();
    // An answer goes back through the door it came from (`to.door`), also after a restart: while that door is
    // not running, its items stay on disk. Expired ones leave in any case (the host drops a reply to a door
    // that is down), so the file does not keep what nobody can be told any more.
    const expired = this.file.data.items.filter((p) => now - Date.parse(p.queuedAt) > maxAgeMs);
    for (const item of expired) {
      send(textReply(item.to, givenUpText(item.query, { maskIds: item.maskIds })));
      await this.remove(item.id);
    }
    let answered = 0;
    for (const item of this.file.data.items.filter((p) => reachable(p.to))) {
      const verdict = await services.pipeline.verify(item.query, {
        requester: item.requester,
        today: services.today(),
      });
      if (verdict.status === 'unverifiable') {
        await this.file.update((data) => {
          const p = data.items.find((x) => x.id === item.id);
          if (p) p.attempts++;
        });
        log.info({ id: maskId(item.query.idNumber), attempts: item.attempts + 1 }, 'still unverifiable');
        break;
      }
      send(textReply(item.to, followUpText(verdict, { maskIds: item.maskIds })));
      await this.remove(item.id);
      await this.deps.onAnswered(item, verdict);
      answered++;
    }
    return answered;
  }

  private async remove(id: string): Promise<void> {
    await this.file.update((data) => {
      data.items = data.items.filter((p) => p.id !== id);
    });
  }
}

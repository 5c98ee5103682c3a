/**
 * Queries the platform could not answer (`unverifiable`), kept in the store's table `pending_answers` (migration
 * 007) and asked again by `retry()` on the host's timer, so the person gets the answer later, even after a
 * restart. Several instances share the table and each runs `retry()`: an item is claimed before it is asked
 * (`for update skip locked` and a lease, store/sql/claims.ts), so one instance looks it up and answers it; its
 * outcome is recorded only while the claim is still this instance's. An instance claims only items whose door it
 * can send through now (`reachable`: a WeCom reply goes from the instance holding the robot's connection), leaving
 * the others to an instance that can; one killed holding a claim leaves the item to another once its lease has
 * run out.
 */
import { randomUUID } from 'node:crypto';
import { maskId } from '../../domain/mask.js';
import type { ParsedQuery, Requester } from '../../domain/query.js';
import type { Verdict } from '../../domain/verdict.js';
import type { SqlDb } from '../../sql/db.js';
import {
  type Claimer,
  type ClaimTable,
  claimRows,
  instanceId,
  releaseClaim,
  settleClaim,
} from '../../store/sql/claims.js';
import { isoOf } from '../../store/sql/row-values.js';
import { logger } from '../../util/logger.js';
import { type ChatAddress, type ChatSend, textReply } from '../types.js';
import { followUpText, givenUpText } from './replies.js';
import type { ChatServices } from './services.js';

const log = logger('chat-pending');

/** One waiting query. Holds the full ID (the database is private); logs show it masked. */
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

export interface PendingAnswersDeps {
  /** The store's database (table `pending_answers`). */
  db: SqlDb;
  services: Pick<ChatServices, 'pipeline' | 'now' | 'today'>;
  send: ChatSend;
  /** Called with each verdict finally obtained (for the statistics). */
  onAnswered: (item: PendingItem, verdict: Verdict) => Promise<void>;
  /** Give up (and say so) after this long. */
  maxAgeMs: number;
  /** Whether the door an item goes back through can send now; items whose door is down wait (default: all). */
  reachable?: (to: ChatAddress) => boolean;
  /** This instance's name on its claims (default: host, pid and a random part). */
  holder?: string;
  /** How long a claim holds before another instance may take the item over (default 10 minutes). */
  leaseMs?: number;
}

/** A claim outlives one lookup: a chat query waiting its turn at the platform's pace, with its retries. */
const DEFAULT_LEASE_MS = 10 * 60_000;

const TABLE: ClaimTable = { table: 'pending_answers', key: 'id' };

/** A row of pending_answers. */
interface PendingRow {
  [column: string]: unknown;
  id: string;
  query: ParsedQuery;
  requester: Requester;
  address: ChatAddress;
  mask_ids: boolean;
  scope_key: string;
  queued_at: unknown;
  attempts: number;
}

function itemOf(r: PendingRow): PendingItem {
  return {
    id: r.id,
    query: r.query,
    requester: r.requester,
    to: r.address,
    maskIds: r.mask_ids,
    scopeKey: r.scope_key,
    queuedAt: isoOf(r.queued_at),
    attempts: r.attempts,
  };
}

/** What asking one claimed item again came to. */
type Outcome = 'answered' | 'unverifiable' | 'left';

export class PendingAnswers {
  private running: Promise<number> | undefined;
  private readonly db: SqlDb;
  private readonly claimer: Claimer;

  constructor(private readonly deps: PendingAnswersDeps) {
    this.db = deps.db;
    this.claimer = { holder: deps.holder ?? instanceId(), leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS };
  }

  /** Queue a query (once: the same person asking again for the same query keeps one entry). */
  async add(item: Omit<PendingItem, 'id' | 'queuedAt' | 'attempts'>): Promise<void> {
    await this.db.query(
      `insert into pending_answers (id, query, requester, address, mask_ids, scope_key, queued_at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
      [
        randomUUID(),
        JSON.stringify(item.query),
        JSON.stringify(item.requester),
        JSON.stringify(item.to),
        item.maskIds,
        item.scopeKey,
        this.deps.services.now().toISOString(),
      ],
    );
  }

  /**
   * Ask the platform again for each waiting query this instance can answer, oldest first; answered ones get a
   * follow-up reply and leave the queue. The round stops at the first still unverifiable (the platform is still
   * down). Overlapping calls share one round; a round ends holding no claim. Resolves with how many were answered.
   */
  retry(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<number> {
    const { services, maxAgeMs, reachable = () => true } = this.deps;
    const now = services.now().getTime();
    const cutoff = new Date(now - maxAgeMs).toISOString();
    // An answer goes back through the door it came from (`to.door`), also after a restart: while no door of this
    // instance can send it, the item stays for one that can (this one later, or another instance).
    const free = await this.db.query<PendingRow>(
      'select * from pending_answers where lease_until is null or lease_until < now() order by seq',
    );
    const mine = free.map(itemOf).filter((item) => reachable(item.to));
    const expired = (item: PendingItem) => Date.parse(item.queuedAt) < Date.parse(cutoff);
    await this.eachClaimed(mine.filter(expired), 'queued_at < $2', cutoff, async (item) => {
      await this.giveUp(item);
      return true;
    });
    await this.dropUnreachable(new Date(now - 2 * maxAgeMs).toISOString());
    let answered = 0;
    await this.eachClaimed(
      mine.filter((item) => !expired(item)),
      'queued_at >= $2',
      cutoff,
      async (item) => {
        const outcome = await this.ask(item);
        if (outcome === 'answered') answered++;
        return outcome !== 'unverifiable';
      },
    );
    return answered;
  }

  /**
   * Claim the items of `items` still waiting and meeting `when` (its `$2` is `cutoff`) one at a time, oldest
   * first, and run `work` on each until it returns false. An item another instance holds or has answered is
   * skipped.
   */
  private async eachClaimed(
    items: PendingItem[],
    when: string,
    cutoff: string,
    work: (item: PendingItem) => Promise<boolean>,
  ): Promise<void> {
    let left = items.map((item) => item.id);
    while (left.length > 0) {
      const [row] = await claimRows<PendingRow>(this.db, TABLE, this.claimer, {
        where: `id = any($1) and ${when}`,
        params: [left, cutoff],
        order: 'seq',
        limit: 1,
      });
      if (!row) return;
      left = left.filter((id) => id !== row.id);
      if (!(await work(itemOf(row)))) return;
    }
  }

  /**
   * Look a claimed item up again; answer it (the row goes), or count the attempt, or give it back when its door
   * went down meanwhile (this instance lost the WeCom connection to another, or is stopping).
   */
  private async ask(item: PendingItem): Promise<Outcome> {
    const { services, reachable = () => true } = this.deps;
    const verdict = await services.pipeline
      .verify(item.query, { requester: item.requester, today: services.today() })
      .catch(async (error: unknown) => {
        await this.unclaim(item.id);
        throw error;
      });
    if (verdict.status === 'unverifiable') {
      await settleClaim(this.db, TABLE, item.id, this.claimer.holder, async (tx) => {
        await tx.query('update pending_answers set attempts = attempts + 1 where id = $1', [item.id]);
        return true;
      });
      log.info({ id: maskId(item.query.idNumber), attempts: item.attempts + 1 }, 'still unverifiable');
      return 'unverifiable';
    }
    if (!reachable(item.to)) {
      await this.unclaim(item.id);
      return 'left';
    }
    if (!(await this.removeAndSay(item, followUpText(verdict, { maskIds: item.maskIds })))) return 'left';
    await this.deps.onAnswered(item, verdict);
    return 'answered';
  }

  /** A claimed item past the maximum age: say it is given up, once, and drop it. */
  private async giveUp(item: PendingItem): Promise<void> {
    await this.removeAndSay(item, givenUpText(item.query, { maskIds: item.maskIds }));
  }

  /**
   * Delete the claimed item and hand `text` to the send queue of its door, in one transaction holding the row
   * while the claim is still this instance's (else nothing: another instance took the item over and answers it).
   * The reply is handed over before the deletion commits: a failure between the two (the database gone at the
   * commit) leaves the row, and the person may later get the same answer a second time. A person told "we will
   * answer later" would rather read an answer twice than never; the reverse order could lose it for good.
   * Delivery itself follows from the door's queue in memory, as for every reply.
   */
  private removeAndSay(item: PendingItem, text: string): Promise<boolean> {
    return settleClaim(this.db, TABLE, item.id, this.claimer.holder, async (tx) => {
      const gone = await tx.query('delete from pending_answers where id = $1 returning id', [item.id]);
      if (gone.length === 0) return false;
      this.deps.send(textReply(item.to, text));
      return true;
    });
  }

  /**
   * Items no instance's door could take until twice the maximum age (their door is gone: a transport no longer
   * run) leave without a word, so the table does not keep what nobody can be told any more.
   */
  private async dropUnreachable(before: string): Promise<void> {
    const gone = await this.db.query<{ id: string }>(
      `delete from pending_answers where queued_at < $1 and (lease_until is null or lease_until < now())
       returning id`,
      [before],
    );
    if (gone.length > 0)
      log.warn({ count: gone.length }, 'pending answers dropped: their door never came back');
  }

  private unclaim(id: string): Promise<void> {
    return releaseClaim(this.db, TABLE, id, this.claimer.holder);
  }
}

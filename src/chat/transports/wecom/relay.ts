/**
 * Replies for the WeCom robot from an instance that does not hold the robot's one connection (a roster it
 * continued after a restart, an answer it found later): one row each in the table `wecom_relay`, until the
 * instance holding the robot sends them as proactive messages (a frame can be answered only by the connection it
 * came on). A file's bytes are kept as they are (bytea).
 *
 * The holder claims a batch of due rows, oldest first, with a lease (sql/claims.ts): during a handover two
 * holders may overlap for a moment (the old one's round still under way when its lease on the robot ran out),
 * and a claimed row is skipped by the other, so a reply is not sent twice by two instances at once. A reply sent
 * leaves the table; one WeCom refuses is tried again after a backoff while the rows behind it go on; a failure
 * that finds the connection gone ends the round and gives the rows in hand back untouched. An instance that dies
 * after sending and before deleting leaves the row to the next holder once its lease ran out: the reply then
 * goes twice rather than never.
 */
import { maskIdsInText } from '../../../domain/mask.js';
import type { SqlDb } from '../../../sql/db.js';
import {
  type Claimer,
  type ClaimTable,
  claimRows,
  instanceId,
  releaseClaim,
  settleClaim,
} from '../../../store/sql/claims.js';
import { logger } from '../../../util/logger.js';
import type { ChatAddress, ChatReply } from '../../types.js';

const log = logger('wecom-relay');

const TABLE: ClaimTable = { table: 'wecom_relay', key: 'seq' };

/** Rows a round claims at most: at one proactive message every 3 s, about a minute's worth. */
const BATCH = 20;

/** A claimed row holds this long; a round of `BATCH` sends at the proactive pace ends well within it. */
const LEASE_MS = 5 * 60_000;

/**
 * A reply WeCom kept refusing is given up 24 hours after it was kept: the person gets nothing from it, so the
 * bound is generous (a WeCom outage of a night, a chat the robot was removed from and added back), yet a day-old
 * answer about a check is stale and a row that can never go (a chat that is gone) must not stay for ever. Time,
 * not a count of attempts, since the backoff makes attempts sparse: one every 30 min at most once it has grown.
 */
const GIVE_UP_AFTER_HOURS = 24;

/** The backoff after the n-th failure: 30 s doubling, at most 30 min. */
const BACKOFF_FIRST_S = 30;
const BACKOFF_MAX_S = 30 * 60;

/** How much of a failure's text a row keeps. */
const ERROR_CHARS = 500;

type RelayRow = {
  seq: string | number;
  address: ChatAddress;
  text: string | null;
  file_name: string | null;
  file_bytes: Uint8Array | null;
};

/** What a round did: replies sent, tried again later, given up. */
export interface RelayRound {
  sent: number;
  failed: number;
  givenUp: number;
}

export class WecomRelay {
  private readonly claimer: Claimer;

  constructor(
    private readonly db: SqlDb,
    holder: string = instanceId(),
  ) {
    this.claimer = { holder, leaseMs: LEASE_MS };
  }

  /** Keep `reply` for the holder of the robot (resolves once it is in the database). */
  async push(reply: ChatReply): Promise<void> {
    // The frame token is this instance's: the holder sends proactively.
    const { frame: _frame, ...via } = reply.to.via ?? {};
    const to: ChatAddress = reply.to.via ? { ...reply.to, via } : reply.to;
    const { content } = reply;
    await this.db.query(
      'insert into wecom_relay (address, text, file_name, file_bytes) values ($1, $2, $3, $4)',
      content.kind === 'text'
        ? [JSON.stringify(to), content.text, null, null]
        : [JSON.stringify(to), null, content.file.name, content.file.bytes],
    );
  }

  /**
   * One round: give up the replies past the bound, then send a batch of the due ones through `send`, oldest first.
   * After a failure, `connected()` tells a refusal of this reply (recorded, retried later, the round goes on)
   * from a connection gone (the round stops; the rows in hand stay due as they were).
   */
  async drain(send: (reply: ChatReply) => Promise<void>, connected: () => boolean): Promise<RelayRound> {
    const round: RelayRound = { sent: 0, failed: 0, givenUp: await this.giveUpStale() };
    const rows = await claimRows<RelayRow>(this.db, TABLE, this.claimer, {
      where: 'next_attempt_at <= now()',
      order: 'seq',
      limit: BATCH,
    });
    for (const [i, row] of rows.entries()) {
      const key = String(row.seq);
      try {
        await send(replyOf(row));
      } catch (error) {
        if (!connected()) {
          for (const left of rows.slice(i))
            await releaseClaim(this.db, TABLE, String(left.seq), this.claimer.holder);
          throw error;
        }
        await this.recordFailure(key, error);
        round.failed++;
        continue;
      }
      await settleClaim(this.db, TABLE, key, this.claimer.holder, async (tx) => {
        await tx.query('delete from wecom_relay where seq = $1', [key]);
        return true;
      });
      round.sent++;
    }
    if (round.failed > 0 || round.givenUp > 0) log.warn(round, 'wecom: relayed replies not sent this round');
    return round;
  }

  private async recordFailure(key: string, error: unknown): Promise<void> {
    const text = maskIdsInText(error instanceof Error ? error.message : String(error)).slice(0, ERROR_CHARS);
    await settleClaim(this.db, TABLE, key, this.claimer.holder, async (tx) => {
      await tx.query(
        `update wecom_relay set attempts = attempts + 1, last_error = $2,
           next_attempt_at = now() + make_interval(secs => least($3 * power(2, attempts), $4))
         where seq = $1`,
        [key, text, BACKOFF_FIRST_S, BACKOFF_MAX_S],
      );
      return true;
    });
  }

  /** Delete the replies kept longer than the bound that no live lease holds; returns how many. */
  private async giveUpStale(): Promise<number> {
    const gone = await this.db.query(
      `delete from wecom_relay
       where created_at < now() - make_interval(hours => $1) and (lease_until is null or lease_until < now())
       returning seq`,
      [GIVE_UP_AFTER_HOURS],
    );
    return gone.length;
  }
}

function replyOf(row: RelayRow): ChatReply {
  return {
    to: row.address,
    content:
      row.file_name !== null && row.file_bytes !== null
        ? { kind: 'file', file: { name: row.file_name, bytes: Buffer.from(row.file_bytes) } }
        : { kind: 'text', text: row.text ?? '' },
  };
}

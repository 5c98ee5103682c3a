/**
 * The national platform's pace shared by every instance on the database: one row per platform (`platform_pacing`,
 * the moment of the last query granted) and the requests waiting for it (`platform_waiting`, by priority, then
 * by arrival). A request is granted when it heads the queue and the interval has passed since the last grant; the
 * grant is one statement that moves `last_at` only when both still hold, so two instances never take the same
 * turn (a concurrent update re-checks the row it waited for). No LISTEN/NOTIFY: the head sleeps until its turn
 * and the others look again every `pollMs`. Nothing is kept in memory but the caller's own row id.
 * A waiting row not refreshed for `staleMs` belongs to an instance that died and is passed over.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type Pacer, PRIORITY_RANK } from '../../lookup/pacer.js';
import type { LookupPriority } from '../../lookup/port.js';
import type { SqlDb } from '../../sql/db.js';

export interface PlatformPacerOptions {
  /** At least this long between two grants, over every instance (`lookup.minIntervalMs`). */
  intervalMs: number;
  /** The platform's name (one pace per platform). */
  name?: string;
  /** How often a request that does not head the queue looks again (default: a fifth of the interval, 10–250 ms). */
  pollMs?: number;
  /** A waiting row older than this without a refresh is passed over (default: twice the interval plus 10 s). */
  staleMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** One try: whether it was granted, who heads the queue and how long until the interval has passed. */
interface Try extends Record<string, unknown> {
  granted: number;
  head: string | null;
  wait_ms: number;
}

/**
 * Grant the turn to `$2` when it heads the live queue of `$1` and `$3` ms have passed since the last grant; then
 * its waiting row goes. Says who heads and how long is left either way.
 */
const TRY = `
with head as (
  select id from platform_waiting
  where name = $1 and alive_at > clock_timestamp() - $4::float8 * interval '1 millisecond'
  order by rank desc, queued_at, id limit 1
), granted as (
  update platform_pacing set last_at = clock_timestamp()
  where name = $1 and last_at + $3::float8 * interval '1 millisecond' <= clock_timestamp()
    and (select id from head) = $2
  returning last_at
), gone as (
  delete from platform_waiting where id = $2 and exists (select 1 from granted) returning id
)
select (select count(*) from granted)::int as granted, (select id from head) as head,
  (select extract(epoch from (last_at - clock_timestamp())) * 1000 + $3::float8
   from platform_pacing where name = $1)::float8 as wait_ms`;

export class SqlPlatformPacer implements Pacer {
  private readonly name: string;
  private readonly pollMs: number;
  private readonly staleMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly db: SqlDb,
    private readonly options: PlatformPacerOptions,
  ) {
    this.name = options.name ?? 'national';
    this.pollMs = options.pollMs ?? Math.min(250, Math.max(10, Math.round(options.intervalMs / 5)));
    this.staleMs = options.staleMs ?? 2 * options.intervalMs + 10_000;
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  }

  async wait(priority: LookupPriority, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.ready ??= this.db.query(
      `insert into platform_pacing (name, last_at) values ($1, 'epoch') on conflict (name) do nothing`,
      [this.name],
    );
    await this.ready;
    const id = randomUUID();
    await this.enqueue(id, PRIORITY_RANK[priority]);
    let refreshedAt = Date.now();
    try {
      for (;;) {
        const sentAt = performance.now();
        const [turn] = await this.db.query<Try>(TRY, [this.name, id, this.options.intervalMs, this.staleMs]);
        if (turn?.granted) return;
        // The head sleeps until its turn, less the trip to the database and back (what was left was measured on
        // the way), looking again at least every pollMs: the pace may change meanwhile.
        const left = (turn?.wait_ms ?? 0) - (performance.now() - sentAt);
        const pause = turn?.head === id ? Math.min(this.pollMs, Math.max(1, Math.floor(left))) : this.pollMs;
        await this.sleep(pause, signal);
        if (Date.now() - refreshedAt > this.staleMs / 3) {
          await this.refresh(id, PRIORITY_RANK[priority]);
          refreshedAt = Date.now();
        }
      }
    } catch (error) {
      await this.db.query('delete from platform_waiting where id = $1', [id]).catch(() => {});
      throw signal?.aborted ? signal.reason : error;
    }
  }

  /** Join the queue; rows of instances long dead are cleared on the way. */
  private async enqueue(id: string, rank: number): Promise<void> {
    await this.db.query(
      `with dead as (
         delete from platform_waiting where name = $2
           and alive_at < clock_timestamp() - $4::float8 * interval '1 millisecond'
       )
       insert into platform_waiting (id, name, rank, queued_at, alive_at)
       values ($1, $2, $3, clock_timestamp(), clock_timestamp())`,
      [id, this.name, rank, 4 * this.staleMs],
    );
  }

  /** Say the request is still waiting; a row cleared meanwhile (the instance stalled) joins again at the end. */
  private async refresh(id: string, rank: number): Promise<void> {
    const kept = await this.db.query(
      'update platform_waiting set alive_at = clock_timestamp() where id = $1 returning id',
      [id],
    );
    if (kept.length === 0) await this.enqueue(id, rank);
  }
}

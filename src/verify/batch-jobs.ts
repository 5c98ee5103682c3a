/**
 * Batch jobs in the store's database (`batch_jobs`, `batch_verdicts`): what each job is, the roster it was sent
 * (its bytes, until delivered), who the result goes to, and its verdicts, saved as they come in multi-row inserts.
 * Every instance on the database sees every job: the instance running or delivering one holds it by a lease it
 * renews; when that instance dies, the lease runs out and another instance claims the job (`claimNext`) and
 * continues it from its saved verdicts (see batch-job-runner.ts).
 */

import { createHash, randomUUID } from 'node:crypto';
import type { StoredChatAddress } from '../config/chat-ids.js';
import type { Requester } from '../domain/query.js';
import type { VerdictStatus } from '../domain/status.js';
import type { Verdict } from '../domain/verdict.js';
import type { RosterFile } from '../roster/read/read-roster.js';
import type { SqlDb } from '../sql/db.js';
import { type ClaimTable, claimRows, instanceId, releaseClaim } from '../store/sql/claims.js';
import { jsonOf } from '../store/sql/row-values.js';
import { logger } from '../util/logger.js';
import type { VerdictLog } from './batch.js';
import { VerdictWriter } from './verdict-writer.js';

const log = logger('batch-jobs');

/** Where a finished batch is delivered: back into a chat, or to a file the CLI named. */
export type DeliveryTarget =
  | {
      kind: 'chat';
      /** Contact or room id the annotated roster is sent back to. */
      conversationId: string;
      /** Who sent the roster (to mention in a group). */
      userId?: string;
      /** The chat's full reply address (plain JSON, the chat's `ChatAddress`), for delivery after a restart. */
      address?: StoredChatAddress;
    }
  | { kind: 'cli'; outFile: string };

/** `running` until every verdict is in; `finished` until delivered; `delivered` keeps only the summary
 *  (its input and verdicts are deleted). */
export type JobState = 'running' | 'finished' | 'delivered' | 'failed';

/** One batch job as stored. */
export interface BatchJob {
  id: string;
  state: JobState;
  fileName: string;
  inputSha256: string;
  requester: Requester;
  today: string;
  target: DeliveryTarget;
  /** Whether the delivered roster may show full ID numbers. */
  fullIds: boolean;
  createdAt: string;
  finishedAt?: string;
  /** Rows per status, once finished. */
  summary?: { rows: number; byStatus: Partial<Record<VerdictStatus, number>> };
  /** Why the job failed (Chinese). */
  error?: string;
}

/** A job's verdict log, with how many verdicts it holds. */
export interface JobVerdictLog extends VerdictLog {
  readonly size: number;
}

/** The new job's description. */
export interface NewJob {
  file: RosterFile;
  requester: Requester;
  today: string;
  target: DeliveryTarget;
  fullIds: boolean;
}

/** Who holds the jobs this store claims, and for how long a claim lasts unless renewed. */
export interface JobStoreOptions {
  /** This instance as a lease holder (default: `instanceId()`). */
  holder?: string;
  /** How long a job stays this instance's after its last renewal (renewed every third of it while held). */
  leaseMs?: number;
}

/** A job's lease when unset: another instance takes over a minute after the holder died. */
export const JOB_LEASE_MS = 60_000;

const JOBS: ClaimTable = { table: 'batch_jobs', key: 'id' };

/** An undelivered job. */
const OPEN = "state in ('running', 'finished')";

interface JobRow {
  id: string;
  state: JobState;
  file_name: string;
  input_sha256: string;
  requester: unknown;
  today: string;
  target: unknown;
  full_ids: boolean;
  created_at: string;
  finished_at: string | null;
  summary: unknown;
  error: string | null;
  [column: string]: unknown;
}

/** The columns a job is read from (never the input bytes). */
const JOB_COLUMNS =
  'id, state, file_name, input_sha256, requester, today, target, full_ids, created_at, finished_at, summary, error';

/** Batch jobs and their verdicts in the store's database. */
export class JobStore {
  readonly holder: string;
  private readonly leaseMs: number;
  /** Renewal timers of the jobs this store holds, by job id. */
  private readonly kept = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: SqlDb,
    options: JobStoreOptions = {},
  ) {
    this.holder = options.holder ?? instanceId();
    this.leaseMs = options.leaseMs ?? JOB_LEASE_MS;
  }

  /** The jobs of the store's database. */
  static async open(store: { db: SqlDb }, options: JobStoreOptions = {}): Promise<JobStore> {
    return new JobStore(store.db, options);
  }

  /** Save the input and record a running job, held by this store. */
  async create(input: NewJob): Promise<BatchJob> {
    const id = `${input.today.replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
    const [row] = await this.db.query<JobRow>(
      `insert into batch_jobs (id, state, file_name, input, input_sha256, requester, today, target, target_kind,
         full_ids, created_at, lease_holder, lease_until)
       values ($1, 'running', $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8, $9, $10, $11,
         now() + make_interval(secs => $12))
       returning ${JOB_COLUMNS}`,
      [
        id,
        input.file.name,
        input.file.bytes,
        sha256(input.file.bytes),
        JSON.stringify(input.requester),
        input.today,
        JSON.stringify(input.target),
        input.target.kind,
        input.fullIds,
        new Date().toISOString(),
        this.holder,
        this.leaseMs / 1000,
      ],
    );
    return jobOf(row as JobRow);
  }

  /** A job by id. */
  async get(id: string): Promise<BatchJob | undefined> {
    const [row] = await this.db.query<JobRow>(`select ${JOB_COLUMNS} from batch_jobs where id = $1`, [id]);
    return row && jobOf(row);
  }

  /** Jobs not yet delivered (running, or finished but not delivered), oldest first, whoever holds them. */
  async unfinished(): Promise<BatchJob[]> {
    const rows = await this.db.query<JobRow>(
      `select ${JOB_COLUMNS} from batch_jobs where ${OPEN} order by seq`,
    );
    return rows.map(jobOf);
  }

  /**
   * Claim the undelivered job for the same input bytes, date and target (the CLI started again on the same file
   * after a stop, a chat roster sent again); a chat job only when no live lease holds it.
   */
  async findResumable(bytes: Buffer, today: string, target: DeliveryTarget): Promise<BatchJob | undefined> {
    const where = `${OPEN} and input_sha256 = $1 and today = $2 and target = $3::jsonb`;
    const params = [sha256(bytes), today, JSON.stringify(target)];
    // A CLI job is only ever its CLI's (claimNext leaves it): run again, it continues at once, also while the
    // lease of the run a kill stopped has not run out yet.
    const [row] =
      target.kind === 'cli'
        ? await this.db.query<JobRow>(
            `update batch_jobs set lease_holder = $4, lease_until = now() + make_interval(secs => $5)
             where id = (select id from batch_jobs where ${where} order by seq limit 1)
             returning ${JOB_COLUMNS}`,
            [...params, this.holder, this.leaseMs / 1000],
          )
        : await this.claim(where, params);
    return row && jobOf(row);
  }

  /**
   * Claim the oldest undelivered chat job no live lease holds (its instance stopped, or died and its lease ran
   * out), skipping `skip`. CLI jobs are left alone: their result is a file on the machine of the CLI that ran
   * them, which is started again to finish them.
   */
  async claimNext(skip: readonly string[] = []): Promise<BatchJob | undefined> {
    const [row] = await this.claim(`${OPEN} and target_kind = 'chat' and id <> all($1::text[])`, [[...skip]]);
    return row && jobOf(row);
  }

  /** The saved input of a job; rejects when it is gone. */
  async readInput(job: BatchJob): Promise<RosterFile> {
    const [row] = await this.db.query<{ input: Uint8Array | null }>(
      'select input from batch_jobs where id = $1',
      [job.id],
    );
    if (!row?.input) throw new Error(`batch job ${job.id} has no input`);
    return { name: job.fileName, bytes: Buffer.from(row.input) };
  }

  /**
   * Renew this store's lease on `jobId` while it is running or being delivered, until `stop` (which leaves the
   * lease to run out: `release` gives the job back at once).
   */
  keep(jobId: string): { stop(): void } {
    clearInterval(this.kept.get(jobId));
    const timer = setInterval(() => void this.renew(jobId), this.leaseMs / 3);
    timer.unref();
    this.kept.set(jobId, timer);
    return {
      stop: () => {
        if (this.kept.get(jobId) !== timer) return;
        clearInterval(timer);
        this.kept.delete(jobId);
      },
    };
  }

  /** Give a job this store holds back undone (a stop, a delivery this instance cannot make): any instance may claim it now. */
  release(jobId: string): Promise<void> {
    return releaseClaim(this.db, JOBS, jobId, this.holder);
  }

  /** Stop renewing every lease held (they run out unless released). */
  close(): void {
    for (const timer of this.kept.values()) clearInterval(timer);
    this.kept.clear();
  }

  /** The verdict log of one job, for `runBatch`: the verdicts saved so far, and new ones saved in batches. */
  async verdictLog(jobId: string): Promise<JobVerdictLog> {
    const rows = await this.db.query<{ key: string; verdict: unknown }>(
      'select key, verdict from batch_verdicts where job_id = $1',
      [jobId],
    );
    const byKey = new Map(rows.map((r) => [r.key, jsonOf<Verdict>(r.verdict)]));
    const writer = new VerdictWriter(this.db, jobId);
    return {
      id: jobId,
      get size() {
        return byKey.size;
      },
      saved: (key) => byKey.get(key),
      save: (key, verdict) => {
        byKey.set(key, verdict);
        return writer.save(key, verdict);
      },
    };
  }

  /**
   * Mark a job finished with its summary (its verdicts are kept until it is delivered); false when another
   * instance holds it now (it took the job over and delivers it).
   */
  async finish(jobId: string, summary: NonNullable<BatchJob['summary']>): Promise<boolean> {
    const rows = await this.db.query(
      `update batch_jobs set state = 'finished', finished_at = $2, summary = $3::jsonb
       where id = $1 and (lease_holder is null or lease_holder = $4) returning id`,
      [jobId, new Date().toISOString(), JSON.stringify(summary), this.holder],
    );
    return rows.length > 0;
  }

  /** Mark a job delivered: its saved input and its verdicts are deleted, the summary stays. */
  async markDelivered(jobId: string): Promise<void> {
    await this.settle(jobId, "state = 'delivered'");
  }

  /** Mark a job failed with a Chinese reason; it will not be resumed. */
  async fail(jobId: string, reason: string): Promise<void> {
    await this.settle(jobId, "state = 'failed', error = $2", [reason]);
  }

  private claim(where: string, params: readonly unknown[]): Promise<JobRow[]> {
    return claimRows<JobRow>(
      this.db,
      JOBS,
      { holder: this.holder, leaseMs: this.leaseMs },
      { where, params, order: 'seq', limit: 1 },
    );
  }

  private async renew(jobId: string): Promise<void> {
    try {
      const rows = await this.db.query(
        `update batch_jobs set lease_until = now() + make_interval(secs => $3)
         where id = $1 and lease_holder = $2 and ${OPEN} returning id`,
        [jobId, this.holder, this.leaseMs / 1000],
      );
      if (rows.length === 0) log.warn({ job: jobId }, 'batch job no longer held here');
    } catch (error) {
      log.warn({ job: jobId, error: String(error) }, 'batch job lease not renewed');
    }
  }

  /** End a job (`set`: its new state, parameters from `$2`): input, verdicts and lease go. */
  private async settle(jobId: string, set: string, params: readonly unknown[] = []): Promise<void> {
    clearInterval(this.kept.get(jobId));
    this.kept.delete(jobId);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `update batch_jobs set ${set}, input = null, lease_holder = null, lease_until = null where id = $1`,
        [jobId, ...params],
      );
      await tx.query('delete from batch_verdicts where job_id = $1', [jobId]);
    });
  }
}

function jobOf(row: JobRow): BatchJob {
  return {
    id: row.id,
    state: row.state,
    fileName: row.file_name,
    inputSha256: row.input_sha256,
    requester: jsonOf<Requester>(row.requester),
    today: row.today,
    target: jsonOf<DeliveryTarget>(row.target),
    fullIds: row.full_ids,
    createdAt: row.created_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.summary === null ? {} : { summary: jsonOf<NonNullable<BatchJob['summary']>>(row.summary) }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

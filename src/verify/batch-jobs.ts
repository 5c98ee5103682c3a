/**
 * Batch jobs on disk: `batch-jobs.json` says what each job is and who the result goes to; its input file is
 * kept under `batch-inputs/`, and its verdicts are appended as they come to `batch-verdicts/<job>.jsonl` (a
 * line per verdict, so saving one never rewrites the others). After a restart the unfinished jobs are found
 * here and continued (see batch-job-runner.ts).
 */

import { createHash, randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { StoredChatAddress } from '../config/chat-ids.js';
import type { Requester } from '../domain/query.js';
import type { VerdictStatus } from '../domain/status.js';
import type { Verdict } from '../domain/verdict.js';
import { SHEET_FILE_NAME } from '../roster/read/file-kind.js';
import type { RosterFile } from '../roster/read/read-roster.js';
import { realFs } from '../store/atomic-write.js';
import type { StoreDocument } from '../store/document.js';
import { JsonLinesFile } from '../store/jsonl-file.js';
import { makePrivateDir, writePrivateFile } from '../store/private-files.js';
import type { Store } from '../store/store.js';
import type { VerdictLog } from './batch.js';

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
 *  (its input and verdicts files are deleted). */
export type JobState = 'running' | 'finished' | 'delivered' | 'failed';

/** One batch job as stored. */
export interface BatchJob {
  id: string;
  state: JobState;
  fileName: string;
  /** The saved input, relative to the data dir. */
  inputPath: string;
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
  /**
   * The instance whose data directory holds the job's input and verdicts (`host:dataDir`): several instances
   * share the jobs document, and only this one can resume the job. Absent on jobs of earlier versions (theirs).
   */
  instance?: string;
}

/** The jobs file. */
export interface JobsData {
  jobs: BatchJob[];
}

/** Version of the jobs file layout. */
export const JOBS_FILE_VERSION = 1;

/** Version of the layout of a job's verdicts file. */
export const VERDICTS_FILE_VERSION = 1;

/** A line of a job's verdicts file: the verdict for the people under `key` (a later line for a key wins). */
interface VerdictLine {
  key: string;
  verdict: Verdict;
}

/** A job's verdict log, with how many verdicts it holds. */
export interface JobVerdictLog extends VerdictLog {
  readonly size: number;
}

interface OpenVerdicts {
  file: JsonLinesFile<VerdictLine>;
  byKey: Map<string, Verdict>;
}

/** The new job's description. */
export interface NewJob {
  file: RosterFile;
  requester: Requester;
  today: string;
  target: DeliveryTarget;
  fullIds: boolean;
}

/** Batch jobs kept in `batch-jobs` in the data dir, inputs under `batch-inputs/`. */
export class JobStore {
  /** Verdicts files opened in this process, by job id (each is read once, then only appended to). */
  private readonly verdictFiles = new Map<string, Promise<OpenVerdicts>>();

  /** This instance, as `BatchJob.instance` names it. */
  private readonly instance: string;

  constructor(
    private readonly file: StoreDocument<JobsData>,
    private readonly dataDir: string,
  ) {
    this.instance = `${hostname()}:${resolve(dataDir)}`;
  }

  /** Whether this instance holds the job's files (so it may resume the job). */
  ownedHere(job: BatchJob): boolean {
    return job.instance === undefined || job.instance === this.instance;
  }

  /** Open the jobs file (`batch-jobs.json`) through the store. */
  static async open(store: Pick<Store, 'file' | 'dataDir'>): Promise<JobStore> {
    const file = await store.file<JobsData>('batch-jobs', {
      version: JOBS_FILE_VERSION,
      defaults: () => ({ jobs: [] }),
    });
    return new JobStore(file, store.dataDir);
  }

  /** Save the input file and record a running job. */
  async create(input: NewJob): Promise<BatchJob> {
    const id = `${input.today.replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
    const ext = SHEET_FILE_NAME.test(input.file.name) ? extname(input.file.name).toLowerCase() : '';
    const inputPath = join('batch-inputs', `${id}${ext}`);
    await makePrivateDir(join(this.dataDir, 'batch-inputs'));
    await writePrivateFile(join(this.dataDir, inputPath), input.file.bytes);
    const job: BatchJob = {
      id,
      state: 'running',
      fileName: input.file.name,
      inputPath,
      inputSha256: sha256(input.file.bytes),
      requester: input.requester,
      today: input.today,
      target: input.target,
      fullIds: input.fullIds,
      createdAt: new Date().toISOString(),
      instance: this.instance,
    };
    await this.file.update((d) => {
      d.jobs.push(job);
    });
    return this.get(id) ?? job;
  }

  /** A job by id. */
  get(id: string): BatchJob | undefined {
    return this.file.data.jobs.find((j) => j.id === id);
  }

  /** Jobs not yet delivered (running, or finished but not delivered), oldest first. */
  unfinished(): BatchJob[] {
    return this.file.data.jobs.filter((j) => j.state === 'running' || j.state === 'finished');
  }

  /** An undelivered job for the same input bytes, date and target (a CLI run started again after a stop). */
  findResumable(bytes: Buffer, today: string, target: DeliveryTarget): BatchJob | undefined {
    const hash = sha256(bytes);
    const same = JSON.stringify(target);
    return this.unfinished().find(
      (j) => j.inputSha256 === hash && j.today === today && JSON.stringify(j.target) === same,
    );
  }

  /** The saved input file of a job. */
  async readInput(job: BatchJob): Promise<RosterFile> {
    return { name: job.fileName, bytes: await readFile(join(this.dataDir, job.inputPath)) };
  }

  /**
   * The verdict log of one job, for `runBatch`: the verdicts saved so far (its file read once a process; a
   * line a crash cut short is dropped, and an unreadable file is moved aside, its people verified again).
   */
  async verdictLog(jobId: string): Promise<JobVerdictLog> {
    const open = await this.openVerdicts(jobId);
    return {
      id: jobId,
      get size() {
        return open.byKey.size;
      },
      saved: (key) => open.byKey.get(key),
      save: (key, verdict) => {
        open.byKey.set(key, verdict);
        return open.file.append({ key, verdict });
      },
    };
  }

  /** Mark a job finished with its summary (its verdicts are kept until it is delivered). */
  async finish(jobId: string, summary: NonNullable<BatchJob['summary']>): Promise<void> {
    await this.file.update((d) => {
      const job = d.jobs.find((j) => j.id === jobId);
      if (!job) return;
      job.state = 'finished';
      job.finishedAt = new Date().toISOString();
      job.summary = summary;
    });
  }

  /** Mark a job delivered: its saved input and its verdicts are deleted, the summary stays. */
  async markDelivered(jobId: string): Promise<void> {
    const job = this.get(jobId);
    await this.file.update((d) => {
      const j = d.jobs.find((x) => x.id === jobId);
      if (j) j.state = 'delivered';
    });
    await this.dropVerdicts(jobId);
    if (job) await rm(join(this.dataDir, job.inputPath), { force: true });
  }

  /** Mark a job failed with a Chinese reason; it will not be resumed. */
  async fail(jobId: string, reason: string): Promise<void> {
    await this.file.update((d) => {
      const j = d.jobs.find((x) => x.id === jobId);
      if (!j) return;
      j.state = 'failed';
      j.error = reason;
    });
    await this.dropVerdicts(jobId);
  }

  private verdictsPath(jobId: string): string {
    return join(this.dataDir, 'batch-verdicts', `${jobId}.jsonl`);
  }

  private openVerdicts(jobId: string): Promise<OpenVerdicts> {
    let open = this.verdictFiles.get(jobId);
    if (!open) {
      open = (async () => {
        await makePrivateDir(join(this.dataDir, 'batch-verdicts'));
        const { file, records } = await JsonLinesFile.open<VerdictLine>({
          path: this.verdictsPath(jobId),
          fs: realFs,
          version: VERDICTS_FILE_VERSION,
        });
        return { file, byKey: new Map(records.map((r) => [r.key, r.verdict])) };
      })();
      this.verdictFiles.set(jobId, open);
      open.catch(() => this.verdictFiles.delete(jobId));
    }
    return open;
  }

  /** Delete a job's verdicts file once the appends on their way are written. */
  private async dropVerdicts(jobId: string): Promise<void> {
    const open = this.verdictFiles.get(jobId);
    this.verdictFiles.delete(jobId);
    if (open) await (await open).file.flush().catch(() => {});
    await rm(this.verdictsPath(jobId), { force: true });
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

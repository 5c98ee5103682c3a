/**
 * The batch jobs of a data directory of the file store, read only, for `store migrate`: `batch-jobs.json` (each
 * job's fields), and for a job not yet delivered its saved roster (`batch-inputs/<id><ext>`, the job's
 * `inputPath`) and its verdicts (`batch-verdicts/<id>.jsonl`, a line per verdict, a later line for a key winning).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonLines } from '../jsonl-file.js';
import { readTextIfExists, realFs } from '../store-fs.js';
import { splitVersioned } from '../versioned-json.js';

/** A job as `batch-jobs.json` held it (the fields `store migrate` carries). */
export interface BatchJobFile {
  id: string;
  state: 'running' | 'finished' | 'delivered' | 'failed';
  fileName: string;
  inputPath: string;
  inputSha256: string;
  requester: unknown;
  today: string;
  target: { kind: string };
  fullIds: boolean;
  createdAt: string;
  finishedAt?: string;
  summary?: unknown;
  error?: string;
}

/** A job with what an undelivered one still had on disk. */
export interface OldBatchJob {
  job: BatchJobFile;
  /** The saved roster (an undelivered job whose file is still there). */
  input?: Buffer;
  /** Its verdicts by key (an undelivered job). */
  verdicts: Map<string, unknown>;
}

/** The layout version of a job's verdicts file. */
const VERDICTS_FILE_VERSION = 1;

/** The batch jobs of `dir` (none without batch-jobs.json). */
export async function readBatchJobFiles(dir: string): Promise<OldBatchJob[]> {
  const path = join(dir, 'batch-jobs.json');
  const text = await readTextIfExists(realFs, path);
  if (text === null) return [];
  const { data } = splitVersioned(text, path);
  const jobs = ((data as { jobs?: BatchJobFile[] }).jobs ?? []) as BatchJobFile[];
  const found: OldBatchJob[] = [];
  for (const job of jobs) {
    const open = job.state === 'running' || job.state === 'finished';
    found.push(open ? { job, ...(await savedFiles(dir, job)) } : { job, verdicts: new Map() });
  }
  return found;
}

async function savedFiles(dir: string, job: BatchJobFile): Promise<Omit<OldBatchJob, 'job'>> {
  const input = await readFile(join(dir, job.inputPath)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const { records = [] } = await readJsonLines<{ key: string; verdict: unknown }>(
    realFs,
    join(dir, 'batch-verdicts', `${job.id}.jsonl`),
    { version: VERDICTS_FILE_VERSION },
  );
  return { ...(input && { input }), verdicts: new Map(records.map((r) => [r.key, r.verdict])) };
}

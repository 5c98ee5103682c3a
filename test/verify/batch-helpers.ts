/**
 * Test doubles for the batch tests: a pipeline that counts calls, the job store on a real temp file,
 * and rosters built from plain rows.
 */
import { join } from 'node:path';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { ParsedQuery } from '../../src/domain/query.js';
import type { VerdictStatus } from '../../src/domain/status.js';
import type { Verdict } from '../../src/domain/verdict.js';
import type { Roster, RosterRow } from '../../src/roster/types.js';
import { realFs } from '../../src/store/atomic-write.js';
import { StoreDocument } from '../../src/store/document.js';
import { readJsonLines } from '../../src/store/jsonl-file.js';
import {
  JOBS_FILE_VERSION,
  JobStore,
  type JobsData,
  VERDICTS_FILE_VERSION,
} from '../../src/verify/batch-jobs.js';
import type { KnownHolder, Pipeline, VerifyContext } from '../../src/verify/pipeline.js';
import { openTestStoreDb } from '../helpers/store-databases.js';

export const TODAY = '2025-06-01';

/** A pipeline answering from a status table; records every query it was asked. */
export class CountingPipeline implements Pipeline {
  readonly calls: Array<{ query: ParsedQuery; ctx: VerifyContext }> = [];
  /** Set by a test that watches what a run reads ahead. */
  prefetch?: Pipeline['prefetch'];
  constructor(
    private readonly statusOf: (q: ParsedQuery) => VerdictStatus = (q) => (q.valid ? 'valid' : 'invalid_id'),
    private readonly names: Record<string, string> = {},
    /** Called before answering (to stop a run mid-way). */
    private readonly before: (callNumber: number) => void | Promise<void> = () => {},
    /** Enterprises holding an ID (their ledger or import). */
    private readonly heldBy: Record<string, string[]> = {},
  ) {}

  async verify(query: ParsedQuery, ctx: VerifyContext): Promise<Verdict> {
    this.calls.push({ query, ctx });
    await this.before(this.calls.length);
    return {
      status: this.statusOf(query),
      query,
      certificates: [],
      history: [],
      reasons: [],
      warnings: [],
      today: ctx.today,
    };
  }

  async knownName(idNumber: string): Promise<KnownHolder | undefined> {
    const name = this.names[idNumber];
    return name === undefined ? undefined : { name, heldBy: this.heldBy[idNumber] ?? [] };
  }
}

/**
 * The job store over the `batch-jobs` document of `dir`'s database; open it again to simulate a restart. With
 * `instanceDir`, as another instance sharing the database but keeping its files in that directory sees it.
 */
export async function openJobs(dir: string, instanceDir = dir): Promise<JobStore> {
  const file = await StoreDocument.open<JobsData>(await openTestStoreDb(dir), 'batch-jobs', {
    version: JOBS_FILE_VERSION,
    defaults: () => ({ jobs: [] }),
  });
  return new JobStore(file, instanceDir);
}

/** The path of a job's verdicts file in the data dir `dir`. */
export function verdictsFile(dir: string, jobId: string): string {
  return join(dir, 'batch-verdicts', `${jobId}.jsonl`);
}

/** The verdicts a job's file holds, read as a restart reads them (a later line for a key wins). */
export async function savedVerdicts(dir: string, jobId: string): Promise<Map<string, Verdict>> {
  const { records = [] } = await readJsonLines<{ key: string; verdict: Verdict }>(
    realFs,
    verdictsFile(dir, jobId),
    { version: VERDICTS_FILE_VERSION },
  );
  return new Map(records.map((r) => [r.key, r.verdict]));
}

/** A one-sheet roster from [name, id, item?] rows, row numbers from 2. */
export function roster(rows: Array<[string | undefined, string, string?]>, fileName = '名单.xlsx'): Roster {
  const rosterRows: RosterRow[] = rows.map(([name, id, item], i) => {
    const extras: { name?: string; item?: string } = {};
    if (name) extras.name = name;
    if (item) extras.item = item;
    return {
      rowNumber: i + 2,
      cells: [name ?? '', id, item ?? ''],
      query: queryFromIdCheck(validateIdNumber(id, TODAY), extras),
      problems: [],
    };
  });
  return {
    fileName,
    warnings: [],
    sheets: [
      {
        name: 'S',
        headerRow: 1,
        header: ['姓名', '身份证号', '操作项目'],
        columns: { name: 0, idNumber: 1, item: 2 },
        columnNotes: [],
        rows: rosterRows,
      },
    ],
  };
}

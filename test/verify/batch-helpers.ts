/**
 * Test doubles for the batch tests: a pipeline that counts calls, the job store on the test database,
 * and rosters built from plain rows.
 */
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { ParsedQuery } from '../../src/domain/query.js';
import type { VerdictStatus } from '../../src/domain/status.js';
import type { Verdict } from '../../src/domain/verdict.js';
import type { Roster, RosterRow } from '../../src/roster/types.js';
import { JobStore, type JobStoreOptions, type NewJob } from '../../src/verify/batch-jobs.js';
import type { KnownHolder, Pipeline, VerifyContext } from '../../src/verify/pipeline.js';
import { openTestStoreDb } from '../helpers/store-databases.js';
import { xlsx } from '../roster/files.js';

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
 * The job store of `dir`'s database; open it again to simulate a restart (another holder: a new process). With
 * `options`, as another instance on the same database (its own holder, its lease).
 */
export async function openJobs(dir: string, options: JobStoreOptions = {}): Promise<JobStore> {
  return new JobStore(await openTestStoreDb(dir), options);
}

/** The verdicts the database holds for a job, by key. */
export async function savedVerdicts(dir: string, jobId: string): Promise<Map<string, Verdict>> {
  const rows = await (await openTestStoreDb(dir)).query<{ key: string; verdict: Verdict }>(
    'select key, verdict from batch_verdicts where job_id = $1',
    [jobId],
  );
  return new Map(rows.map((r) => [r.key, r.verdict]));
}

/**
 * A chat job of wxid_1 in room-1 for a one-sheet xlsx roster: the people `ids` (named 员工0…) in order, then the
 * rows of those at `again` listed a second time.
 */
export async function chatRosterJob(ids: readonly string[], again: readonly number[]): Promise<NewJob> {
  const people = ids.map((id, i) => [`员工${i}`, id]);
  const repeated = again.map((i) => people[i] as string[]);
  const bytes = await xlsx([{ name: '名单', rows: [['姓名', '身份证号'], ...people, ...repeated] }]);
  return {
    file: { name: '名单.xlsx', bytes },
    requester: { channel: 'chat', userId: 'wxid_1' },
    today: TODAY,
    target: { kind: 'chat', conversationId: 'room-1', userId: 'wxid_1' },
    fullIds: false,
  };
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

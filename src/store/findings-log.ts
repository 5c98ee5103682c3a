/**
 * findings.json: every verdict other than valid / review_due / expiring, for the enterprise's self-check and
 * the bureau's leads. The same finding (same ID number, enterprise and status on the same China day) is
 * counted, not repeated. `record` resolves only once the finding is durable, so nobody is told it was
 * recorded before it is.
 */
import { todayInChina } from '../domain/dates.js';
import type { Finding } from '../domain/finding.js';
import type { VerdictStatus } from '../domain/status.js';
import type { JsonFile } from './json-file.js';

/** What a caller reports; the log assigns the rest. */
export type FindingInput = Omit<Finding, 'id' | 'day' | 'firstAt' | 'lastAt' | 'count'>;

/** Which findings to list. Days are China calendar days `YYYY-MM-DD`, both ends included. */
export interface FindingQuery {
  from?: string;
  to?: string;
  enterprise?: string;
  statuses?: VerdictStatus[];
}

/** findings.json contents. */
export interface FindingsData {
  findings: Finding[];
  /** Number part of the next finding id. */
  nextSeq: number;
}

/** Current layout version of findings.json. */
export const FINDINGS_VERSION = 1;

/** A finding as version 0 stored it: a bare array of these, one per report, no dedup. */
interface FindingV0 extends Omit<Finding, 'id' | 'day' | 'firstAt' | 'lastAt' | 'count'> {
  /** ISO instant reported. */
  at: string;
}

/** Migrations of findings.json: v0 (a bare array, one entry per report) → v1 (deduplicated, with ids). */
export const FINDINGS_MIGRATIONS = {
  0: (old: FindingV0[]): FindingsData => {
    const log = new FindingsIndex({ findings: [], nextSeq: 1 });
    for (const { at, ...input } of old) log.add(input, new Date(at));
    return log.data;
  },
};

/** Dedup index over findings data (shared by the log and the v0 migration). */
class FindingsIndex {
  private readonly byKey = new Map<string, Finding>();

  constructor(readonly data: FindingsData) {
    for (const f of data.findings) this.byKey.set(dedupKey(f.idNumber, f.enterprise, f.status, f.day), f);
  }

  /** Count `input` into an existing finding of its day, or append a new one. Mutates `data`. */
  add(input: FindingInput, at: Date): { finding: Finding; duplicate: boolean } {
    const day = todayInChina(at);
    const key = dedupKey(input.idNumber, input.enterprise, input.status, day);
    const iso = at.toISOString();
    const known = this.byKey.get(key);
    if (known) {
      known.count++;
      if (iso > known.lastAt) known.lastAt = iso;
      return { finding: known, duplicate: true };
    }
    const seq = this.data.nextSeq++;
    const finding: Finding = {
      ...input,
      id: `F${day.replaceAll('-', '')}-${String(seq).padStart(6, '0')}`,
      day,
      firstAt: iso,
      lastAt: iso,
      count: 1,
    };
    this.data.findings.push(finding);
    this.byKey.set(key, finding);
    return { finding, duplicate: false };
  }
}

function dedupKey(
  idNumber: string,
  enterprise: string | undefined,
  status: VerdictStatus,
  day: string,
): string {
  return `${idNumber}|${enterprise ?? ''}|${status}|${day}`;
}

/** The findings kept in findings.json. */
export class FindingsLog {
  private readonly index: FindingsIndex;

  constructor(private readonly file: JsonFile<FindingsData>) {
    this.index = new FindingsIndex(file.data);
  }

  /** Record a finding reported at `at`; resolves once it is durable on disk. */
  async record(input: FindingInput, at: Date): Promise<{ finding: Finding; duplicate: boolean }> {
    let result: { finding: Finding; duplicate: boolean } | undefined;
    await this.file.update(() => {
      const added = this.index.add(input, at);
      result = { finding: { ...added.finding }, duplicate: added.duplicate };
    });
    return result!;
  }

  /** Disk writes of findings.json so far (for the benchmark: concurrent records share writes). */
  get diskWrites(): number {
    return this.file.writes;
  }

  /** Findings matching `query`, by China day (then first report), newest last. */
  list(query: FindingQuery = {}): Finding[] {
    const statuses = query.statuses && new Set(query.statuses);
    return this.file.data.findings
      .filter(
        (f) =>
          (query.from === undefined || f.day >= query.from) &&
          (query.to === undefined || f.day <= query.to) &&
          (query.enterprise === undefined || f.enterprise === query.enterprise) &&
          (statuses === undefined || statuses.has(f.status)),
      )
      .sort((a, b) => (a.day === b.day ? a.firstAt.localeCompare(b.firstAt) : a.day.localeCompare(b.day)));
  }
}

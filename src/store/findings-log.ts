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
  /** Finding id by occasion and status already recorded (see `FindingsLog.record`), oldest first, at most MAX_OCCASIONS. */
  occasions?: Record<string, string>;
}

/** Occasions remembered; beyond this the oldest are forgotten (a job resumed that much later may count twice). */
export const MAX_OCCASIONS = 100_000;

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

  /** How many occasions `occasions` holds. */
  private occasionCount: number;

  constructor(private readonly file: JsonFile<FindingsData>) {
    this.index = new FindingsIndex(file.data);
    this.occasionCount = Object.keys(file.data.occasions ?? {}).length;
  }

  /** Remember an occasion, forgetting the oldest beyond MAX_OCCASIONS. */
  private remember(occasions: Record<string, string>, key: string, findingId: string): void {
    if (!(key in occasions)) this.occasionCount++;
    occasions[key] = findingId;
    if (this.occasionCount <= MAX_OCCASIONS) return;
    for (const old in occasions) {
      if (this.occasionCount <= MAX_OCCASIONS) break;
      delete occasions[old];
      this.occasionCount--;
    }
  }

  /**
   * Record a finding reported at `at`; resolves once it is durable on disk. `occasion` names the verification
   * (a batch job's row): the same occasion reported again with the same status — a job resumed after a crash
   * verifies the rows whose verdicts it had not saved yet — is not counted twice.
   */
  async record(
    input: FindingInput,
    at: Date,
    occasion?: string,
  ): Promise<{ finding: Finding; duplicate: boolean }> {
    // The status is part of the key: a row unverifiable before the crash and answered after it is a new finding.
    const key = occasion === undefined ? undefined : `${occasion}|${input.status}`;
    const seenId = key === undefined ? undefined : this.file.data.occasions?.[key];
    const seen = seenId === undefined ? undefined : this.file.data.findings.find((f) => f.id === seenId);
    if (seen) {
      await this.file.flush();
      return { finding: { ...seen }, duplicate: true };
    }
    let result: { finding: Finding; duplicate: boolean } | undefined;
    await this.file.update((data) => {
      const added = this.index.add(input, at);
      if (key !== undefined) {
        data.occasions ??= {};
        this.remember(data.occasions, key, added.finding.id);
      }
      result = { finding: { ...added.finding }, duplicate: added.duplicate };
    });
    return result!;
  }

  /** Resolves once every finding recorded so far is durable. */
  flush(): Promise<void> {
    return this.file.flush();
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

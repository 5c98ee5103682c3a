/**
 * Everyone checked, per China day and enterprise, with the status of his latest check that day (checks.jsonl):
 * the findings log holds only problems, so the papers that say how many people were checked (检查表, 自查整改报告,
 * the bureau's monthly statistics) count from here. A line is appended only when a person's result for the day
 * changes, so a roster checked again the same day costs nothing; later lines supersede earlier ones.
 */
import { join } from 'node:path';
import { type CheckedPerson, type CheckSummary, summarizeChecks } from '../domain/check-summary.js';
import type { MonthTally } from '../domain/self-check.js';
import type { StoreFs } from './atomic-write.js';
import { JsonLinesFile } from './jsonl-file.js';

/** One person checked on one day for one enterprise (none: asked by someone of no configured enterprise). */
export interface CheckEntry extends CheckedPerson {
  enterprise?: string;
  /** A fact beside the status that makes it a problem (past retirement age …). */
  concern?: boolean;
}

/** What the tally answers: an enterprise (undefined: every check) and a range of China days. */
export interface CheckScope {
  enterprise?: string;
  from?: string;
  to?: string;
}

const CHECKS_FILE = 'checks.jsonl';
const CHECKS_VERSION = 1;
/** Superseded lines tolerated before the file is rewritten with the live ones only. */
const COMPACT_SLACK = 10_000;

function isCheckEntry(record: object): boolean {
  const r = record as Partial<CheckEntry>;
  return typeof r.idNumber === 'string' && typeof r.status === 'string' && typeof r.day === 'string';
}

function keyOf(entry: CheckEntry): string {
  return `${entry.day}|${entry.enterprise ?? ''}|${entry.idNumber}`;
}

function sameResult(a: CheckEntry, b: CheckEntry): boolean {
  return (
    a.status === b.status &&
    a.found === b.found &&
    a.personType === b.personType &&
    (a.concern ?? false) === (b.concern ?? false)
  );
}

/** Counts wait this long to be written together: a tally is no evidence, and a check's own fsync would slow it. */
const WRITE_DELAY_MS = 1000;

export class CheckTally {
  /** Entries counted but not yet handed to the file. */
  private waiting: CheckEntry[] = [];
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly file: JsonLinesFile<CheckEntry>,
    /** The latest entry per day, enterprise and person, in the order first seen. */
    private readonly entries: Map<string, CheckEntry>,
  ) {}

  /** Replay checks.jsonl in `dir`; a file holding many superseded lines is rewritten compacted. */
  static async open(dir: string, options: { fs: StoreFs }): Promise<CheckTally> {
    const read = await JsonLinesFile.open<CheckEntry>({
      path: join(dir, CHECKS_FILE),
      fs: options.fs,
      version: CHECKS_VERSION,
      accept: isCheckEntry,
    });
    const entries = new Map<string, CheckEntry>();
    for (const entry of read.records) entries.set(keyOf(entry), entry);
    const tally = new CheckTally(read.file, entries);
    if (read.records.length > entries.size + COMPACT_SLACK) await read.file.compact(() => entries.values());
    return tally;
  }

  /**
   * Count a check. It is written with the others of the next second (or at `flush`): a crash may lose the
   * last second's counts, never a verdict or a finding.
   */
  record(entry: CheckEntry): void {
    const key = keyOf(entry);
    const known = this.entries.get(key);
    if (known && sameResult(known, entry)) return;
    this.entries.delete(key); // the latest result of the day counts, in the order it came
    this.entries.set(key, entry);
    this.waiting.push(entry);
    this.timer ??= setTimeout(() => {
      this.write().catch(() => {}); // logged by the file; the next flush reports it
    }, WRITE_DELAY_MS).unref();
  }

  /** Resolves once every check counted so far is durable. */
  flush(): Promise<void> {
    return this.write();
  }

  private write(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const entries = this.waiting.splice(0);
    return entries.length === 0
      ? this.file.flush()
      : Promise.all(entries.map((e) => this.file.append(e))).then(() => {});
  }

  /** Everyone checked in `scope`, each once by his latest result. */
  summary(scope: CheckScope = {}): CheckSummary {
    return summarizeChecks(this.inScope(scope));
  }

  /** An enterprise's month (`YYYY-MM`) as its bot reports it to the bureau. */
  month(enterprise: string | undefined, month: string): MonthTally {
    const latest = new Map<string, CheckEntry>();
    for (const entry of this.inScope({ enterprise, from: `${month}-01`, to: `${month}-31` }))
      latest.set(entry.idNumber, entry);
    let problems = 0;
    for (const entry of latest.values()) if (entry.status !== 'valid' || entry.concern) problems++;
    return { people: latest.size, problems };
  }

  /** Entries in scope, by day then in the order they came. */
  private inScope(scope: CheckScope): CheckEntry[] {
    return [...this.entries.values()]
      .filter(
        (e) =>
          (scope.enterprise === undefined || e.enterprise === scope.enterprise) &&
          (scope.from === undefined || e.day >= scope.from) &&
          (scope.to === undefined || e.day <= scope.to),
      )
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }
}

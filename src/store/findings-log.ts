/**
 * findings.jsonl: every verdict other than a plain valid (see isFindingVerdict), and every lead a photo showed (whatever
 * its verdict), for the enterprise's self-check and the bureau's leads. The same finding (same ID number,
 * enterprise and status on the same China day; for a photo's lead also the lead and the photo) is counted, not
 * repeated. `record` resolves only once the finding is durable, so nobody is told it was
 * recorded before it is. Append-only JSON lines (jsonl-file.ts): each record appends one event line — a new
 * finding, or a repeat of one (count + 1) — so a record never rewrites the whole log; concurrent records share
 * one append and fsync. Opening replays the events into memory. A findings.json of a previous layout (one JSON
 * document, or the v0 bare array) is converted on open.
 */

import { join } from 'node:path';
import { todayInChina } from '../domain/dates.js';
import type { Finding } from '../domain/finding.js';
import type { VerdictStatus } from '../domain/status.js';
import { logger } from '../util/logger.js';
import type { StoreFs } from './atomic-write.js';
import { isFindingEvent } from './event-guards.js';
import { newFindingId } from './finding-id.js';
import { convertLegacyDocument, JsonLinesFile, writeJsonLines } from './jsonl-file.js';
import { decodeVersioned } from './versioned-json.js';

const log = logger('store');

/**
 * What a caller reports; the log assigns the rest. `day` is the date the verdict was judged on (config `today`
 * when set); without it, the China day of the report.
 */
export type FindingInput = Omit<Finding, 'id' | 'day' | 'firstAt' | 'lastAt' | 'count'> & { day?: string };

/** Which findings to list. Days are China calendar days `YYYY-MM-DD`, both ends included. */
export interface FindingQuery {
  from?: string;
  to?: string;
  enterprise?: string;
  statuses?: VerdictStatus[];
}

/** findings.json contents (the previous layout, version 1; also what the v0 migration produces). */
export interface FindingsData {
  findings: Finding[];
  /** Number part of the next finding id (ids of that layout; new ids are UUIDv7s, see finding-id.ts). */
  nextSeq: number;
  /** Finding id by occasion and status already recorded (see `FindingsLog.record`), oldest first, at most MAX_OCCASIONS. */
  occasions?: Record<string, string>;
}

/** Occasions remembered; beyond this the oldest are forgotten (a job resumed that much later may count twice). */
export const MAX_OCCASIONS = 100_000;

/**
 * Current layout version: 0 was findings.json as a bare array, 1 findings.json as one document, 2 is
 * findings.jsonl (events, one per line).
 */
export const FINDINGS_VERSION = 2;

/** The findings files in the data directory: current and the previous layout's. */
export const FINDINGS_FILES = {
  current: 'findings.jsonl',
  legacy: 'findings.json',
} as const;

/** A line of findings.jsonl after the header. `occasion` is the occasion key the event recorded, if any. */
export type FindingEvent =
  /** A finding first reported (or, in a compacted file, a finding as it stands). */
  | { t: 'new'; finding: Finding; occasion?: string }
  /** The same finding reported again at `at`: count + 1, lastAt the later. */
  | { t: 'repeat'; id: string; at: string; occasion?: string }
  /** An occasion already recorded as finding `id` (converted or compacted files). */
  | { t: 'occasion'; key: string; id: string };

/** A finding as version 0 stored it: a bare array of these, one per report, no dedup. */
interface FindingV0 extends Omit<Finding, 'id' | 'day' | 'firstAt' | 'lastAt' | 'count'> {
  /** ISO instant reported. */
  at: string;
}

/** Migrations of findings.json: v0 (a bare array, one entry per report) → v1 (deduplicated, with ids). */
export const FINDINGS_MIGRATIONS = {
  0: (old: FindingV0[]): FindingsData => {
    const index = new FindingsIndex({ findings: [], nextSeq: 1 });
    for (const { at, ...input } of old) index.add(input, new Date(at));
    return { findings: index.findings, nextSeq: 1 };
  },
};

/** Dedup index over the findings (shared by the log and the v0 migration), with the occasions seen. */
class FindingsIndex {
  readonly findings: Finding[] = [];
  /** Finding id by occasion key, oldest first, at most MAX_OCCASIONS. */
  readonly occasions = new Map<string, string>();
  private readonly byKey = new Map<string, Finding>();
  private readonly byId = new Map<string, Finding>();

  constructor(data: FindingsData) {
    for (const f of data.findings) this.insert(f);
    for (const [key, id] of Object.entries(data.occasions ?? {})) this.remember(key, id);
  }

  get(id: string): Finding | undefined {
    return this.byId.get(id);
  }

  /** Count `input` into an existing finding of its day, or add a new one. */
  add({ day: judged, ...input }: FindingInput, at: Date): { finding: Finding; duplicate: boolean } {
    const day = judged ?? todayInChina(at);
    const key = dedupKey(input, day);
    const iso = at.toISOString();
    const known = this.byKey.get(key);
    if (known) {
      repeat(known, iso);
      return { finding: known, duplicate: true };
    }
    const finding: Finding = {
      ...input,
      id: newFindingId(day, at),
      day,
      firstAt: iso,
      lastAt: iso,
      count: 1,
    };
    this.insert(finding);
    return { finding, duplicate: false };
  }

  /** Take in a finding as stored (replay), whatever the layout of its id. */
  insert(finding: Finding): void {
    this.findings.push(finding);
    this.byKey.set(dedupKey(finding, finding.day), finding);
    this.byId.set(finding.id, finding);
  }

  /** Remember an occasion, forgetting the oldest beyond MAX_OCCASIONS. */
  remember(key: string, findingId: string): void {
    this.occasions.set(key, findingId);
    for (const old of this.occasions.keys()) {
      if (this.occasions.size <= MAX_OCCASIONS) break;
      this.occasions.delete(old);
    }
  }

  /** Apply one line of findings.jsonl. Returns false for a line that refers to an unknown finding. */
  replay(event: FindingEvent): boolean {
    switch (event.t) {
      case 'new':
        this.insert(event.finding);
        if (event.occasion !== undefined) this.remember(event.occasion, event.finding.id);
        return true;
      case 'repeat': {
        const known = this.byId.get(event.id);
        if (!known) return false;
        repeat(known, event.at);
        if (event.occasion !== undefined) this.remember(event.occasion, event.id);
        return true;
      }
      case 'occasion':
        if (!this.byId.has(event.id)) return false;
        this.remember(event.key, event.id);
        return true;
      default:
        return false;
    }
  }

  /** Lines recreating this index: each finding as it stands, then the occasions, oldest first. */
  *snapshot(): Iterable<FindingEvent> {
    for (const finding of this.findings) yield { t: 'new', finding };
    for (const [key, id] of this.occasions) yield { t: 'occasion', key, id };
  }
}

function repeat(finding: Finding, iso: string): void {
  finding.count++;
  if (iso > finding.lastAt) finding.lastAt = iso;
}

/**
 * Findings are the same when ID, name, enterprise, status and day agree — a different name given for the same ID
 * is another claim, its own finding — and for a photo's lead also the lead and the photo: a photo's lead is a
 * finding of its own beside the verdict's (its status may even be `valid`, when an altered card names a valid
 * certificate), and another photo of the same person is other evidence. A presented number that is not the
 * platform's is likewise its own finding, per number.
 */
function dedupKey(
  finding: Pick<
    Finding,
    'idNumber' | 'name' | 'enterprise' | 'status' | 'photoLead' | 'numberMismatch' | 'evidence'
  >,
  day: string,
): string {
  const { idNumber, enterprise, status, photoLead, numberMismatch } = finding;
  const photo = photoLead ? `|${photoLead}|${finding.evidence.photo?.sha256 ?? ''}` : '';
  const number = numberMismatch ? `|number|${numberMismatch.presented}` : '';
  return `${idNumber}|${finding.name ?? ''}|${enterprise ?? ''}|${status}|${day}${photo}${number}`;
}

export interface FindingsLogOptions {
  fs: StoreFs;
}

/** The findings kept in findings.jsonl. Open with `FindingsLog.open`. */
export class FindingsLog {
  private constructor(
    private readonly file: JsonLinesFile<FindingEvent>,
    private readonly index: FindingsIndex,
  ) {}

  /**
   * Replay findings.jsonl in `dir` into memory, converting a findings.json of a previous layout first. A file
   * holding many more lines than findings (repeats counted one line each) is rewritten compacted. Rejects with
   * store_corrupt.
   */
  static async open(dir: string, options: FindingsLogOptions): Promise<FindingsLog> {
    const { fs } = options;
    const path = join(dir, FINDINGS_FILES.current);
    const legacyPath = join(dir, FINDINGS_FILES.legacy);
    const converted = await convertLegacyDocument(fs, legacyPath, path, FINDINGS_VERSION, (text) => [
      ...new FindingsIndex(
        decodeVersioned<FindingsData>(text, legacyPath, 1, FINDINGS_MIGRATIONS).data,
      ).snapshot(),
    ]);
    if (converted !== undefined) log.info({ path, lines: converted }, '发现记录已转换为逐行追加的格式');
    const read = await JsonLinesFile.open<FindingEvent>({
      path,
      fs,
      version: FINDINGS_VERSION,
      accept: isFindingEvent,
    });
    const index = new FindingsIndex({ findings: [], nextSeq: 1 });
    let skipped = 0;
    for (const event of read.records) if (!index.replay(event)) skipped++;
    if (skipped > 0) log.warn({ path, skipped }, '发现记录中有无法对应的行，已忽略');
    const live = index.findings.length + index.occasions.size;
    if (read.records.length > 2 * live + COMPACT_SLACK) {
      await writeJsonLines(fs, path, FINDINGS_VERSION, {}, index.snapshot());
      log.info({ path, lines: read.records.length, kept: live }, '发现记录文件已压缩');
      return FindingsLog.open(dir, options);
    }
    return new FindingsLog(read.file, index);
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
    const seenId = key === undefined ? undefined : this.index.occasions.get(key);
    const seen = seenId === undefined ? undefined : this.index.get(seenId);
    if (seen) {
      await this.file.flush();
      return { finding: { ...seen }, duplicate: true };
    }
    const added = this.index.add(input, at);
    if (key !== undefined) this.index.remember(key, added.finding.id);
    const result = { finding: { ...added.finding }, duplicate: added.duplicate };
    const tag = key === undefined ? {} : { occasion: key };
    await this.file.append(
      added.duplicate
        ? { t: 'repeat', id: added.finding.id, at: at.toISOString(), ...tag }
        : { t: 'new', finding: result.finding, ...tag },
    );
    return result;
  }

  /** Resolves once every finding recorded so far is durable. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Appends to findings.jsonl so far, each one fsync (for the benchmark: concurrent records share them). */
  get diskWrites(): number {
    return this.file.writes;
  }

  /** How many findings are kept. */
  get size(): number {
    return this.index.findings.length;
  }

  /** Findings matching `query`, by China day (then first report), newest last. */
  list(query: FindingQuery = {}): Finding[] {
    const statuses = query.statuses && new Set(query.statuses);
    return this.index.findings
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

/** Lines beyond twice the findings and occasions tolerated before an open compacts the file. */
const COMPACT_SLACK = 10_000;

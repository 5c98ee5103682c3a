/**
 * The findings of a data directory of the file store (before the SQL store), read for `store migrate`:
 * findings.jsonl (events: a new finding, a repeat of one, an occasion), or a findings.json of an earlier layout
 * (one JSON document, or the v0 bare array, one entry per report). Only read: nothing is converted, compacted or
 * set aside.
 */
import { join } from 'node:path';
import { todayInChina } from '../../domain/dates.js';
import type { Finding } from '../../domain/finding.js';
import { logger } from '../../util/logger.js';
import { isFindingEvent } from '../event-guards.js';
import { newFindingId } from '../finding-id.js';
import { dedupKey } from '../finding-key.js';
import type { FindingInput } from '../findings-log.js';
import { readJsonLines } from '../jsonl-file.js';
import { readTextIfExists, type StoreFs } from '../store-fs.js';
import { decodeVersioned } from '../versioned-json.js';

const log = logger('store');

/** findings.json contents (version 1; also what the v0 migration produces). */
interface FindingsData {
  findings: Finding[];
  /** Number part of the next finding id (ids of that layout). */
  nextSeq: number;
  /** Finding id by occasion and status already recorded, oldest first. */
  occasions?: Record<string, string>;
}

/** Occasions the file store remembered; beyond this it forgot the oldest. */
const MAX_OCCASIONS = 100_000;

/** Layout versions: 0 findings.json as a bare array, 1 findings.json as one document, 2 findings.jsonl. */
const FINDINGS_VERSION = 2;

/** The findings files in a data directory: current and the previous layout's. */
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
const FINDINGS_MIGRATIONS = {
  0: (old: FindingV0[]): FindingsData => {
    const index = new FindingsIndex({ findings: [], nextSeq: 1 });
    for (const { at, ...input } of old) index.add(input, new Date(at));
    return { findings: index.findings, nextSeq: 1 };
  },
};

/** What a data directory's findings files hold. */
export interface FindingsFiles {
  findings: Finding[];
  /** Finding id by occasion key (`<occasion>|<status>`). */
  occasions: Map<string, string>;
}

/** Read the findings of `dir` (none when it has no findings file). Rejects with store_corrupt. */
export async function readFindingsFiles(dir: string, fs: StoreFs): Promise<FindingsFiles> {
  const legacyPath = join(dir, FINDINGS_FILES.legacy);
  const legacy = await readTextIfExists(fs, legacyPath);
  // A findings.json beside findings.jsonl is one whose conversion was cut short: the file store took it.
  if (legacy !== null) {
    const index = new FindingsIndex(
      decodeVersioned<FindingsData>(legacy, legacyPath, 1, FINDINGS_MIGRATIONS).data,
    );
    return index;
  }
  const path = join(dir, FINDINGS_FILES.current);
  const read = await readJsonLines<FindingEvent>(fs, path, {
    version: FINDINGS_VERSION,
    accept: isFindingEvent,
  });
  const index = new FindingsIndex({ findings: [], nextSeq: 1 });
  let skipped = 0;
  for (const event of read.records ?? []) if (!index.replay(event)) skipped++;
  if (skipped > 0) log.warn({ path, skipped }, '发现记录中有无法对应的行，已忽略');
  return index;
}

/** Dedup index over the findings (the log's replay and the v0 migration), with the occasions seen. */
class FindingsIndex implements FindingsFiles {
  readonly findings: Finding[] = [];
  /** Finding id by occasion key, oldest first, at most MAX_OCCASIONS. */
  readonly occasions = new Map<string, string>();
  private readonly byKey = new Map<string, Finding>();
  private readonly byId = new Map<string, Finding>();

  constructor(data: FindingsData) {
    for (const f of data.findings) this.insert(f);
    for (const [key, id] of Object.entries(data.occasions ?? {})) this.remember(key, id);
  }

  /** Count `input` into an existing finding of its day, or add a new one. */
  add({ day: judged, ...input }: FindingInput, at: Date): void {
    const day = judged ?? todayInChina(at);
    const iso = at.toISOString();
    const known = this.byKey.get(dedupKey(input, day));
    if (known) repeat(known, iso);
    else this.insert({ ...input, id: newFindingId(day, at), day, firstAt: iso, lastAt: iso, count: 1 });
  }

  /** Take in a finding as stored (replay), whatever the layout of its id. */
  private insert(finding: Finding): void {
    this.findings.push(finding);
    this.byKey.set(dedupKey(finding, finding.day), finding);
    this.byId.set(finding.id, finding);
  }

  /** Remember an occasion, forgetting the oldest beyond MAX_OCCASIONS. */
  private remember(key: string, findingId: string): void {
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
}

function repeat(finding: Finding, iso: string): void {
  finding.count++;
  if (iso > finding.lastAt) finding.lastAt = iso;
}

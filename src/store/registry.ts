/**
 * The registry: certificates imported from an official export or an enterprise ledger. Only an official export
 * is evidence the pipeline may answer from; a ledger is the enterprise's own list of people to check on the
 * platform (and says which enterprise holds them). Each record remembers its source file, import date, provenance
 * and enterprise. A source is identified by its resolved
 * path; when a content hash is given, an earlier import with the same hash (the same file copied or renamed)
 * is the same source too. Importing a source again replaces its records instead of adding duplicates.
 *
 * Kept in the store's database (`registry_sources`, `registry_records` indexed by ID number) and read through on
 * every call: another instance's import is seen at once. Only the ID numbers a roster prefetches (`prefetch`, a
 * stretch of rows in one query) are held in a bounded memory (REGISTRY_MEMORY), each for its short life: another
 * instance's import is seen by those within that life at most; this instance's own imports clear it at once.
 * registry.json of older versions is read by files/registry-file.ts (store migrate).
 */
import { resolve } from 'node:path';
import type { CertificateRecord } from '../domain/certificate.js';
import type { SqlDb, SqlRunner } from '../sql/db.js';
import { BoundedMemo } from './bounded-memo.js';

/** The memory of prefetched ID numbers: how many, and how long each is trusted before it is read again. */
export const REGISTRY_MEMORY = { ids: 2_000, lifeMs: 10_000 } as const;

/** The records of the ID numbers in `$1`, newest import last. */
const RECORDS_OF = `select r.id_number, r.record from registry_records r join registry_sources s on s.file = r.source
  where r.id_number = any($1::text[]) order by s.seq, r.seq`;

/** What an import is: an official export (evidence) or an enterprise's own ledger (people to check). */
export type RegistryProvenance = 'official' | 'ledger';

/** An import: where the records came from. */
export interface RegistrySource {
  /** File imported (resolved to an absolute path when stored). */
  file: string;
  /** ISO instant of the import. */
  importedAt: string;
  /** SHA-256 of the file's bytes, hex; lets a renamed copy of a file replace its earlier import. */
  sha256?: string;
  /** Official export or enterprise ledger; default from the file name (`.json` = official, see provenanceOf). */
  provenance?: RegistryProvenance;
  /** The enterprise whose ledger or import this is: that enterprise holds the people in it. */
  enterprise?: string;
}

/** A source as stored: its provenance always known. */
export type StoredRegistrySource = RegistrySource & { provenance: RegistryProvenance };

/** A source as listed, with how many records it holds. */
export interface RegistrySourceInfo extends StoredRegistrySource {
  records: number;
}

/** A registry record: the certificate and the import it came from. */
export type RegistryRecord = CertificateRecord & {
  source: string;
  importedAt: string;
  provenance: RegistryProvenance;
  enterprise?: string;
};

/** What a re-import changed: records new in this import, and earlier records no longer present. */
export interface ReplaceResult {
  added: number;
  removed: number;
  /** Records the source holds now. */
  total: number;
}

/** The provenance a file's name suggests: the certificates JSON format is the official export, the rest ledgers. */
export function provenanceOf(file: string): RegistryProvenance {
  return /\.json$/i.test(file) ? 'official' : 'ledger';
}

/** Certificates imported from files, in the store's database. */
export class Registry {
  /** Records of prefetched ID numbers (see the file's comment). */
  private readonly prefetched: BoundedMemo<Promise<RegistryRecord[]>>;

  constructor(
    private readonly db: SqlDb,
    memory: { ids: number; lifeMs: number } = REGISTRY_MEMORY,
  ) {
    this.prefetched = new BoundedMemo(memory.ids, memory.lifeMs);
  }

  /**
   * Replace every record of `source` (same resolved path or same hash) with `records`, in one transaction;
   * resolves once committed. Imports run one at a time (the table lock), so two instances importing at once
   * never mix their records.
   */
  async replaceSource(source: RegistrySource, records: CertificateRecord[]): Promise<ReplaceResult> {
    const file = resolve(source.file);
    const stored: StoredRegistrySource = {
      ...source,
      file,
      provenance: source.provenance ?? provenanceOf(file),
    };
    const fresh: RegistryRecord[] = records.map((r) => ({
      ...r,
      source: stored.file,
      importedAt: stored.importedAt,
      provenance: stored.provenance,
      ...(stored.enterprise === undefined ? {} : { enterprise: stored.enterprise }),
    }));
    try {
      return await this.replace(stored, fresh, records);
    } finally {
      // Whatever the import's outcome, the prefetched records may be the old ones now.
      this.prefetched.clear();
    }
  }

  private replace(
    stored: StoredRegistrySource,
    fresh: RegistryRecord[],
    records: CertificateRecord[],
  ): Promise<ReplaceResult> {
    return this.db.transaction(async (tx) => {
      // Self-exclusive, while readers (access share) go on: one import at a time.
      await tx.query('lock table registry_sources in share row exclusive mode');
      const replaced = (
        await tx.query<{ file: string }>(
          'select file from registry_sources where file = $1 or ($2::text is not null and sha256 = $2)',
          [stored.file, stored.sha256 ?? null],
        )
      ).map((r) => r.file);
      const before = new Map<string, number>();
      const old = await tx.query<{ record: RegistryRecord }>(
        'select record from registry_records where source = any($1::text[])',
        [replaced],
      );
      for (const { record } of old) {
        const fp = fingerprint(record);
        before.set(fp, (before.get(fp) ?? 0) + 1);
      }
      let kept = 0;
      for (const r of records) {
        const fp = fingerprint(r);
        const n = before.get(fp) ?? 0;
        if (n > 0) {
          before.set(fp, n - 1);
          kept++;
        }
      }
      await tx.query('delete from registry_sources where file = any($1::text[])', [replaced]);
      await insertSource(tx, stored, fresh);
      return { added: records.length - kept, removed: old.length - kept, total: records.length };
    });
  }

  /** Every imported record for this ID number, newest import last. */
  async findById(idNumber: string): Promise<RegistryRecord[]> {
    const held = this.prefetched.get(idNumber);
    if (held) return held;
    return (await this.recordsOf([idNumber])).get(idNumber) ?? [];
  }

  /**
   * Read the records of these ID numbers (a roster's next rows) in one query, held for `findById` within the
   * memory's life. Only a speed-up: a failed read is each ID's own query again.
   */
  async prefetch(idNumbers: readonly string[]): Promise<void> {
    const wanted = [...new Set(idNumbers)].filter((id) => this.prefetched.get(id) === undefined);
    if (wanted.length === 0) return;
    const read = this.recordsOf(wanted);
    for (const id of wanted) {
      const records = read.then((byId) => byId.get(id) ?? []);
      this.prefetched.set(id, records);
      records.catch(() => this.prefetched.delete(id, records));
    }
    await read;
  }

  private async recordsOf(idNumbers: readonly string[]): Promise<Map<string, RegistryRecord[]>> {
    const rows = await this.db.query<{ id_number: string; record: RegistryRecord }>(RECORDS_OF, [idNumbers]);
    const byId = new Map<string, RegistryRecord[]>();
    for (const row of rows) {
      const records = byId.get(row.id_number);
      if (records) records.push(row.record);
      else byId.set(row.id_number, [row.record]);
    }
    return byId;
  }

  /** The imports held, with their record counts, oldest first. */
  async sources(): Promise<RegistrySourceInfo[]> {
    const rows = await this.db.query<{ source: StoredRegistrySource; records: number }>(
      `select s.source, (select count(*)::int from registry_records r where r.source = s.file) as records
       from registry_sources s order by s.seq`,
    );
    return rows.map((r) => ({ ...r.source, records: r.records }));
  }
}

/** Insert a source and its records (numbered in their order) inside the caller's transaction. */
export async function insertSource(
  tx: SqlRunner,
  source: StoredRegistrySource,
  records: readonly RegistryRecord[],
): Promise<void> {
  await tx.query('insert into registry_sources (file, sha256, source) values ($1, $2, $3::jsonb)', [
    source.file,
    source.sha256 ?? null,
    JSON.stringify(source),
  ]);
  await tx.query(
    `insert into registry_records (source, seq, id_number, record)
     select $1, x.ord, x.rec->>'idNumber', x.rec from jsonb_array_elements($2::jsonb) with ordinality as x(rec, ord)`,
    [source.file, JSON.stringify(records)],
  );
}

/** A record's certificate fields (not its source), in a fixed key order, to tell unchanged records. */
function fingerprint(record: CertificateRecord): string {
  const { source: _s, importedAt: _i, provenance: _p, enterprise: _e, ...cert } = record as RegistryRecord;
  return JSON.stringify(
    Object.keys(cert)
      .sort()
      .map((k) => [k, cert[k as keyof CertificateRecord]]),
  );
}

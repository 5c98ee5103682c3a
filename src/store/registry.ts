/**
 * The registry: certificates imported from an official export or an enterprise ledger. Only an official export
 * is evidence the pipeline may answer from; a ledger is the enterprise's own list of people to check on the
 * platform (and says which enterprise holds them). Each record remembers its source file, import date, provenance
 * and enterprise. A source is identified by its resolved
 * path; when a content hash is given, an earlier import with the same hash (the same file copied or renamed)
 * is the same source too. Importing a source again replaces its records instead of adding duplicates.
 *
 * Kept in the store's database (`registry_sources`, `registry_records` indexed by ID number) and read through on
 * every call, nothing in memory: another instance's import is seen at once. registry.json of older versions is
 * read by files/registry-file.ts (store migrate).
 */
import { resolve } from 'node:path';
import type { CertificateRecord } from '../domain/certificate.js';
import type { SqlDb, SqlRunner } from '../sql/db.js';

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
  constructor(private readonly db: SqlDb) {}

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
    const rows = await this.db.query<{ record: RegistryRecord }>(
      `select r.record from registry_records r join registry_sources s on s.file = r.source
       where r.id_number = $1 order by s.seq, r.seq`,
      [idNumber],
    );
    return rows.map((r) => r.record);
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

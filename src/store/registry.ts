/**
 * registry.json: certificates imported from an official export or an enterprise ledger. Only an official export
 * is evidence the pipeline may answer from; a ledger is the enterprise's own list of people to check on the
 * platform (and says which enterprise holds them). Each record remembers its source file, import date, provenance
 * and enterprise. A source is identified by its resolved
 * path; when a content hash is given, an earlier import with the same hash (the same file copied or renamed)
 * is the same source too. Importing a source again replaces its records instead of adding duplicates.
 */
import { resolve } from 'node:path';
import type { CertificateRecord } from '../domain/certificate.js';
import type { JsonFile } from './json-file.js';

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

/** registry.json contents. */
export interface RegistryData {
  sources: StoredRegistrySource[];
  records: RegistryRecord[];
}

/** Current layout version of registry.json (2: provenance on every source and record). */
export const REGISTRY_VERSION = 2;

/** The provenance a file's name suggests: the certificates JSON format is the official export, the rest ledgers. */
export function provenanceOf(file: string): RegistryProvenance {
  return /\.json$/i.test(file) ? 'official' : 'ledger';
}

/** registry.json migrations: version 1 had no provenance, which the source's file name then tells. */
export const REGISTRY_MIGRATIONS = {
  1: (old: { sources: RegistrySource[]; records: Array<CertificateRecord & { source: string }> }) => ({
    sources: old.sources.map((s) => ({ ...s, provenance: provenanceOf(s.file) })),
    records: old.records.map((r) => ({ ...r, provenance: provenanceOf(r.source) })),
  }),
};

/** Certificates imported from files. */
export class Registry {
  private byId = new Map<string, RegistryRecord[]>();

  constructor(private readonly file: JsonFile<RegistryData>) {
    this.reindex();
  }

  /** Replace every record of `source` (same resolved path or same hash) with `records`; resolves once durable. */
  async replaceSource(source: RegistrySource, records: CertificateRecord[]): Promise<ReplaceResult> {
    const file = resolve(source.file);
    const stored: StoredRegistrySource = {
      ...source,
      file,
      provenance: source.provenance ?? provenanceOf(file),
    };
    const replaced = new Set(
      this.file.data.sources.filter((s) => isSameSource(s, stored)).map((s) => s.file),
    );
    const before = new Map<string, number>();
    for (const r of this.file.data.records) {
      if (replaced.has(r.source)) {
        const fp = fingerprint(r);
        before.set(fp, (before.get(fp) ?? 0) + 1);
      }
    }
    const removedTotal = [...before.values()].reduce((a, b) => a + b, 0);
    let kept = 0;
    for (const r of records) {
      const fp = fingerprint(r);
      const n = before.get(fp) ?? 0;
      if (n > 0) {
        before.set(fp, n - 1);
        kept++;
      }
    }
    const fresh: RegistryRecord[] = records.map((r) => ({
      ...r,
      source: stored.file,
      importedAt: stored.importedAt,
      provenance: stored.provenance,
      ...(stored.enterprise === undefined ? {} : { enterprise: stored.enterprise }),
    }));
    await this.file.update((d) => {
      d.sources = [...d.sources.filter((s) => !replaced.has(s.file)), stored];
      d.records = [...d.records.filter((r) => !replaced.has(r.source)), ...fresh];
      this.reindex();
    });
    return { added: records.length - kept, removed: removedTotal - kept, total: records.length };
  }

  /** Every imported record for this ID number, newest import last. */
  findById(idNumber: string): RegistryRecord[] {
    return this.byId.get(idNumber) ?? [];
  }

  /** The imports held, with their record counts. */
  sources(): RegistrySourceInfo[] {
    const counts = new Map<string, number>();
    for (const r of this.file.data.records) counts.set(r.source, (counts.get(r.source) ?? 0) + 1);
    return this.file.data.sources.map((s) => ({ ...s, records: counts.get(s.file) ?? 0 }));
  }

  private reindex(): void {
    this.byId = new Map();
    for (const r of this.file.data.records) {
      const list = this.byId.get(r.idNumber);
      if (list) list.push(r);
      else this.byId.set(r.idNumber, [r]);
    }
  }
}

function isSameSource(a: RegistrySource, b: RegistrySource): boolean {
  return a.file === b.file || (a.sha256 !== undefined && a.sha256 === b.sha256);
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

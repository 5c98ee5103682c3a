/**
 * registry.json, the registry of versions before the SQL store: read only, by `store migrate`. Version 1 had no
 * provenance, which the source's file name then tells.
 */
import { join } from 'node:path';
import type { CertificateRecord } from '../../domain/certificate.js';
import {
  provenanceOf,
  type RegistryRecord,
  type RegistrySource,
  type StoredRegistrySource,
} from '../registry.js';
import { readTextIfExists, realFs } from '../store-fs.js';
import { decodeVersioned } from '../versioned-json.js';

/** registry.json contents. */
export interface RegistryData {
  sources: StoredRegistrySource[];
  records: RegistryRecord[];
}

/** The file's name in a data directory. */
export const REGISTRY_FILE = 'registry.json';

/** Last layout version of registry.json (2: provenance on every source and record). */
const REGISTRY_VERSION = 2;

/** registry.json migrations: version 1 had no provenance, which the source's file name then tells. */
const REGISTRY_MIGRATIONS = {
  1: (old: { sources: RegistrySource[]; records: Array<CertificateRecord & { source: string }> }) => ({
    sources: old.sources.map((s) => ({ ...s, provenance: provenanceOf(s.file) })),
    records: old.records.map((r) => ({ ...r, provenance: provenanceOf(r.source) })),
  }),
};

/** The registry of the data directory `dir` at the last version (empty when it has no registry.json). */
export async function readRegistryFile(dir: string): Promise<RegistryData> {
  const path = join(dir, REGISTRY_FILE);
  const text = await readTextIfExists(realFs, path);
  if (text === null) return { sources: [], records: [] };
  return decodeVersioned<RegistryData>(text, path, REGISTRY_VERSION, REGISTRY_MIGRATIONS).data;
}

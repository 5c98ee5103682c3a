/**
 * `store migrate`'s registry (本地名录): registry.json's sources and their records into `registry_sources` and
 * `registry_records`. A source the database already holds (same file) is left as it is; a record counts as
 * stored when its source holds it at the same place, unchanged. Counts are records.
 */
import type { SqlDb } from '../../sql/db.js';
import { readRegistryFile } from '../files/registry-file.js';
import { insertSource } from '../registry.js';
import type { KindCount, MigrationKind } from './kind.js';

export const registryKind: MigrationKind = {
  name: 'registry',
  label: '本地名录',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const file = await readRegistryFile(fromDir);
    let added = 0;
    let stored = 0;
    for (const source of file.sources) {
      const records = file.records.filter((r) => r.source === source.file);
      await db.transaction(async (tx) => {
        await tx.query('lock table registry_sources in share row exclusive mode');
        const held = await tx.query('select 1 from registry_sources where file = $1', [source.file]);
        if (held.length > 0) return;
        await insertSource(tx, source, records);
        added += records.length;
      });
      const [same] = await db.query<{ n: number }>(
        `select count(*)::int as n from registry_records r
         join jsonb_array_elements($2::jsonb) with ordinality as x(rec, ord) on r.seq = x.ord and r.record = x.rec
         where r.source = $1`,
        [source.file, JSON.stringify(records)],
      );
      stored += same?.n ?? 0;
    }
    return { read: file.records.length, stored, added };
  },
};

/**
 * `store migrate`'s registry (本地名录): registry.json's sources and their records into `registry_sources` and
 * `registry_records`. A source the database already holds (same file) is left as it is; a record counts as
 * stored when its source holds it at the same place, unchanged. Counts are records.
 */
import type { SqlDb } from '../../sql/db.js';
import { readRegistryFile } from '../files/registry-file.js';
import { insertSource } from '../registry.js';
import { carryEach } from './carry-each.js';
import type { KindCount, MigrationKind } from './kind.js';

export const registryKind: MigrationKind = {
  name: 'registry',
  label: '本地名录',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const file = await readRegistryFile(fromDir);
    return carryEach(file.sources, file.records.length, async (source) => {
      const records = file.records.filter((r) => r.source === source.file);
      const added = await db.transaction(async (tx) => {
        await tx.query('lock table registry_sources in share row exclusive mode');
        const held = await tx.query('select 1 from registry_sources where file = $1', [source.file]);
        if (held.length > 0) return 0;
        await insertSource(tx, source, records);
        return records.length;
      });
      const [same] = await db.query<{ n: number }>(
        `select count(*)::int as n from registry_records r
         join jsonb_array_elements($2::jsonb) with ordinality as x(rec, ord) on r.seq = x.ord and r.record = x.rec
         where r.source = $1`,
        [source.file, JSON.stringify(records)],
      );
      return { added, stored: same?.n ?? 0 };
    });
  },
};

/**
 * A finding's occasion names the finding by its dedup key, known before the finding is written, instead of by its
 * id, known only after: an occasion is then recorded whole in the statement that claims it, and a roster's
 * findings are written without a second pass over their occasions.
 */
import type { Migration } from '../../../sql/migrate.js';

export const OCCASION_DEDUP_KEYS: Migration = {
  id: '008_occasion_dedup_keys',
  sql: `
alter table finding_occasions add column dedup_key text;
update finding_occasions o set dedup_key = f.dedup_key from findings f where f.id = o.finding_id;
-- An occasion whose finding is gone names nothing: the occasion may be recorded again.
delete from finding_occasions where dedup_key is null;
alter table finding_occasions alter column dedup_key set not null;
alter table finding_occasions drop column finding_id;
`,
};

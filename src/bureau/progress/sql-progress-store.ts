/**
 * The monthly statistics in the bureau's database (PGlite or PostgreSQL, the same SQL), in the tables of the
 * migration `005_monthly_progress`. A self-check report is one upsert that only a later `at` can win, so a
 * report arriving late, or twice, never undoes a newer one; a save of staff figures writes its audit row in the
 * same transaction, after checking the month has not changed since the form was shown.
 */
import type { SelfCheckReport } from '../../domain/self-check.js';
import type { Row, SqlDb } from '../../sql/db.js';
import { iso } from '../store/rows.js';
import { STAFF_FIGURE_KEYS } from './form.js';
import {
  type ProgressStore,
  type StaffEntry,
  type StaffMonth,
  StaleFiguresError,
  type StoredSelfCheck,
} from './types.js';

const SELF_CHECK_COLUMNS = `s.enterprise_id, e.name as enterprise_name, s.month, s.people, s.problems,
  s.reported_at, s.received_at`;

function selfCheckFromRow(r: Row): StoredSelfCheck {
  return {
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    month: String(r.month),
    people: Number(r.people),
    problems: Number(r.problems),
    at: iso(r.reported_at),
    receivedAt: iso(r.received_at),
  };
}

/** An entry as stored JSON reads back (a figure missing from an older row counts 0). */
function entryOf(value: unknown): StaffEntry {
  const v = (value ?? {}) as { figures?: Record<string, unknown>; filledBy?: unknown; phone?: unknown };
  const figures = Object.fromEntries(
    STAFF_FIGURE_KEYS.map((key) => [key, Number(v.figures?.[key] ?? 0)]),
  ) as StaffEntry['figures'];
  return { figures, filledBy: String(v.filledBy ?? ''), phone: String(v.phone ?? '') };
}

function staffMonthFromRow(r: Row): StaffMonth {
  return {
    ...entryOf({ figures: r.figures, filledBy: r.filled_by, phone: r.phone }),
    month: String(r.month),
    updatedBy: String(r.updated_by),
    updatedAt: iso(r.updated_at),
  };
}

/** The monthly statistics' store on `db`. */
export function sqlProgressStore(db: SqlDb): ProgressStore {
  return {
    async reportSelfCheck(enterpriseId, report: SelfCheckReport) {
      // xmax = 0 tells a row just inserted from one updated by the conflict clause.
      const [written] = await db.query(
        `insert into self_checks as s (enterprise_id, month, people, problems, reported_at)
         values ($1, $2, $3, $4, $5)
         on conflict (enterprise_id, month) do update set people = excluded.people,
           problems = excluded.problems, reported_at = excluded.reported_at, received_at = now()
         where s.reported_at < excluded.reported_at
         returning (s.xmax = 0) as inserted`,
        [enterpriseId, report.month, report.people, report.problems, report.at],
      );
      const [row] = await db.query(
        `select ${SELF_CHECK_COLUMNS} from self_checks s join enterprises e on e.id = s.enterprise_id
         where s.enterprise_id = $1 and s.month = $2`,
        [enterpriseId, report.month],
      );
      const outcome = !written ? 'kept' : written.inserted ? 'created' : 'replaced';
      return { outcome, selfCheck: selfCheckFromRow(row as Row) };
    },

    async selfChecks(fromMonth, toMonth) {
      const rows = await db.query(
        `select ${SELF_CHECK_COLUMNS} from self_checks s join enterprises e on e.id = s.enterprise_id
         where s.month between $1 and $2 order by s.month, e.name`,
        [fromMonth, toMonth],
      );
      return rows.map(selfCheckFromRow);
    },

    async staffMonths(fromMonth, toMonth) {
      const rows = await db.query(
        `select month, figures, filled_by, phone, updated_by, updated_at from progress_figures
         where month between $1 and $2 order by month`,
        [fromMonth, toMonth],
      );
      return rows.map(staffMonthFromRow);
    },

    saveStaffMonth(month, entry, by, version) {
      return db.transaction(async (tx) => {
        await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`progress:${month}`]);
        const [held] = await tx.query(
          `select month, figures, filled_by, phone, updated_by, updated_at from progress_figures
           where month = $1`,
          [month],
        );
        const current = held && staffMonthFromRow(held);
        if ((current?.updatedAt ?? null) !== version) throw new StaleFiguresError(current);
        const before = current
          ? { figures: current.figures, filledBy: current.filledBy, phone: current.phone }
          : null;
        const [row] = await tx.query(
          `insert into progress_figures (month, figures, filled_by, phone, updated_by, updated_at)
           values ($1, $2, $3, $4, $5, clock_timestamp())
           on conflict (month) do update set figures = excluded.figures, filled_by = excluded.filled_by,
             phone = excluded.phone, updated_by = excluded.updated_by, updated_at = excluded.updated_at
           returning month, figures, filled_by, phone, updated_by, updated_at`,
          [month, JSON.stringify(entry.figures), entry.filledBy, entry.phone, by],
        );
        await tx.query(
          'insert into progress_figure_events (month, by_login, before, after) values ($1, $2, $3, $4)',
          [month, by, before && JSON.stringify(before), JSON.stringify(entry)],
        );
        return staffMonthFromRow(row as Row);
      });
    },

    async staffHistory(month) {
      const rows = await db.query(
        'select month, by_login, at, before, after from progress_figure_events where month = $1 order by id',
        [month],
      );
      return rows.map((r) => ({
        month: String(r.month),
        by: String(r.by_login),
        at: iso(r.at),
        before: r.before === null ? null : entryOf(r.before),
        after: entryOf(r.after),
      }));
    },
  };
}

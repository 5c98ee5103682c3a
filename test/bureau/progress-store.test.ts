/**
 * The monthly statistics' SQL on both engines the bureau runs on (PGlite always, PostgreSQL when
 * CERT_VERIFY_TEST_PG_URL is set): an enterprise's month replaced by a newer count and never by an older one, the
 * staff figures saved with their history, and a save over a colleague's newer one refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_FIGURE_KEYS } from '../../src/bureau/progress/form.js';
import { sqlProgressStore } from '../../src/bureau/progress/sql-progress-store.js';
import { type ProgressStore, type StaffEntry, StaleFiguresError } from '../../src/bureau/progress/types.js';
import { createSqlBureauStore } from '../../src/bureau/store/sql-store.js';
import { DATABASES, PGLITE_START_MS } from '../helpers/databases.js';

function entry(n: number, filledBy = '李明'): StaffEntry {
  const figures = Object.fromEntries(STAFF_FIGURE_KEYS.map((k, i) => [k, n + i])) as StaffEntry['figures'];
  return { figures, filledBy, phone: '0663-1234567' };
}

describe.each(DATABASES)('monthly statistics store on %s', (_label, database) => {
  let progress: ProgressStore;
  let enterprise: number;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const opened = await database.open();
    drop = opened.drop;
    const store = createSqlBureauStore(opened.db);
    await store.migrate();
    enterprise = (await store.addEnterprise('甲建筑公司')).enterprise.id;
    progress = sqlProgressStore(opened.db);
  }, PGLITE_START_MS);
  afterAll(() => drop());

  it("keeps an enterprise's month as its newest count says", async () => {
    const at = (minute: number) => `2026-11-24T02:${String(minute).padStart(2, '0')}:00.000Z`;
    const first = await progress.reportSelfCheck(enterprise, {
      month: '2026-11',
      people: 10,
      problems: 2,
      at: at(1),
    });
    const newer = await progress.reportSelfCheck(enterprise, {
      month: '2026-11',
      people: 12,
      problems: 3,
      at: at(5),
    });
    const older = await progress.reportSelfCheck(enterprise, {
      month: '2026-11',
      people: 11,
      problems: 9,
      at: at(3),
    });
    expect([first.outcome, newer.outcome, older.outcome]).toEqual(['created', 'replaced', 'kept']);
    const held = await progress.selfChecks('2026-11', '2026-11');
    expect(
      held.map(({ people, problems, enterpriseName }) => ({ people, problems, enterpriseName })),
    ).toEqual([{ people: 12, problems: 3, enterpriseName: '甲建筑公司' }]);
  });

  it('saves the staff figures with their history and refuses a save over a newer one', async () => {
    const saved = await progress.saveStaffMonth('2026-11', entry(1), 'duty', null);
    await expect(progress.saveStaffMonth('2026-11', entry(5), 'wang', null)).rejects.toBeInstanceOf(
      StaleFiguresError,
    );
    await progress.saveStaffMonth('2026-11', entry(2, '王芳'), 'wang', saved.updatedAt);
    const [month] = await progress.staffMonths('2026-11', '2026-11');
    expect(month).toMatchObject({ month: '2026-11', filledBy: '王芳', updatedBy: 'wang' });
    expect(month?.figures.employerFine).toBe(2 + STAFF_FIGURE_KEYS.indexOf('employerFine'));
    const history = await progress.staffHistory('2026-11');
    expect(history.map((h) => [h.by, h.before?.filledBy ?? null, h.after.filledBy])).toEqual([
      ['duty', null, '李明'],
      ['wang', '李明', '王芳'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckEntry } from '../../../src/store/check-tally.js';
import { checksKind } from '../../../src/store/migrate/checks.js';
import { tempDir } from '../temp-dir.js';
import { expectMismatch, migratedTwice, writeLines } from './old-files.js';

const A = '11010519491231002X';
const B = '440103199001010178';

function entry(overrides: Partial<CheckEntry> = {}): CheckEntry {
  return { day: '2026-12-01', idNumber: A, status: 'valid', found: true, enterprise: '甲公司', ...overrides };
}

/** Three people-days, one of them superseded by a later line. */
async function oldDir(): Promise<string> {
  const dir = await tempDir();
  await writeLines(dir, 'checks.jsonl', 1, [
    entry({ status: 'expired' }),
    entry({ idNumber: B, personType: 'manager' }),
    entry({ day: '2026-12-02', concern: true }),
    entry(),
  ]);
  return dir;
}

describe('store migrate: checks', () => {
  it('carries each day’s latest result per person, once, leaving the file as it was', async () => {
    const store = await migratedTwice(checksKind, await oldDir(), 3);
    expect(await store.checks.month('甲公司', '2026-12')).toEqual({ people: 2, problems: 1 });
    expect((await store.checks.summary({ to: '2026-12-01' })).byStatus).toEqual({ valid: 2 });
    await store.close();
  });

  it('says so when the database lacks checks the file holds', async () => {
    await expectMismatch(checksKind, await oldDir(), 3);
  });
});

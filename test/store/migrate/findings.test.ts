import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.js';
import { findingsKind } from '../../../src/store/migrate/findings.js';
import { findingInput } from '../finding-input.js';
import { tempDir } from '../temp-dir.js';
import { expectMismatch, migratedTwice, writeLines } from './old-files.js';

function finding(id: string, overrides: Partial<Finding> = {}): Finding {
  const { day: _day, ...input } = findingInput();
  return {
    ...input,
    id,
    day: '2025-05-01',
    firstAt: '2025-05-01T03:00:00.000Z',
    lastAt: '2025-05-01T03:00:00.000Z',
    count: 1,
    ...overrides,
  };
}

/** findings.jsonl: two findings, one reported again on a batch row, and a line no replay can use. */
async function oldDir(): Promise<string> {
  const dir = await tempDir();
  await writeLines(dir, 'findings.jsonl', 2, [
    { t: 'new', finding: finding('F20250501-1') },
    { t: 'repeat', id: 'F20250501-1', at: '2025-05-01T05:00:00.000Z', occasion: 'job1|row1|not_found' },
    { t: 'new', finding: finding('F20250501-2', { status: 'expired' }) },
    { t: 'repeat', id: 'F-unknown', at: '2025-05-01T05:00:00.000Z' },
    '{broken',
  ]);
  return dir;
}

describe('store migrate: findings', () => {
  it('carries the findings with their counts and occasions, once, leaving the files as they were', async () => {
    const store = await migratedTwice(findingsKind, await oldDir(), 2);
    expect((await store.findings.list()).map((f) => [f.id, f.status, f.count, f.lastAt])).toEqual([
      ['F20250501-1', 'not_found', 2, '2025-05-01T05:00:00.000Z'],
      ['F20250501-2', 'expired', 1, '2025-05-01T03:00:00.000Z'],
    ]);
    // The batch row counted before the migration is not counted again when its job resumes.
    const resumed = await store.findings.record(findingInput({ day: '2025-05-01' }), new Date(), 'job1|row1');
    expect(resumed).toMatchObject({ duplicate: true, finding: { id: 'F20250501-1', count: 2 } });
    await store.close();
  });

  it('reads a findings.json of the v0 layout the same on every run', async () => {
    const dir = await tempDir();
    const { day: _day, ...report } = findingInput();
    const at = (hour: number) => `2024-03-01T0${hour}:00:00Z`;
    await writeFile(
      join(dir, 'findings.json'),
      JSON.stringify([1, 2, 3].map((h) => ({ ...report, at: at(h) }))),
    );
    const store = await migratedTwice(findingsKind, dir, 1);
    expect((await store.findings.list()).map((f) => [f.day, f.count])).toEqual([['2024-03-01', 3]]);
    await store.close();
  });

  it('says so when the database lacks findings the files hold', async () => {
    await expectMismatch(findingsKind, await oldDir(), 2);
  });
});

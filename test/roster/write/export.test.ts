import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportReport } from '../../../src/roster/write/export.js';
import type { TableJson } from '../../../src/roster/write/render-json.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { finding, id, openWorkbook, TODAY, tempDir } from './build.js';

const WANG = id('32010219750303003');
const LI = id('11010519810202002');
const ZHAO = id('44030519900404004');

let dir: string;
let cleanup: () => Promise<void>;
let store: Store;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  store = await openStore(join(dir, 'data'), { cache: { positiveTtlDays: 7, negativeTtlDays: 1 } });
  const record = (f: ReturnType<typeof finding>, at: string) => {
    const { id: _id, day: _day, firstAt: _f, lastAt: _l, count: _c, ...input } = f;
    return store.findings.record(input, new Date(at));
  };
  await record(finding('not_found', { name: '王五', idNumber: WANG, item: '焊工' }), '2026-03-02T01:00:00Z');
  await record(finding('not_found', { name: '王五', idNumber: WANG, item: '焊工' }), '2026-03-02T05:00:00Z');
  await record(finding('expired', { name: '李四', idNumber: LI }), '2026-03-05T01:00:00Z');
  await record(
    finding('name_mismatch', { name: '赵六', idNumber: ZHAO }, { enterprise: '乙公司' }),
    '2026-03-06T01:00:00Z',
  );
  await record(finding('not_found', { name: '赵六', idNumber: ZHAO }), '2026-02-01T01:00:00Z');
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('exportReport', () => {
  it('builds the leads of an enterprise and a period from the findings log (xlsx, masked)', async () => {
    const file = await exportReport('leads', {
      store,
      from: '2026-03-01',
      to: '2026-03-31',
      enterprise: '甲公司',
      format: 'xlsx',
      fullIds: false,
      today: TODAY,
    });
    expect(file.name).toBe('疑似假证线索清单_甲公司_2026-03-01至2026-03-31.xlsx');
    expect(file.rows).toBe(1);
    await writeFile(join(dir, file.name), file.bytes);
    const ws = (await openWorkbook(file.bytes)).worksheets[0]!;
    const row = ws.getRow(5);
    expect(row.getCell(2).text).toBe('疑似假证');
    expect(row.getCell(6).text).toBe('王五');
    expect(row.getCell(7).text).toBe(`320102********003${WANG.at(-1)}`);
    expect(row.getCell(13).text).toBe('2');
  });

  it('exports the problem list as csv with full IDs for an operator', async () => {
    const file = await exportReport('problems', { store, format: 'csv', fullIds: true, today: TODAY });
    expect(file.name).toBe(`自查自改问题清单_${TODAY}.csv`);
    const rows: string[][] = parse(file.bytes.subarray(3).toString('utf8'), { relax_column_count: true });
    const problems = rows.filter((r) => /^\d+$/.test(r[0] ?? ''));
    // Suspected fakes first (by day within the group), then the expired certificate.
    expect(problems.map((r) => r[1]!.slice(0, 2))).toEqual(['赵六', '王五', '赵六', '李四']);
    expect(problems[1]![1]).toContain(WANG);
  });

  it('exports the findings log as json', async () => {
    const file = await exportReport('findings', {
      store,
      from: '2026-03-01',
      format: 'json',
      fullIds: false,
      today: TODAY,
    });
    const json = JSON.parse(file.bytes.toString('utf8')) as TableJson;
    expect(json.rows.map((r) => r.姓名)).toEqual(['王五', '李四', '赵六']);
    expect(json.rows[0]!.次数).toBe(2);
    expect(JSON.stringify(json)).not.toContain(WANG);
  });
});

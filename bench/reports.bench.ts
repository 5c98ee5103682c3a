/**
 * Writing the annotated roster: a 10,000-row batch result written as xlsx (summary sheet, coloured status
 * cells, masked IDs), timed beside exceljs writing the same cells plainly in alternating rounds, with the
 * process's resident memory after it.
 */
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CertificateRecord } from '../src/domain/certificate.js';
import { checkCharacter, queryFromIdCheck, validateIdNumber } from '../src/domain/id-number.js';
import { VERDICT_STATUSES } from '../src/domain/status.js';
import type { Verdict } from '../src/domain/verdict.js';
import type { BatchResult, BatchRowResult } from '../src/roster/types.js';
import { writeAnnotatedRoster } from '../src/roster/write/annotated.js';
import { type Figure, interleaved, QUICK, runAlone, timed, versus } from './figures.js';

const ROWS = 10_000;
const TODAY = '2026-03-10';
const ROUNDS = QUICK ? 3 : 5;

function result(): BatchResult {
  const results: BatchRowResult[] = [];
  for (let i = 0; i < ROWS; i++) {
    const first17 = `110105${1970 + (i % 30)}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`;
    const idNumber = first17 + checkCharacter(first17);
    const name = `员工${i}`;
    const query = queryFromIdCheck(validateIdNumber(idNumber, TODAY), { name, item: '电工' });
    const status = VERDICT_STATUSES[i % VERDICT_STATUSES.length] ?? 'valid';
    const record: CertificateRecord = {
      kind: 'special',
      idNumber,
      name,
      category: '电工作业',
      item: '低压电工作业',
      validUntil: '2028-01-01',
      reviewDue: '2025-01-01',
      reviewedOn: '2024-12-01',
    };
    const verdict: Verdict = {
      status,
      query,
      certificates: [{ record, status: 'valid', daysToExpiry: 600 }],
      best: { record, status: 'valid', daysToExpiry: 600 },
      history: [],
      reasons: [],
      warnings: [],
      source: 'national',
      evidenceAt: '2026-03-10T02:00:00.000Z',
      today: TODAY,
    };
    const cells = [String(i + 1), name, idNumber, '电工', '生产部', '13800000000'];
    results.push({
      sheet: '人员',
      row: { rowNumber: i + 2, cells, query, department: '生产部', problems: [] },
      verdict,
    });
  }
  const sheet = {
    name: '人员',
    headerRow: 1,
    header: ['序号', '姓名', '身份证号', '工种', '部门', '电话'],
    columns: { name: 1, idNumber: 2, item: 3, department: 4 },
    columnNotes: [],
    rows: results.map((r) => r.row),
  };
  return {
    roster: { fileName: 'bench.xlsx', sheets: [sheet], warnings: [] },
    results,
    startedAt: '2026-03-10T01:00:00.000Z',
    finishedAt: '2026-03-10T02:00:00.000Z',
    today: TODAY,
  };
}

/**
 * exceljs's streaming writer (as the annotated roster uses) writing the same rows' cells and status into one
 * plain sheet: no summary, column widths, colours or masking.
 */
async function plainXlsx(input: BatchResult): Promise<number> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: true,
  });
  const sheet = workbook.addWorksheet('人员');
  for (const r of input.results) sheet.addRow([...r.row.cells, r.verdict.status]).commit();
  sheet.commit();
  await workbook.commit();
  return bytes;
}

export default async function main(): Promise<Figure[]> {
  const input = result();
  await writeAnnotatedRoster({ ...input, results: input.results.slice(0, 200) }, { fullIds: false }); // warm up
  await plainXlsx({ ...input, results: input.results.slice(0, 200) });
  let bytes: Buffer | undefined;
  const compared = await interleaved(
    ROUNDS,
    () => timed(() => plainXlsx(input)),
    () =>
      timed(async () => {
        bytes = await writeAnnotatedRoster(input, { fullIds: false });
      }),
  );
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  return [
    versus(
      {
        name: `write annotated xlsx, 10,000 rows (median of ${ROUNDS})`,
        value: Math.round(compared.subject),
        unit: 'ms',
        baseline: Math.round(compared.baseline),
        what: "exceljs's streaming writer writing the same cells and status into one plain sheet (no summary, widths, colours or masking)",
      },
      compared,
      // Quiet 1.2–1.5×, busy 1.2×: aim < 2.2× leaves 50 % over the highest.
      2.2,
    ),
    // Memory stays absolute: no baseline stands for how much the writer holds at once.
    { name: 'resident memory after writing it', value: rssMb, unit: 'MB', aim: '<= 400', met: rssMb <= 400 },
    { name: 'annotated xlsx size, 10,000 rows', value: Math.round((bytes?.length ?? 0) / 1024), unit: 'KB' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('reports', main);

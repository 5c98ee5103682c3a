/**
 * The 自查整改报告 written for 10,000 findings (a .docx whose rectification table has a row per problem), timed
 * beside the 自查自改问题清单 written as xlsx from the same findings in alternating rounds: the report builds that
 * list itself and draws it again in Word's XML, so the list is the floor it stands on.
 *
 *   npx tsx bench/self-check-report.bench.ts [--quick]
 */
import type { CertificateRecord } from '../src/domain/certificate.js';
import type { Finding } from '../src/domain/finding.js';
import type { VerdictStatus } from '../src/domain/status.js';
import { type ReportInput, rowsFromFindings } from '../src/roster/write/report-rows.js';
import { reportFile } from '../src/roster/write/reports.js';
import { selfCheckReportFile } from '../src/roster/write/self-check-report/file.js';
import { idOf } from './cached-answers.js';
import { type Figure, interleaved, QUICK, runAlone, timed, versus } from './figures.js';

const FINDINGS = 10_000;
const TODAY = '2026-03-10';
const ROUNDS = QUICK ? 3 : 5;
const SETTINGS = { recheckDays: 30, warnDays: 60, remindHour: 9 };
const STATUSES: VerdictStatus[] = [
  'not_found',
  'expired',
  'review_overdue',
  'expiring',
  'review_due',
  'item_mismatch',
];

function findings(): Finding[] {
  return Array.from({ length: FINDINGS }, (_, i): Finding => {
    const idNumber = idOf(i);
    const name = `员工${i}`;
    const status = STATUSES[i % STATUSES.length] ?? 'expired';
    const record: CertificateRecord = {
      kind: 'special',
      idNumber,
      name,
      category: '电工作业',
      item: '低压电工作业',
      validUntil: '2026-01-01',
      reviewDue: '2025-01-01',
    };
    return {
      id: `F-${i}`,
      status,
      idNumber,
      name,
      item: '电工',
      personType: i % 20 === 0 ? 'manager' : 'special',
      requester: { channel: 'batch', file: '花名册.xlsx' },
      enterprise: '甲公司',
      day: '2026-03-02',
      firstAt: '2026-03-02T01:00:00.000Z',
      lastAt: '2026-03-02T01:00:00.000Z',
      count: 1,
      reasons: [],
      ...(status === 'not_found' ? { absence: { kind: 'uncertified' as const } } : {}),
      evidence: {
        source: 'national',
        platformSaid: status === 'not_found' ? '没有查询到相关证件信息' : '查询到证书',
        certificates: status === 'not_found' ? [] : [record],
      },
    };
  });
}

export default async function main(): Promise<Figure[]> {
  const input: ReportInput = rowsFromFindings(findings(), { today: TODAY, enterprise: '甲公司' });
  const small = { ...input, rows: input.rows.slice(0, 200) };
  await selfCheckReportFile(small, { fullIds: false }, SETTINGS); // warm up
  await reportFile('problems', small, { format: 'xlsx', fullIds: false });
  let bytes = 0;
  const compared = await interleaved(
    ROUNDS,
    () => timed(() => reportFile('problems', input, { format: 'xlsx', fullIds: false })),
    () =>
      timed(async () => {
        bytes = (await selfCheckReportFile(input, { fullIds: false }, SETTINGS)).bytes.length;
      }),
  );
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  return [
    versus(
      {
        name: `write the 自查整改报告 .docx, 10,000 findings (median of ${ROUNDS})`,
        value: Math.round(compared.subject),
        unit: 'ms',
        baseline: Math.round(compared.baseline),
        what: 'the 自查自改问题清单 of the same 10,000 findings written as xlsx (the list the report builds its table from)',
      },
      compared,
      // docx builds an object per cell, run and property before it writes any XML: 4.6× (quick) and 7.0× on two
      // cores shared with other work; aim < 10× leaves 40 % over the highest.
      10,
    ),
    // Memory stays absolute (no baseline stands for it): about 700 MB measured, most of it docx's object tree.
    {
      name: 'resident memory after writing it',
      value: rssMb,
      unit: 'MB',
      aim: '<= 1000',
      met: rssMb <= 1000,
    },
    { name: '自查整改报告 size, 10,000 findings', value: Math.round(bytes / 1024), unit: 'KB' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await runAlone('self-check-report', main);

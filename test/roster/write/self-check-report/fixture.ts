/**
 * A fixed set of findings for the 自查整改报告 tests and the period's check summary beside them: ten people
 * checked (seven special-operations workers, two safety managers, one principal), six with a problem of each kind
 * the report counts.
 */

import { type CheckedPerson, summarizeChecks } from '../../../../src/domain/check-summary.js';
import type { Finding } from '../../../../src/domain/finding.js';
import { type ReportInput, rowsFromFindings } from '../../../../src/roster/write/report-rows.js';
import { cert, finding, id } from '../build.js';

export const WANG = id('32010219750303003');
export const SUN = id('44030519920505005');
export const LI = id('11010519810202002');
export const ZHOU = id('11010519850606006');
export const WU = id('11010519870707007');
export const ZHENG = id('11010519790808008');

/** A finding of a person on a list (nothing presented). */
function listed(
  status: Finding['status'],
  person: Parameters<typeof finding>[1],
  fields: Partial<Finding> = {},
) {
  const { claim: _claim, ...rest } = finding(status, person, fields);
  return rest;
}

/** The six problems, in the order they were found. */
export function sampleFindings(): Finding[] {
  return [
    listed(
      'expired',
      { name: '李四', idNumber: LI },
      {
        day: '2026-03-03',
        personType: 'special',
        evidence: {
          source: 'national',
          platformSaid: '证书已过期',
          certificates: [cert(LI, '李四', { validUntil: '2026-01-01' })],
        },
      },
    ),
    // Asked about in chat: the asker holds the card, so not found is a lead (疑似假证).
    finding('not_found', { name: '王五', idNumber: WANG, item: '焊工' }, { day: '2026-03-02' }),
    listed(
      'not_found',
      { name: '孙七', idNumber: SUN, item: '电工' },
      {
        day: '2026-03-04',
        personType: 'special',
        absence: { kind: 'uncertified' },
      },
    ),
    listed(
      'review_overdue',
      { name: '周八', idNumber: ZHOU },
      {
        day: '2026-03-05',
        personType: 'special',
        evidence: {
          source: 'national',
          platformSaid: '逾期未复审',
          certificates: [cert(ZHOU, '周八', { reviewDue: '2025-12-01', reviewedOn: undefined })],
        },
      },
    ),
    listed(
      'expiring',
      { name: '吴九', idNumber: WU },
      {
        day: '2026-03-05',
        personType: 'special',
        evidence: {
          source: 'national',
          platformSaid: '即将到期',
          certificates: [cert(WU, '吴九', { validUntil: '2026-04-20' })],
        },
      },
    ),
    listed(
      'not_found',
      { name: '郑十', idNumber: ZHENG },
      {
        day: '2026-03-06',
        personType: 'manager',
        absence: {
          kind: 'unassessed',
          appointedOn: '2026-01-05',
          deadline: '2026-07-05',
          withinDeadline: true,
        },
      },
    ),
  ];
}

/** Everyone the period's checks covered: the six above and four valid (two workers, a manager, a principal). */
export function sampleChecked() {
  const checked: CheckedPerson[] = [
    { idNumber: LI, status: 'expired', personType: 'special', found: true, day: '2026-03-03' },
    { idNumber: WANG, status: 'not_found', personType: 'special', found: false, day: '2026-03-02' },
    { idNumber: SUN, status: 'not_found', personType: 'special', found: false, day: '2026-03-04' },
    { idNumber: ZHOU, status: 'review_overdue', personType: 'special', found: true, day: '2026-03-05' },
    { idNumber: WU, status: 'expiring', personType: 'special', found: true, day: '2026-03-05' },
    { idNumber: ZHENG, status: 'not_found', personType: 'manager', found: false, day: '2026-03-06' },
    ...['11010519900101011', '11010519900101012'].map(
      (n): CheckedPerson => ({
        idNumber: id(n),
        status: 'valid',
        personType: 'special',
        found: true,
        day: '2026-03-06',
      }),
    ),
    {
      idNumber: id('11010519900101013'),
      status: 'valid',
      personType: 'manager',
      found: true,
      day: '2026-03-06',
    },
    {
      idNumber: id('11010519900101014'),
      status: 'valid',
      personType: 'principal',
      found: true,
      day: '2026-03-06',
    },
  ];
  return summarizeChecks(checked);
}

/** The report input of 甲公司 for March 2026, with its check summary and part of its profile set. */
export function sampleInput(): ReportInput {
  const input = rowsFromFindings(sampleFindings(), {
    today: '2026-03-10',
    enterprise: '甲公司',
    from: '2026-03-01',
    to: '2026-03-31',
  });
  return {
    ...input,
    checked: sampleChecked(),
    profile: { established: '2008年3月', employees: 120 },
  };
}

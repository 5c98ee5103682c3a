/**
 * Generated people for the fault suite: who the simulated platform knows (and with which certificate), who it
 * does not, the status each one truly has on TODAY (the ground truth, by construction), and roster files
 * listing them. IDs come from the independent check-character helper of the domain tests.
 */
import ExcelJS from 'exceljs';
import type { VerdictStatus } from '../../src/domain/status.js';
import type { SimCertificate, SimulatorData } from '../../src/simulator/server.js';
import { makeId } from '../domain/ids.js';

/** The date every fault test judges on (the sample data's date). */
export const TODAY = '2026-11-24';

/** What the platform holds for a person: one kind of certificate, or nothing. */
export type PersonKind = 'special_valid' | 'special_expired' | 'manager' | 'principal' | 'absent';

/** One generated person with the status the bot must end up with. */
export interface Person {
  idNumber: string;
  name: string;
  kind: PersonKind;
  truth: VerdictStatus;
  /** 人员类型 cell of the roster ('' = not given: every person type is asked). */
  personType: string;
  /** 操作项目 cell of the roster. */
  item: string;
}

const KINDS: readonly PersonKind[] = [
  'special_valid',
  'absent',
  'special_expired',
  'manager',
  'absent',
  'principal',
];
const REGIONS = ['110105', '310104', '440103', '510107', '320102', '620102'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚';

/** `count` different people, cycling through the kinds (a third of them absent from the platform). */
export function makePeople(count: number): Person[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % KINDS.length] as PersonKind;
    const birth = new Date(Date.UTC(1972, 0, 1) + i * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    const seq = String((i % 499) + 1).padStart(3, '0');
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${i % 7 === 0 ? '' : GIVEN[i % GIVEN.length]}`;
    return {
      idNumber: makeId(REGIONS[i % REGIONS.length] as string, birth, seq),
      name,
      kind,
      ...rosterCells(kind, i),
    };
  });
}

function rosterCells(kind: PersonKind, i: number): Pick<Person, 'truth' | 'personType' | 'item'> {
  switch (kind) {
    case 'special_valid':
      return { truth: 'valid', personType: '特种作业人员', item: '低压电工作业' };
    case 'special_expired':
      return { truth: 'expired', personType: '特种作业人员', item: '熔化焊接与热切割作业' };
    case 'manager':
      return { truth: 'valid', personType: '安全生产管理人员', item: '' };
    case 'principal':
      return { truth: 'valid', personType: '主要负责人', item: '' };
    case 'absent':
      // Half say which certificate they should hold; for the others every person type is asked.
      return { truth: 'not_found', personType: i % 4 === 1 ? '特种作业人员' : '', item: '' };
  }
}

/** The certificate the platform holds for a person (none for the absent). */
function certificateOf(p: Person): SimCertificate | undefined {
  const who = { idNumber: p.idNumber, name: p.name };
  switch (p.kind) {
    case 'special_valid':
      return {
        kind: 'special',
        ...who,
        certNumber: `T${p.idNumber}`,
        category: '电工作业',
        item: '低压电工作业',
        firstIssued: '2019-03-10',
        validFrom: '2025-03-10',
        validUntil: '2031-03-10',
        reviewDue: '2028-03-10',
        issuer: '北京市应急管理局',
      };
    case 'special_expired':
      return {
        kind: 'special',
        ...who,
        category: '焊接与热切割作业',
        item: '熔化焊接与热切割作业',
        validFrom: '2017-04-11',
        validUntil: '2023-04-11',
        reviewDue: '2020-04-11',
        reviewedOn: '2020-03-01',
      };
    case 'manager':
      return {
        kind: 'safety',
        ...who,
        role: '安全生产管理人员',
        industry: '建筑施工',
        validUntil: '2028-05-01',
      };
    case 'principal':
      return { kind: 'safety', ...who, role: '主要负责人', industry: '危险化学品', validUntil: '2027-09-30' };
    case 'absent':
      return undefined;
  }
}

/** What the simulated platform knows: every person but the absent ones. */
export function simulatorData(people: readonly Person[]): SimulatorData {
  return { certificates: people.flatMap((p) => certificateOf(p) ?? []) };
}

/** `rows` roster rows over `people`: everyone once, then people listed again (another 部门) up to `rows`. */
export function rosterRows(people: readonly Person[], rows: number): Person[] {
  return Array.from({ length: rows }, (_, i) => people[i % people.length] as Person);
}

/**
 * A roster xlsx of `rows` (序号, 姓名, 身份证号 as text, 人员类型, 操作项目, 部门). With `certNumbers`, a 证书编号
 * column too, filled for the people the platform does not know: each presents a certificate (a lead when none is
 * found).
 */
export async function rosterXlsx(
  rows: readonly Person[],
  options: { certNumbers?: boolean } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员名单');
  ws.getColumn(3).numFmt = '@';
  const claim = (p: Person) => (options.certNumbers ? [p.kind === 'absent' ? `T${p.idNumber}` : ''] : []);
  ws.addRow([
    '序号',
    '姓名',
    '身份证号',
    '人员类型',
    '操作项目',
    '部门',
    ...(options.certNumbers ? ['证书编号'] : []),
  ]);
  rows.forEach((p, i) => {
    ws.addRow([
      i + 1,
      p.name,
      p.idNumber,
      p.personType,
      p.item,
      `班组${Math.floor(i / 50) + 1}`,
      ...claim(p),
    ]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The rows of 附件3 of seed 000, 《揭阳市安全生产培训“走过场”专项整治工作进展情况统计表》, as data: its title,
 * its header, each block of rows with the labels exactly as the seed prints them (its " (家)" and, under 考试机构,
 * its "其他" where the other blocks say "其中"), and the key of the figure each row holds. The enterprise rows
 * (生产经营单位) come from the bots' self-check reports; staff enter every other figure in the console.
 */

/** The seed's title after the region's name (揭阳市 in the seed: `bureau.region`). */
export const PROGRESS_TITLE = '安全生产培训“走过场”专项整治工作进展情况统计表';

/** The header's cells: 单位类别 over two columns, 项目 over two, then the two figure columns. */
export const PROGRESS_HEADER = ['单位类别', '项目', '本月数据', '累计数据'] as const;

/** The figures bureau staff enter each month, in the seed's order. */
export const STAFF_FIGURE_KEYS = [
  'trainingSelfChecked',
  'trainingSelfProblems',
  'examBodySelfChecked',
  'examBodySelfProblems',
  'examSiteSelfChecked',
  'examSiteSelfProblems',
  'trainingInspected',
  'trainingRectify',
  'trainingSuspended',
  'trainingFine',
  'trainingPunished',
  'trainingRevoked',
  'examBodyInspected',
  'examBodyRectify',
  'examBodySuspended',
  'examBodyFine',
  'examBodyPunished',
  'examBodyRevoked',
  'examSiteInspected',
  'examSiteRectify',
  'examSiteSuspended',
  'examSiteFine',
  'examSitePunished',
  'examSiteRevoked',
  'employerInspected',
  'employerRectify',
  'employerSuspended',
  'employerFine',
] as const;

export type StaffFigureKey = (typeof STAFF_FIGURE_KEYS)[number];

/** The figures of the enterprise rows, from the bots' reports. */
export type EnterpriseFigureKey = 'enterpriseSelfChecked' | 'enterpriseSelfProblems';

export type ProgressFigureKey = StaffFigureKey | EnterpriseFigureKey;

/** One row of figures: its label and the figure it holds. */
export interface FormLine {
  label: string;
  key: ProgressFigureKey;
}

/** A block of rows: its category (自查情况 / 执法情况, or none: 用人单位 stands alone), its unit, its rows. */
export interface FormBlock {
  category?: '自查情况' | '执法情况';
  unit: string;
  /** Rows whose label spans the 项目 columns. */
  lines: FormLine[];
  /** Rows under a word (其中 / 其他) that spans them down the first 项目 column. */
  sub?: { word: string; lines: FormLine[] };
}

const selfCheck = (unit: string, prefix: 'training' | 'examBody' | 'examSite' | 'enterprise'): FormBlock => ({
  category: '自查情况',
  unit,
  lines: [
    { label: `自查${unit} (家)`, key: `${prefix}SelfChecked` },
    { label: '自查发现问题 (条)', key: `${prefix}SelfProblems` },
  ],
});

const enforcement = (
  prefix: 'training' | 'examBody' | 'examSite',
  word: string,
  revoked: string,
): Omit<FormBlock, 'unit'> => ({
  category: '执法情况',
  lines: [{ label: '执法检查 (家)', key: `${prefix}Inspected` }],
  sub: {
    word,
    lines: [
      { label: '责令整改 (家)', key: `${prefix}Rectify` },
      { label: '停业整顿 (家)', key: `${prefix}Suspended` },
      { label: '行政处罚款 (元)', key: `${prefix}Fine` },
      { label: '处理相关责任 (人)', key: `${prefix}Punished` },
      { label: revoked, key: `${prefix}Revoked` },
    ],
  },
});

/** The table's blocks in the seed's order. */
export const PROGRESS_BLOCKS: readonly FormBlock[] = [
  selfCheck('安全培训机构', 'training'),
  selfCheck('考试机构', 'examBody'),
  selfCheck('考试点', 'examSite'),
  selfCheck('生产经营单位', 'enterprise'),
  { unit: '安全培训机构', ...enforcement('training', '其中', '吊销资质 (家)') },
  { unit: '考试机构', ...enforcement('examBody', '其他', '撤销考试机构 (家)') },
  { unit: '考试点', ...enforcement('examSite', '其中', '撤销考试点 (家)') },
  {
    unit: '用人单位',
    lines: [{ label: '执法检查 (家)', key: 'employerInspected' }],
    sub: {
      word: '其中',
      lines: [
        { label: '责令整改 (家)', key: 'employerRectify' },
        { label: '停业整顿 (家)', key: 'employerSuspended' },
        { label: '行政处罚款 (元)', key: 'employerFine' },
      ],
    },
  },
];

/** The last row's labels: who filled the table in and their telephone. */
export const FILLED_BY_LABEL = '填表人';
export const PHONE_LABEL = '联系电话';

/** Where a staff figure stands, in words (the console's form and the audit): category, unit, row label. */
export function staffFigureLabel(key: StaffFigureKey): string {
  for (const block of PROGRESS_BLOCKS) {
    for (const line of [...block.lines, ...(block.sub?.lines ?? [])]) {
      if (line.key === key) return [block.category, block.unit, line.label].filter(Boolean).join(' · ');
    }
  }
  return key;
}

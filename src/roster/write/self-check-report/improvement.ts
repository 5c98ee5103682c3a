/**
 * 四、持续改进对策: the standard measures, numbered, with the intervals the settings in force give (the ledger's
 * re-check every `ledger.recheckDays` days, reminders `rules.warnDays` days ahead at `ledger.remindHour`).
 */
import type { Config } from '../../../config/schema.js';
import { ASSESSMENT_MONTHS } from '../../../domain/absence.js';
import type { ReportSection } from './model.js';

/** The settings the measures state. */
export interface ImprovementSettings {
  /** Days within which everyone in the ledger is looked up again (ledger.recheckDays). */
  recheckDays: number;
  /** Days before a review or expiry date that the reminders start (rules.warnDays). */
  warnDays: number;
  /** China-time hour of the daily reminder (ledger.remindHour). */
  remindHour: number;
}

/** The measures' settings from the configuration in force. */
export function improvementSettingsOf(config: Pick<Config, 'ledger' | 'rules'>): ImprovementSettings {
  return {
    recheckDays: config.ledger.recheckDays,
    warnDays: config.rules.warnDays,
    remindHour: config.ledger.remindHour,
  };
}

export function improvementSection(settings: ImprovementSettings): ReportSection {
  const measures = [
    '建立并保持三项岗位人员（特种作业人员、主要负责人、安全生产管理人员）分类持证台账，人员入职、调岗、离职时及时更新。',
    `新上岗人员上岗前通过全国统一平台核验证书；台账内人员每 ${settings.recheckDays} 日至少复查一次，发现问题立即列入问题清单整改。`,
    `证书应复审日期或有效期届满前 ${settings.warnDays} 日起，每天 ${settings.remindHour} 时提醒持证人和负责人，按期办理复审、换证。`,
    '制定年度安全生产培训计划并按计划实施，坚持先培训后上岗，如实记录安全生产教育和培训情况，建立培训档案。',
    `主要负责人和安全生产管理人员自任职之日起 ${ASSESSMENT_MONTHS} 个月内参加安全生产知识和管理能力考核，每年按规定接受再培训。`,
    '发现疑似假证立即停止其作业，向属地应急管理部门或 12350 举报；发现无证人员立即调离特种作业岗位。',
  ];
  return {
    heading: '四、持续改进对策',
    blocks: measures.map((text, i) => ({ kind: 'paragraph', text: `${i + 1}．${text}` })),
  };
}

/** A finding as the pipeline reports it, for the findings tests. */
import type { FindingInput } from '../../src/store/findings-log.js';

export const FINDING_ID = '11010519491231002X';

/** A not-found finding of FINDING_ID for 甲公司, asked in chat. */
export function findingInput(overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    status: 'not_found',
    idNumber: FINDING_ID,
    name: '张三',
    requester: { channel: 'chat', userId: 'wxid_a', enterprise: '甲公司' },
    enterprise: '甲公司',
    reasons: ['全国平台没有查询到相关证件信息'],
    evidence: { source: 'national', platformSaid: '没有查询到相关证件信息！', certificates: [] },
    ...overrides,
  };
}

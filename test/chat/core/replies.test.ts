import { describe, expect, it } from 'vitest';
import {
  sourceLine,
  statsText,
  statusMark,
  verdictReply,
  verdictsReply,
} from '../../../src/chat/core/replies.js';
import type { Finding } from '../../../src/domain/finding.js';
import { maskIdsInText } from '../../../src/domain/mask.js';
import type { ParsedQuery } from '../../../src/domain/query.js';
import { VERDICT_STATUSES } from '../../../src/domain/status.js';
import { ID_A, ID_B, record, TODAY, verdict } from '../helpers.js';

const q = (idNumber = ID_A, name = '张三'): ParsedQuery => ({
  input: idNumber,
  idNumber,
  valid: true,
  reasons: [],
  name,
});
const priv = { maskIds: false };
const group = { maskIds: true };

describe('verdict replies', () => {
  it('valid: mark, category, item, dates, next step and source time in China time', () => {
    const text = verdictReply(verdict(q(), 'valid'), priv);
    expect(text.split('\n')[0]).toBe(`✅ 有效｜张三 ${ID_A}`);
    expect(text).toContain('特种作业操作证｜电工作业｜低压电工作业');
    expect(text).toContain('有效期：2022-03-01 至 2028-03-01（还有 781 天）');
    expect(text).toContain('应复审：2025-03-01｜实际复审：2025-01-15');
    expect(text).toContain('下一步：证书有效');
    expect(text).toContain('来源：全国平台 2026-01-10 10:32');
  });

  it('shows the platform’s own status of the certificate when the platform gave one', () => {
    const withStatus = verdict(q(), 'valid', {
      best: { record: record({ platformStatus: '有效' }), status: 'valid', daysToExpiry: 781 },
    });
    const lines = verdictReply(withStatus, priv).split('\n');
    const validity = lines.findIndex((l) => l.startsWith('有效期：'));
    expect(lines[validity + 1]).toBe('平台状态：有效');
    expect(verdictReply(verdict(q(), 'valid'), priv)).not.toContain('平台状态');
  });

  it('every status has its own mark and a next step', () => {
    const marks = new Map(VERDICT_STATUSES.map((s) => [s, statusMark(s)]));
    expect(marks.get('valid')).toBe('✅');
    expect(marks.get('review_due')).toBe('⏰');
    expect(marks.get('expired')).toBe('⚠️');
    expect(marks.get('not_found')).toBe('❌');
    expect(marks.get('unverifiable')).toBe('❓');
    for (const s of VERDICT_STATUSES) expect(verdictReply(verdict(q(), s), priv)).toMatch(/下一步：.+/);
  });

  it('review due: arrange the review within 60 days of the due date', () => {
    const v = verdict(q(), 'review_due', {
      best: {
        record: record({ reviewDue: '2026-02-20', reviewedOn: undefined }),
        status: 'review_due',
        daysToExpiry: 700,
        daysToReview: 41,
      },
    });
    const text = verdictReply(v, priv);
    expect(text).toContain('⏰ 应复审');
    expect(text).toContain('应复审：2026-02-20（还有 41 天）');
    expect(text).toContain('应复审日期 2026-02-20：请在应复审日期前 60 日内申请复审');
  });

  it('expiring under the rule in force since 2026-06-01: renew (换领新证) before validUntil', () => {
    const expiring = (expiryMode: 'review' | 'renewal') =>
      verdictReply(
        verdict(q(), 'expiring', {
          best: {
            record: record({ validUntil: '2026-12-30' }),
            status: 'expiring',
            daysToExpiry: 36,
            expiryMode,
          },
        }),
        priv,
      );
    expect(expiring('renewal')).toContain('下一步：证书将于 2026-12-30 到期，请在有效期届满前换领新证');
    expect(expiring('renewal')).not.toContain('延期换证');
    expect(expiring('review')).toContain('请在有效期届满前办理延期复审换证');
  });

  it('a review date under the new rule is shown as no longer required', () => {
    const v = verdict(q(), 'valid', {
      best: {
        record: record({ reviewDue: '2026-12-18', reviewedOn: undefined }),
        status: 'valid',
        daysToExpiry: 1120,
        reviewMode: 'renewal',
        expiryMode: 'renewal',
      },
    });
    expect(verdictReply(v, priv)).toContain('应复审：2026-12-18（按现行规定不再复审，到期换证）');
  });

  it('not found for a presented card: waits for the re-check, no work on it meanwhile, 12350 for a forgery', () => {
    const absence = { kind: 'presented', claim: 'asked', days: 3, recheckOn: '2026-01-13' } as const;
    const text = verdictReply(verdict(q(), 'not_found', { absence }), priv);
    expect(text).toContain('❌ 未查到·待复核');
    expect(text).not.toContain('疑似假证');
    expect(text).toContain('暂不安排其从事证书所列作业');
    expect(text).toContain('12350');
    expect(text).toContain('cx.mem.gov.cn');
  });

  it('not found for a worker on a list: 未查到证书 and what the enterprise does, never a forgery', () => {
    const text = verdictReply(verdict(q(), 'not_found', { absence: { kind: 'uncertified' } }), priv);
    expect(text).toContain('❌ 未查到证书');
    expect(text).toContain('核实是否持证：未持证的立即停止作业并安排培训取证');
    expect(text).not.toMatch(/假证|12350/);
  });

  it('not found for a manager within his 6 months: a reminder, never 停止特种作业', () => {
    const absence = {
      kind: 'unassessed',
      appointedOn: '2025-10-01',
      deadline: '2026-04-01',
      withinDeadline: true,
    } as const;
    const text = verdictReply(verdict({ ...q(), personType: 'manager' }, 'not_found', { absence }), priv);
    expect(text).toContain('⏰ 未查到考核合格证·期限内');
    expect(text).toContain('请在 2026-04-01 前组织其参加安全生产知识和管理能力考核');
    expect(text).not.toMatch(/停止|假证/);
  });

  it('a warning and the next step agree: past retirement age is no "可以从事"', () => {
    const concerns = [{ concern: 'past_retirement', text: '持证人已到法定退休年龄' }] as const;
    const text = verdictReply(
      verdict(q(), 'valid', { concerns: [...concerns], warnings: [concerns[0].text] }),
      priv,
    );
    expect(text).toContain('提示：持证人已到法定退休年龄');
    expect(text).not.toContain('可以从事证书所列作业');
    expect(text).toContain('不宜再安排其从事特种作业');
  });

  it("another authority's certificate: where to check, no fake", () => {
    const text = verdictReply(
      verdict(q(), 'other_authority', { reasons: ['「叉车」属于特种设备作业人员证'] }),
      priv,
    );
    expect(text).toContain('❓ 非本平台证书');
    expect(text).not.toMatch(/假证|停止/);
  });

  it('invalid ID: says why', () => {
    const bad: ParsedQuery = {
      input: '110105194912310021',
      idNumber: '110105194912310021',
      valid: false,
      reasons: ['校验位不对'],
    };
    const text = verdictReply(verdict(bad, 'invalid_id'), priv);
    expect(text).toContain('❗ 证件号无效');
    expect(text).toContain('原因：校验位不对');
  });

  it('name mismatch shows the reason; only a presented card is suspected of impersonation', () => {
    const asked = { ...q(), claim: 'asked' as const };
    const text = verdictReply(verdict(asked, 'name_mismatch', { reasons: ['平台登记的姓名为 张*'] }), priv);
    expect(text).toContain('姓名不符·疑似冒用');
    expect(text).toContain('原因：平台登记的姓名为 张*');
    const listed = verdictReply(verdict(q(), 'name_mismatch'), priv);
    expect(listed).toContain('❌ 姓名不符｜');
    expect(listed).not.toContain('冒用');
  });

  it('source lines: registry, cache with time, stale cache', () => {
    expect(sourceLine(verdict(q(), 'valid', { source: 'registry' }))).toBe(
      '来源：官方导出数据（本地登记库，导入于 2026-01-10 10:32）',
    );
    expect(sourceLine(verdict(q(), 'valid', { source: 'cache' }))).toBe(
      '来源：缓存（截至 2026-01-10 10:32）',
    );
    expect(sourceLine(verdict(q(), 'unverifiable', { source: 'stale-cache' }))).toContain('仅供参考');
  });

  it('group style masks the ID everywhere, including the certificate number', () => {
    const text = verdictReply(verdict(q(), 'valid'), group);
    expect(text).not.toContain(ID_A);
    expect(text).toContain('110105********002X');
    expect(text).toContain('证号：T110105********002X');
  });

  it('several verdicts: a count line and numbered answers', () => {
    const text = verdictsReply([verdict(q(), 'valid'), verdict(q(ID_B, '李四'), 'expired')], priv);
    expect(text.split('\n')[0]).toBe('共核验 2 个证件号：✅有效 1｜⚠️已过期 1');
    expect(text).toContain(`1. ✅ 有效｜张三 ${ID_A}`);
    expect(text).toContain(`2. ⚠️ 已过期｜李四 ${ID_B}`);
  });

  it('maskIdsInText masks 18- and 15-digit numbers but not short ones', () => {
    expect(maskIdsInText(`a ${ID_A} b 110105491231002 c 13800138000`)).toBe(
      'a 110105********002X b 110105*****1002 c 13800138000',
    );
    expect(TODAY).toBe('2026-01-10');
  });
});

describe('statsText', () => {
  it('counts a photo lead under its kind, never as a problem of its valid verdict', () => {
    const base = {
      idNumber: ID_A,
      requester: { channel: 'chat' as const },
      day: TODAY,
      firstAt: '',
      lastAt: '',
      count: 1,
      reasons: [],
      evidence: { platformSaid: '', certificates: [] },
    };
    const findings: Finding[] = [
      { ...base, id: 'F1', status: 'expired' },
      { ...base, id: 'F2', status: 'valid', photoLead: 'altered_card' },
      { ...base, id: 'F3', status: 'not_found', photoLead: 'fake_platform' },
    ];
    expect(statsText('个人', {}, findings)).toContain(
      '问题记录：3 条（已过期 1，疑似涂改证件 1，假冒查询网站 1）',
    );
  });
});

/**
 * Every sentence the ledger speaks: the reminder digest, the summary of a re-check's changes, the overview that
 * `台账` answers, and the import's counts. ID numbers are always masked here: the digest goes to a group.
 */

import { CONCERN_ADVICE, CONCERN_FACTS } from '../domain/absence-words.js';
import { expiryAct } from '../domain/duty-words.js';
import { maskId } from '../domain/mask.js';
import { assertNever, statusLabel, VERDICT_STATUSES, type VerdictStatus } from '../domain/status.js';
import type { LedgerBook } from '../store/ledger-store.js';
import { isActive } from '../store/ledger-store.js';
import { EVENT_ORDER, type LedgerEvent, type LedgerEventStatus } from './ledger-events.js';
import type { ChangeKind } from './ledger-verdict.js';

/** The one lawful lookup address, named in every digest. */
const LOOKUP = 'cx.mem.gov.cn';

/** A change kind as a summary says it. */
export function changeWord(kind: ChangeKind): string {
  switch (kind) {
    case 'renewed':
      return '已换证';
    case 'expired':
      return '已过期';
    case 'overdue':
      return '逾期';
    case 'not_found':
      return '查不到证书';
    case 'other':
      return '状态有其他变化';
    default:
      return assertNever(kind);
  }
}

/** The order changes are told in. */
const CHANGE_ORDER: readonly ChangeKind[] = ['renewed', 'expired', 'overdue', 'not_found', 'other'];

/** "3 人状态变化：2 人已换证，1 人逾期", or undefined when nothing changed. */
export function changesText(counts: Partial<Record<ChangeKind, number>>): string | undefined {
  const total = CHANGE_ORDER.reduce((n, k) => n + (counts[k] ?? 0), 0);
  if (total === 0) return undefined;
  const parts = CHANGE_ORDER.filter((k) => (counts[k] ?? 0) > 0).map(
    (k) => `${counts[k]} 人${changeWord(k)}`,
  );
  return `${total} 人状态变化：${parts.join('，')}`;
}

/** The heading of a group of events. */
function groupTitle(status: LedgerEventStatus): string {
  switch (status) {
    case 'not_found':
      return '全国平台新近查不到证书（可能已被注销或撤销：请向发证机关核实，核实前不要安排其从事相关作业）';
    case 'unassessed':
      return '主要负责人、安全生产管理人员未查到考核合格证（应自任职之日起 6 个月内考核合格）';
    case 'concern':
      return '证书有效但需核实（核实前不宜安排其从事特种作业）';
    case 'expired':
      return '证书已过期（特种作业人员不得继续作业、须重新取证；主要负责人、安全生产管理人员须重新参加考核）';
    case 'review_overdue':
      return '逾期未复审（2026-06-01 前到期的复审仍按原规定，逾期证件失效）';
    case 'expiring':
      return '证书即将到期';
    case 'review_due':
      return '应复审（2026-06-01 前到期的复审仍按原规定）';
    default:
      return assertNever(status);
  }
}

/** One event as a digest line (masked ID). */
function eventLine(event: LedgerEvent, n: number): string {
  const who = `${event.name} ${maskId(event.idNumber)}${event.item ? ` ${event.item}` : ''}`;
  const where = event.department ? `（${event.department}）` : '';
  return `${n}. ${who}${where}：${eventWhen(event)}`;
}

function eventWhen(event: LedgerEvent): string {
  const { date, daysLeft } = event;
  switch (event.status) {
    case 'not_found':
      return `${date} 复查时未查到`;
    case 'expired':
      return `${date} 已过期（${-daysLeft} 天前）`;
    case 'review_overdue':
      return `应于 ${date} 复审，已逾期 ${-daysLeft} 天`;
    case 'expiring':
      return `${date} 到期，${daysLeft === 0 ? '就在今天' : `还有 ${daysLeft} 天`}，请${expiryAct(event.duty ?? 'renewal')}`;
    case 'review_due':
      return `应于 ${date} 前复审，还有 ${daysLeft} 天`;
    case 'unassessed':
      return daysLeft >= 0
        ? `应于 ${date} 前考核合格，还有 ${daysLeft} 天，请组织其参加考核`
        : `${date} 起已超过任职后 6 个月的期限，请尽快组织考核`;
    case 'concern':
      return (event.concerns ?? []).map((c) => `${CONCERN_FACTS[c]}：${CONCERN_ADVICE[c]}`).join('；');
    default:
      return assertNever(event.status);
  }
}

/**
 * The digest of one enterprise on `today`: the changes the re-checks found, then the new events by kind, the
 * worst first. Undefined when there is nothing new to tell (a quiet day sends nothing).
 */
export function digestText(
  enterprise: string,
  today: string,
  events: readonly LedgerEvent[],
  changes?: string,
  possiblyRepeated = false,
): string | undefined {
  if (events.length === 0 && changes === undefined) return undefined;
  const lines = [`【${enterprise} 持证提醒 ${today}】`];
  if (possiblyRepeated)
    lines[0] += `${POSSIBLY_REPEATED}\n上次推送时程序中断或推送失败，无法确认是否已送达；如已收到，请忽略重复的条目。`;
  if (changes !== undefined) lines.push(`复查结果：${changes}。`);
  for (const status of EVENT_ORDER) {
    const group = events.filter((e) => e.status === status);
    if (group.length === 0) continue;
    lines.push(`${groupTitle(status)}，${group.length} 人：`);
    lines.push(...group.map((e, i) => eventLine(e, i + 1)));
  }
  lines.push(`以全国安全生产考试平台 ${LOOKUP} 为准。发送“台账”查看台账，管理员发送“提醒 关”可关闭提醒。`);
  return lines.join('\n');
}

/** `台账`: counts by status and the next dates that fall due. */
export function overviewText(
  book: LedgerBook | undefined,
  upcoming: readonly LedgerEvent[],
  today: string,
): string {
  if (book === undefined || book.people.length === 0) {
    return '本单位还没有持证台账。管理员发送“台账 导入”后再发花名册，即可把名单中的人员加入台账。';
  }
  const active = book.people.filter(isActive);
  const counts = new Map<VerdictStatus | 'none', number>();
  for (const p of active) {
    const s = p.latest?.status ?? 'none';
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const left = book.people.length - active.length;
  const lines = [
    `【${book.enterprise} 持证台账】在册 ${active.length} 人${left ? `，已离职 ${left} 人` : ''}（${today}）`,
  ];
  for (const s of VERDICT_STATUSES) {
    const n = counts.get(s);
    if (n) lines.push(`${statusLabel(s)} ${n} 人`);
  }
  const none = counts.get('none');
  if (none) lines.push(`尚未核验 ${none} 人`);
  const next = upcoming.filter((e) => e.daysLeft >= 0).slice(0, 5);
  if (next.length > 0) {
    lines.push('近期到期：');
    lines.push(...next.map((e, i) => eventLine(e, i + 1)));
  }
  lines.push(
    `提醒：${book.remindersOff ? '已关闭（管理员发送“提醒 开”打开）' : '已打开，每天定时推送新出现的到期事项'}`,
  );
  return lines.join('\n');
}

/** The mark of a digest that may repeat one whose push was begun but not known to have gone out. */
export const POSSIBLY_REPEATED = '（可能重复）';

/** What an import did, in words. */
export function importText(
  enterprise: string,
  counts: { added: number; updated: number; unchanged: number; skipped: number; resumed?: number },
  verified: string | undefined,
): string {
  const parts = [
    `「${enterprise}」台账：新增 ${counts.added} 人，更新 ${counts.updated} 人，未变 ${counts.unchanged} 人`,
  ];
  if (counts.skipped > 0) parts.push(`跳过 ${counts.skipped} 行有问题的记录`);
  const head = parts.join('，');
  if (verified === undefined) return `${head}。`;
  const who = counts.resumed
    ? counts.added > 0
      ? `新增人员和上次未核验完的 ${counts.resumed} 人`
      : `上次未核验完的 ${counts.resumed} 人`
    : '新增人员';
  return `${head}。${who}已核验：${verified}`;
}

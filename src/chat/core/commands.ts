/**
 * What a text message asks for. Anything not a command is either a bare name (completing a query waiting
 * for one) or free text that may hold ID numbers.
 */
import { compactName, personNameOf } from '../../domain/person-name.js';
import { type LedgerAction, parseLedgerCommand } from './ledger-commands.js';
import type { PaperKind } from './services.js';

/** The report kinds by the Chinese name people type after 导出. */
export const REPORT_KINDS: ReadonlyArray<{ name: string; kind: PaperKind }> = [
  { name: '问题清单', kind: 'problems' },
  { name: '检查表', kind: 'checklist' },
  { name: '线索清单', kind: 'leads' },
  { name: '月度统计', kind: 'stats' },
  { name: '问题记录', kind: 'findings' },
  { name: '自查报告', kind: 'report' },
];

/** The Chinese names of the reports, for help and usage texts. */
export const REPORT_NAMES: readonly string[] = REPORT_KINDS.map((r) => r.name);

export type ChatCommand =
  | { kind: 'help' }
  | { kind: 'stats' }
  /** `我的ID`: the sender's own id (and the room's), to put in config.chat. */
  | { kind: 'myid' }
  /** `report` is undefined when the type after 导出 is missing or unknown. */
  | { kind: 'export'; report?: PaperKind }
  /** A plausible name (2–4 Han characters, or parts joined by a middle dot): answering the bot's question. */
  | { kind: 'name'; name: string }
  | { kind: 'text'; text: string }
  /** 台账 / 导出 台账 / 台账 导入 / 提醒 / 提醒 开 / 提醒 关 (see ledger-commands.ts). */
  | { kind: 'ledger'; action: LedgerAction };

/** Classify a text message. */
export function parseCommand(raw: string): ChatCommand {
  const text = raw.trim().replace(/^[/／]/, '');
  if (/^(帮助|help|\?|？|菜单)$/i.test(text)) return { kind: 'help' };
  if (/^统计$/.test(text)) return { kind: 'stats' };
  if (/^(我的\s*id|my\s*id)$/i.test(text)) return { kind: 'myid' };
  const ledger = parseLedgerCommand(text);
  if (ledger) return { kind: 'ledger', action: ledger };
  const exportMatch = /^导出\s*(.*)$/.exec(text);
  if (exportMatch) {
    const wanted = (exportMatch[1] ?? '').trim();
    return { kind: 'export', report: REPORT_KINDS.find((r) => r.name === wanted)?.kind };
  }
  // Spaces inside a name are dropped ("张 伟"); chatter such as 不知道 or 王师傅 is no name. No surname is
  // required here: this is an answer to the question for a name, so a rare surname must get through.
  const name = personNameOf(compactName(text), { requireSurname: false });
  if (name !== undefined) return { kind: 'name', name };
  return { kind: 'text', text: raw.trim() };
}

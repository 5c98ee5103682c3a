/**
 * The ledger in chat: `台账` (counts and the next dates due, for anyone of the enterprise), and for the
 * enterprise's admins `导出 台账`, `台账 导入` (the next roster sent goes into the ledger), `提醒` (the reminders
 * due now) and `提醒 开` / `提醒 关`. A roster sent without `台账 导入` is a one-off check and never changes the
 * ledger: a manager checking a list of visitors or contractors does not want them kept and reminded of.
 */
import { chatIdMatches } from '../../config/chat-ids.js';
import { assertNever } from '../../domain/status.js';
import { SHEET_FORMATS } from '../../roster/read/file-kind.js';
import { type ChatFile, type ChatSend, textReply } from '../types.js';
import type { ChatConfig } from './access.js';
import type { ChatServices } from './services.js';
import type { Turn } from './turn.js';

/** What a ledger command asks for (`leave`: the text after 离职, holding the ID numbers). */
export type LedgerAction =
  | 'overview'
  | 'export'
  | 'import'
  | 'remind'
  | 'remindOn'
  | 'remindOff'
  | { leave: string };

/** How long `台账 导入` waits for the roster. */
const IMPORT_WINDOW_MS = 10 * 60_000;

/** The ledger command a text is, if any. */
export function parseLedgerCommand(text: string): LedgerAction | undefined {
  if (/^台账$/.test(text)) return 'overview';
  if (/^导出\s*台账$/.test(text)) return 'export';
  if (/^(台账\s*导入|导入\s*台账)$/.test(text)) return 'import';
  if (/^提醒$/.test(text)) return 'remind';
  if (/^提醒\s*(开|开启|打开)$/.test(text)) return 'remindOn';
  if (/^提醒\s*(关|关闭)$/.test(text)) return 'remindOff';
  const leave = /^(?:台账\s*)?离职\s+(\S[\s\S]*)$/.exec(text);
  if (leave) return { leave: leave[1] ?? '' };
  return undefined;
}

/** The help lines of the ledger commands. */
export function ledgerHelpLines(admin: boolean): string[] {
  const lines = ['· 发送“台账”查看本单位持证台账：各状态人数和近期到期的人员。'];
  if (admin) {
    lines.push(
      '· 管理员：发送“台账 导入”后再发花名册，名单中的人员加入本单位台账并核验新加入的人；直接发送花名册只做一次性核验，不改台账。',
      '· 管理员：“导出 台账”获取台账表格；“提醒”立即查看到期提醒；“提醒 开”/“提醒 关”打开或关闭每天的定时提醒；“离职 身份证号”把人员标记为离职（保留历史，不再复查和提醒）。',
    );
  }
  return lines;
}

/** Whether the sender may change the enterprise's ledger: an admin, or the enterprise's own manager (by id). */
export function mayManageLedger(config: Pick<ChatConfig, 'enterprises'>, turn: Turn): boolean {
  if (turn.admin) return true;
  const { input, enterprise } = turn;
  return Object.entries(config.enterprises).some(
    ([entry, name]) => name === enterprise && chatIdMatches(entry, input.door, input.sender.id),
  );
}

/** The ledger commands of one handler, and the rosters `台账 导入` is waiting for. */
export class LedgerChat {
  /** Conversations whose next roster goes into the ledger, until when (epoch ms). */
  private readonly armed = new Map<string, number>();

  constructor(
    private readonly config: Pick<ChatConfig, 'enterprises'>,
    private readonly services: Pick<ChatServices, 'ledger' | 'now'>,
    private readonly send: ChatSend,
  ) {}

  /** Answer a ledger command. */
  async handle(turn: Turn, action: LedgerAction): Promise<void> {
    const say = (text: string) => this.send(textReply(turn.to, text));
    const ledger = this.services.ledger;
    const enterprise = turn.enterprise;
    if (ledger === undefined) return say('本机器人没有开启持证台账功能。');
    if (enterprise === undefined) {
      return say(
        '本会话没有登记所属企业，无法使用台账。请管理员在 chat.enterprises 中登记本群或本人的 ID（发送“我的ID”获取）。',
      );
    }
    if (action !== 'overview' && !mayManageLedger(this.config, turn)) return say('该功能仅限管理员使用。');
    if (typeof action === 'object') return say(await ledger.markLeft(enterprise, action.leave));
    switch (action) {
      case 'overview':
        return say(ledger.overview(enterprise));
      case 'export': {
        // Full ID numbers only for the bot's admins, and never into a group.
        const file = await ledger.exportFile(enterprise, turn.fullIds);
        if (file === undefined) return say(ledger.overview(enterprise));
        return this.send({ to: turn.to, content: { kind: 'file', file } });
      }
      case 'import':
        this.armed.set(turn.conversationKey, this.services.now().getTime() + IMPORT_WINDOW_MS);
        return say(
          `请在 10 分钟内发送花名册（${SHEET_FORMATS}），名单中的人员将加入「${enterprise}」的台账，新加入的人会逐一核验。`,
        );
      case 'remind':
        return say(await ledger.remindNow(enterprise, turn.to));
      case 'remindOn':
      case 'remindOff':
        return say(await ledger.setReminders(enterprise, action === 'remindOn', turn.to));
      default:
        return assertNever(action);
    }
  }

  /** Whether `台账 导入` is waiting for a roster from this conversation (consumes the wait). */
  takesRoster(turn: Turn): boolean {
    const until = this.armed.get(turn.conversationKey);
    if (until === undefined) return false;
    this.armed.delete(turn.conversationKey);
    return until >= this.services.now().getTime() && turn.enterprise !== undefined;
  }

  /** Put a roster into the ledger and answer with what changed. */
  async importRoster(turn: Turn, file: ChatFile): Promise<void> {
    const { ledger } = this.services;
    if (ledger === undefined || turn.enterprise === undefined) return;
    const say = (text: string) => this.send(textReply(turn.to, text));
    say(`收到「${file.name}」，正在加入「${turn.enterprise}」台账…`);
    say(await ledger.importRoster(turn.enterprise, file, turn.requester, turn.to, say));
  }
}

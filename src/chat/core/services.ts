/**
 * What the chat handler needs from the rest of the application, filled in by the composition root
 * (src/app/services.ts). Each piece is the smallest shape the handler uses, so tests can pass fakes.
 */
import type { Requester } from '../../domain/query.js';
import type { PaperKind } from '../../roster/write/self-check-report/file.js';
import type { Store } from '../../store/store.js';
import type { PhotoChecker } from '../../verify/photo-check.js';
import type { Pipeline } from '../../verify/pipeline.js';
import type { ChatAddress, ChatFile } from '../types.js';

/** The papers `导出 <类型>` sends (see REPORT_KINDS in commands.ts for the Chinese names). */
export type { PaperKind };

export interface ChatServices {
  pipeline: Pipeline;
  /**
   * The store: findings (for 统计), the audit log, `file` for the handler's own documents (chat-stats,
   * chat-budget) and `db` for its pending answers.
   */
  store: Pick<Store, 'findings' | 'audit' | 'file' | 'db'>;
  /** Reads and checks photos of certificates (one OCR engine, one photo at a time). */
  photos: Pick<PhotoChecker, 'read' | 'judge'>;
  now(): Date;
  /** The date statuses are judged on (config `today` or the real date in China). */
  today(): string;
  /**
   * Verify a roster spreadsheet; `progress` receives Chinese progress lines to pass to the chat.
   * Resolves with the files to send back (the annotated roster, its 问题清单) and a summary line. Rejects with an InputError for an unreadable roster.
   * `to` is where the result goes, for a job resumed after a restart (its `conversationId` is
   * `to.roomId ?? to.userId`). `fullIds`: an admin in a private chat (full IDs in the result, names it may show).
   */
  runBatch(
    file: ChatFile,
    requester: Requester,
    progress: (text: string) => void,
    to: ChatAddress,
    fullIds: boolean,
  ): Promise<{ files: ChatFile[]; summary: string }>;
  /**
   * Build a paper for the requester's enterprise (a report form as xlsx, the 自查整改报告 as docx); `fullIds`
   * writes full ID numbers.
   */
  exportReport(kind: PaperKind, requester: Requester, fullIds: boolean): Promise<ChatFile>;
  /** The enterprises' ledgers (台账, 提醒); absent: the chat answers that there is none. */
  ledger?: ChatLedger;
}

/** What the chat asks of the enterprises' ledgers. Every answer is Chinese text for the chat. */
export interface ChatLedger {
  /** `台账`: counts by status and the next dates falling due. */
  overview(enterprise: string): string;
  /** `导出 台账`: the ledger workbook (full ID numbers only when `fullIds`); undefined when there is none. */
  exportFile(enterprise: string, fullIds: boolean): Promise<ChatFile | undefined>;
  /** A roster after `台账 导入`: its people added to the ledger (the new ones verified); the summary. */
  importRoster(
    enterprise: string,
    file: ChatFile,
    requester: Requester,
    to: ChatAddress,
    progress: (text: string) => void,
  ): Promise<string>;
  /** `提醒`: the events due now, as a digest (marked as sent). */
  remindNow(enterprise: string, to: ChatAddress): Promise<string>;
  /** `离职 <ID…>`: the people of the ID numbers in `text` marked as left (history kept). */
  markLeft(enterprise: string, text: string): Promise<string>;
  /** `提醒 开` / `提醒 关`; `to` becomes where the reminders go when no group robot is configured. */
  setReminders(enterprise: string, on: boolean, to: ChatAddress): Promise<string>;
}

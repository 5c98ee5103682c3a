/**
 * What the chat handler needs from the rest of the application, filled in by the composition root
 * (src/app/services.ts). Each piece is the smallest shape the handler uses, so tests can pass fakes.
 */
import type { Requester } from '../../domain/query.js';
import type { ReportKind } from '../../roster/write/reports.js';
import type { Store } from '../../store/store.js';
import type { PhotoChecker } from '../../verify/photo-check.js';
import type { Pipeline } from '../../verify/pipeline.js';
import type { ChatAddress, ChatFile } from '../types.js';

/** The report files `导出 <类型>` sends (see REPORT_KINDS in commands.ts for the Chinese names). */
export type { ReportKind };

export interface ChatServices {
  pipeline: Pipeline;
  /**
   * The store: findings (for 统计), the audit log, and `file` for the handler's own files (chat-stats,
   * chat-pending, chat-budget).
   */
  store: Pick<Store, 'findings' | 'audit' | 'file'>;
  /** Reads and checks photos of certificates (one OCR engine, one photo at a time). */
  photos: Pick<PhotoChecker, 'read' | 'judge'>;
  now(): Date;
  /** The date statuses are judged on (config `today` or the real date in China). */
  today(): string;
  /**
   * Verify a roster spreadsheet; `progress` receives Chinese progress lines to pass to the chat.
   * Resolves with the annotated roster and a summary line. Rejects with an InputError for an unreadable roster.
   * `to` is where the result goes, for a job resumed after a restart (its `conversationId` is
   * `to.roomId ?? to.userId`). `admin`: the sender is an admin (full IDs in the result, names it may show).
   */
  runBatch(
    file: ChatFile,
    requester: Requester,
    progress: (text: string) => void,
    to: ChatAddress,
    admin: boolean,
  ): Promise<{ file: ChatFile; summary: string }>;
  /** Build a report file for the requester's enterprise; `isAdmin` allows full ID numbers. */
  exportReport(kind: ReportKind, requester: Requester, isAdmin: boolean): Promise<ChatFile>;
}

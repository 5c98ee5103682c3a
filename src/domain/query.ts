/**
 * A query as parsed from what a person typed (a chat message, a roster row, a CLI argument).
 */
import type { PersonType } from './certificate.js';

export interface ParsedQuery {
  /** The number as the person wrote it (trimmed), for echoing back and for error messages. */
  input: string;
  /** The normalised number: 18 characters, upper-case X, `T` prefix removed, 15-digit IDs converted. */
  idNumber: string;
  /** Whether `idNumber` passed validation. An invalid one is never looked up (`invalid_id`). */
  valid: boolean;
  /** Why the number is invalid, in Chinese (empty when valid). */
  reasons: string[];
  /** 姓名 written next to the number (the platform needs it). */
  name?: string;
  /** 操作项目 / 工种 text written next to the number, as written. */
  item?: string;
  /** Which certificate the query is about, when the text or the roster says so. */
  personType?: PersonType;
}

/** Who asked: recorded with every finding and audit entry. */
export interface Requester {
  channel: 'chat' | 'cli' | 'batch';
  /** Chat user id or OS user; never an ID number. */
  userId?: string;
  userName?: string;
  /** Chat room topic or id. */
  room?: string;
  /** Roster file name for batch queries. */
  file?: string;
  enterprise?: string;
}

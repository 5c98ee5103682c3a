/**
 * A query as parsed from what a person typed (a chat message, a roster row, a CLI argument).
 */
import type { PersonType } from './certificate.js';

/**
 * What the asker holds up as the person's certificate: a photo of it, its number (typed, or a roster's 证号
 * column), or a card in hand when one person is asked about in chat or with `check`. A roster or ledger row with
 * neither number nor photo presents nothing: it is a list of people to check. Only a presented certificate can
 * be a fake one (domain.md §1); a query about a manager or principal presents one only by photo or number.
 */
export type Claim = 'photo' | 'number' | 'asked';

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
  /**
   * The certificate number the asker gave for this person (a `T` + ID number typed beside the ID, or a roster's
   * 证号 column), upper-case with spaces removed; compared with the platform's record.
   */
  certNumber?: string;
  /** What was presented (see Claim); absent: nothing, the query only asks whether the person holds one. */
  claim?: Claim;
  /** 任职日期 of a principal or safety manager (roster or ledger column), `YYYY-MM-DD`: starts the 6 months. */
  appointedOn?: string;
}

/** Who asked: recorded with every finding and audit entry. */
export interface Requester {
  channel: 'chat' | 'cli' | 'batch';
  /** Chat user id or OS user; never an ID number. */
  userId?: string;
  userName?: string;
  /** Chat room topic or id. */
  room?: string;
  /** The chat door (`console`, `wecom` …) and room id the message came through: where to tell the asker later. */
  door?: string;
  roomId?: string;
  /** Roster file name for batch queries. */
  file?: string;
  enterprise?: string;
}

/**
 * The query a card makes: its ID number (or the certificate number T + ID) checked like a typed one — checksum,
 * birth date, region — and its sex digit against the printed 性别; the printed name as the sender's own (the
 * sender holds the card); the item when surely read. A number that cannot be read or fails its checks is no
 * query: the sender is asked to type it, and what was read (the name) is kept for the answer.
 */
import { type CardSays, SURE_READ } from './card-fields.js';
import { queryFromIdCheck, validateIdNumber } from './id-number.js';
import { compactName, personNameOf } from './person-name.js';
import type { ParsedQuery } from './query.js';

/** Why a card's number gives no query. */
export type CardIdProblem = 'unreadable' | 'invalid' | 'sex_mismatch';

/** The card's query, or why there is none (with the name read, to complete the query once the number is typed). */
export type CardQuery =
  | { ok: true; query: ParsedQuery }
  | { ok: false; problem: CardIdProblem; reasons: string[]; name?: string; item?: string };

/** The query of a card read on `today` (China date, bounds the birth date). */
export function queryFromCard(card: CardSays, today: string): CardQuery {
  const name = card.name ? personNameOf(compactName(card.name.text), { requireSurname: false }) : undefined;
  const item = card.item && card.item.confidence >= SURE_READ ? card.item.text.trim() : undefined;
  const kept = { ...(name === undefined ? {} : { name }), ...(item === undefined ? {} : { item }) };
  const printed = card.idNumber?.text.trim() || card.certNumber?.text.trim();
  if (!printed) return { ok: false, problem: 'unreadable', reasons: ['证上的身份证号没有识别出来'], ...kept };
  const check = validateIdNumber(printed, today);
  if (!check.valid) return { ok: false, problem: 'invalid', reasons: check.reasons, ...kept };
  const printedSex = card.sex?.text.trim();
  if ((printedSex === '男' || printedSex === '女') && check.sex !== printedSex) {
    return {
      ok: false,
      problem: 'sex_mismatch',
      reasons: [`证上性别为“${printedSex}”，识别出的身份证号却是${check.sex}性的号码`],
      ...kept,
    };
  }
  const personType = card.category || card.item ? 'special' : undefined;
  return {
    ok: true,
    query: queryFromIdCheck(check, { ...kept, ...(personType ? { personType } : {}) }),
  };
}

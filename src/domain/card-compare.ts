/**
 * The card beside the platform's record, field by field. A surely read validity date, item, category, issuer or
 * certificate number that differs is the mark of an altered card (a real holder's name and number, other dates
 * or items); a doubtful read that differs is a question to the sender, never an accusation; a name one character
 * off on a doubtful read is "请确认姓名". Only fields the card shows are compared, so a reply built from the
 * result tells the sender nothing the card does not already say.
 */

import { CARD_FIELD_LABELS, CARD_FIELDS, type CardField, type CardSays, SURE_READ } from './card-fields.js';
import { normaliseItemText } from './catalogue.js';
import { comparableCertNumber, foldWidth } from './cert-number.js';
import type { CertificateRecord, LookupAnswer } from './certificate.js';
import { isCalendarDate } from './dates.js';
import { compactName } from './person-name.js';

/** What a difference weighs: `altered` (a lead), `confirm` (ask the sender to look again). */
export type DifferenceWeight = 'altered' | 'confirm';

/** One field where card and platform differ. */
export interface CardDifference {
  field: CardField;
  label: string;
  /** As the card says it (normalised: dates `YYYY-MM-DD`). */
  card: string;
  /** As the platform has it; absent when the platform has none (the card claims what the record lacks). */
  platform?: string;
  confidence: number;
  weight: DifferenceWeight;
}

/** One compared field, for showing the card beside the platform. */
export interface ComparedField {
  field: CardField;
  label: string;
  card: string;
  platform?: string;
  same: boolean;
}

export interface CardComparison {
  /** The platform's record the card was compared with (the closest of those found). */
  record: CertificateRecord;
  /** Whether that record is one the platform lists as history (an old card, renewed since). */
  fromHistory: boolean;
  /** Every field the card shows that the comparison looked at, in card order. */
  fields: ComparedField[];
  differences: CardDifference[];
  /** Some surely read field differs: an altered-card lead. */
  altered: boolean;
  /** The name differs by one character on a doubtful read: ask the sender to confirm it. */
  confirmName: boolean;
}

/** The fields compared, in card order (the ID number is the query itself, compared before any lookup). */
const COMPARED: readonly CardField[] = CARD_FIELDS.filter((f) => f !== 'idNumber');

const DATE_FIELDS: ReadonlySet<CardField> = new Set([
  'firstIssued',
  'validFrom',
  'validUntil',
  'reviewDue',
  'reviewedOn',
]);

/**
 * Compare `card` with the closest record of `answer` (fewest altered fields, then fewest differences, current
 * before history); undefined when the answer holds no record.
 */
export function compareCard(card: CardSays, answer: LookupAnswer): CardComparison | undefined {
  const candidates = [
    ...answer.current.map((record) => ({ record, fromHistory: false })),
    ...answer.history.map((record) => ({ record, fromHistory: true })),
  ];
  let best: CardComparison | undefined;
  for (const { record, fromHistory } of candidates) {
    const compared = compareWith(card, record, fromHistory);
    if (!best || closer(compared, best)) best = compared;
  }
  return best;
}

/** Compare `card` with one record. */
export function compareWith(card: CardSays, record: CertificateRecord, fromHistory = false): CardComparison {
  const fields: ComparedField[] = [];
  const differences: CardDifference[] = [];
  let confirmName = false;
  for (const field of COMPARED) {
    const read = card[field];
    if (!read || read.text.trim() === '') continue;
    const cardValue = normalise(field, read.text);
    const platformRaw = record[field];
    const platformValue = platformRaw === undefined ? undefined : normalise(field, platformRaw);
    // A field the platform does not keep cannot be compared, except a review the card claims and the record lacks.
    if (platformValue === undefined && field !== 'reviewedOn') continue;
    const same = platformValue !== undefined && equal(field, cardValue, platformValue);
    const shown: ComparedField = { field, label: CARD_FIELD_LABELS[field], card: cardValue, same };
    if (platformValue !== undefined) shown.platform = platformValue;
    fields.push(shown);
    if (same) continue;
    const sure = read.confidence >= SURE_READ;
    const nameSlip =
      field === 'name' && !sure && platformValue !== undefined && oneCharacterOff(cardValue, platformValue);
    if (nameSlip) confirmName = true;
    const difference: CardDifference = {
      field,
      label: CARD_FIELD_LABELS[field],
      card: cardValue,
      confidence: read.confidence,
      weight: sure ? 'altered' : 'confirm',
    };
    if (platformValue !== undefined) difference.platform = platformValue;
    differences.push(difference);
  }
  return {
    record,
    fromHistory,
    fields,
    differences,
    altered: differences.some((d) => d.weight === 'altered'),
    confirmName,
  };
}

function closer(a: CardComparison, b: CardComparison): boolean {
  const altered = (c: CardComparison) => c.differences.filter((d) => d.weight === 'altered').length;
  if (altered(a) !== altered(b)) return altered(a) < altered(b);
  if (a.differences.length !== b.differences.length) return a.differences.length < b.differences.length;
  return !a.fromHistory && b.fromHistory;
}

/** A field's text in comparable, showable form: dates `YYYY-MM-DD`, names without inner spaces, trimmed. */
function normalise(field: CardField, text: string): string {
  const t = foldWidth(text).trim();
  if (DATE_FIELDS.has(field)) return cardDate(t) ?? t;
  if (field === 'name') return compactName(t);
  if (field === 'certNumber') return comparableCertNumber(t);
  return t;
}

function equal(field: CardField, card: string, platform: string): boolean {
  if (card === platform) return true;
  switch (field) {
    case 'category':
    case 'item':
      return withoutWorkSuffix(normaliseItemText(card)) === withoutWorkSuffix(normaliseItemText(platform));
    case 'issuer':
      return bare(card) === bare(platform);
    default:
      return false;
  }
}

/** "低压电工作业" and "低压电工" name the same item. */
function withoutWorkSuffix(text: string): string {
  return text.endsWith('作业') ? text.slice(0, -2) : text;
}

/** Text without spaces and punctuation, for issuers printed with line breaks or brackets. */
function bare(text: string): string {
  return text.replace(/[\s\p{P}]/gu, '');
}

/** A date as a card prints it (2025-03-10, 2025.03.10, 2025/3/10, 2025年3月10日) as `YYYY-MM-DD`. */
export function cardDate(text: string): string | undefined {
  const m = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return undefined;
  const date = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

/** Same length and exactly one character different. */
function oneCharacterOff(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length) return false;
  return x.filter((c, i) => c !== y[i]).length === 1;
}

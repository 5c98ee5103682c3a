/**
 * The printed fields of a certificate from the OCR engine's lines. Lines are put in reading order and joined
 * into rows (a label and its value often come as two boxes side by side); each row is split at every label it
 * holds, and a label left without a value takes the next row that holds no label. OCR noise is tolerated: full-
 * width or missing colons, spaces inside labels, one wrong character in a long label, dates in any of the usual
 * spellings, and letters read for digits in the ID number where the check character confirms the reading.
 */

import { isCalendarDate } from '../domain/dates.js';
import { lookAlikeDigit } from '../domain/id-chars.js';
import { checkCharacter } from '../domain/id-number.js';
import type { OcrLine } from './ocr-engine.js';
import type { CardFieldName, CardFields, ReadField } from './types.js';

/** Which field a label opens; `validity` holds 有效期 A 至 B, `number` 证号 (the ID with T on special cards). */
type Slot = Exclude<CardFieldName, 'certNumber'> | 'validity' | 'number';

/** Labels as printed, longest first where one contains another. */
const LABELS: Array<[string, Slot]> = [
  ['公民身份号码', 'idNumber'],
  ['身份证号码', 'idNumber'],
  ['身份证号', 'idNumber'],
  ['实际复审日期', 'reviewedOn'],
  ['应复审日期', 'reviewDue'],
  ['有效期开始日期', 'validFrom'],
  ['有效期结束日期', 'validUntil'],
  ['有效期限', 'validity'],
  ['有效期', 'validity'],
  ['初领日期', 'firstIssued'],
  ['作业类别', 'category'],
  ['操作项目', 'item'],
  ['准操项目', 'item'],
  ['签发机关', 'issuer'],
  ['发证机关', 'issuer'],
  ['证件号码', 'number'],
  ['证号', 'number'],
  ['姓名', 'name'],
  ['性别', 'sex'],
];

/** A label found in a row: where it starts and ends, and its slot. */
interface LabelHit {
  start: number;
  end: number;
  slot: Slot;
}

/** One row of text in reading order, with the lowest confidence of the lines it joins. */
interface Row {
  text: string;
  mean: number;
}

/** A field's value with its confidence, before it is checked. */
interface RawValue {
  text: string;
  mean: number;
}

/** Fields of the card read from `lines`, and how many labels were found (the reader's sign of a good turn). */
export function cardFieldsFromLines(lines: readonly OcrLine[]): { fields: CardFields; labels: number } {
  const values = new Map<Slot, RawValue>();
  const rows = rowsOf(lines);
  let labels = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    const hits = labelHits(row.text);
    labels += hits.length;
    hits.forEach((hit, i) => {
      let text = row.text.slice(hit.end, hits[i + 1]?.start ?? row.text.length).replace(/^[:：.、]+/, '');
      let mean = row.mean;
      const next = rows[r + 1];
      if (text === '' && next && labelHits(next.text).length === 0) {
        text = next.text;
        mean = Math.min(mean, next.mean);
      }
      if (text !== '' && !values.has(hit.slot)) values.set(hit.slot, { text, mean });
    });
  }
  return { fields: fieldsOf(values), labels };
}

/**
 * The slant of the text in radians: the median direction of the long edges of the boxes that are clearly wider
 * than tall (a one-character box says nothing), 0 when none is.
 */
function skewOf(lines: readonly OcrLine[]): number {
  const angles: number[] = [];
  for (const { box } of lines) {
    const [p0, p1, p2] = box ?? [];
    if (!p0 || !p1 || !p2) continue;
    const along = [(p1[0] ?? 0) - (p0[0] ?? 0), (p1[1] ?? 0) - (p0[1] ?? 0)] as const;
    const across = [(p2[0] ?? 0) - (p1[0] ?? 0), (p2[1] ?? 0) - (p1[1] ?? 0)] as const;
    const [long, short] = Math.hypot(...along) >= Math.hypot(...across) ? [along, across] : [across, along];
    if (Math.hypot(...long) < 2 * Math.hypot(...short)) continue;
    let angle = Math.atan2(long[1], long[0]);
    if (angle > Math.PI / 2) angle -= Math.PI;
    if (angle <= -Math.PI / 2) angle += Math.PI;
    if (Math.abs(angle) < Math.PI / 4) angles.push(angle);
  }
  angles.sort((a, b) => a - b);
  return angles[Math.floor(angles.length / 2)] ?? 0;
}

/**
 * The lines in reading order, those side by side on one row joined; all white space removed. Boxes are first
 * turned by the text's own slant, so a tilted photo's label and value still share a row.
 */
function rowsOf(lines: readonly OcrLine[]): Row[] {
  const skew = skewOf(lines);
  const cos = Math.cos(skew);
  const sin = Math.sin(skew);
  const boxed = lines
    .filter((l) => l.text.trim() !== '')
    .map((l, i) => {
      const points = l.box ?? [
        [0, i * 100],
        [0, i * 100 + 1],
      ];
      const xs = points.map(([x = 0, y = 0]) => x * cos + y * sin);
      const ys = points.map(([x = 0, y = 0]) => y * cos - x * sin);
      return { line: l, top: Math.min(...ys), bottom: Math.max(...ys), left: Math.min(...xs) };
    })
    .sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
  const rows: Array<{ members: typeof boxed; top: number; bottom: number }> = [];
  for (const b of boxed) {
    const last = rows[rows.length - 1];
    const centre = (b.top + b.bottom) / 2;
    if (last && centre > last.top && centre < last.bottom) {
      last.members.push(b);
      last.top = Math.min(last.top, b.top);
      last.bottom = Math.max(last.bottom, b.bottom);
    } else rows.push({ members: [b], top: b.top, bottom: b.bottom });
  }
  return rows.map((row) => {
    const members = row.members.sort((a, b) => a.left - b.left);
    return {
      text: members.map((m) => m.line.text.replace(/\s+/g, '')).join(''),
      mean: Math.min(...members.map((m) => m.line.mean)),
    };
  });
}

/** Every label in `text`, left to right, not overlapping; one opening the row may have one character wrong. */
function labelHits(text: string): LabelHit[] {
  const hits: LabelHit[] = [];
  let i = 0;
  while (i < text.length) {
    const found =
      LABELS.find(([label]) => text.startsWith(label, i)) ??
      (i === 0 ? LABELS.find(([label]) => nearlyAt(text, label)) : undefined);
    if (found) {
      hits.push({ start: i, end: i + found[0].length, slot: found[1] });
      i += found[0].length;
    } else i++;
  }
  return hits;
}

/** Whether `text` starts with `label` read with one wrong character (not the first), for labels of 4+. */
function nearlyAt(text: string, label: string): boolean {
  if (label.length < 4 || text.length < label.length || text[0] !== label[0]) return false;
  let wrong = 0;
  for (let k = 1; k < label.length; k++) if (text[k] !== label[k]) wrong++;
  return wrong === 1;
}

const DATE = /(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})日?/g;

/** Every date in `text` as `YYYY-MM-DD` (O read for 0 and l for 1 fixed), real calendar dates only. */
export function datesIn(text: string): string[] {
  const fixed = text.replace(/[Oo〇]/g, '0').replace(/[lI|]/g, '1');
  const dates: string[] = [];
  for (const m of fixed.matchAll(DATE)) {
    const date = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
    if (isCalendarDate(date)) dates.push(date);
  }
  return dates;
}

/**
 * An ID number as read (T, spaces and punctuation dropped, x as X): letters that look like digits are read as
 * those digits only when the check character then agrees; `corrected` says whether that happened.
 */
export function idFromText(text: string): { id: string; corrected: boolean } | undefined {
  // No ID number holds a T: a leading one is the certificate number's prefix.
  const bare = text.replace(/[^0-9A-Za-z|〇]/g, '').replace(/^[Tt]/, '');
  if (bare.length < 15) return undefined;
  const raw = bare.slice(0, 18).replace(/x$/, 'X');
  if (raw.length === 18 && /^\d{17}[\dX]$/.test(raw)) return { id: raw, corrected: false };
  const fixed = Array.from(raw, (c, i) => {
    if (i === 17 && (c === 'x' || c === 'X')) return 'X';
    const digit = lookAlikeDigit(c.charCodeAt(0));
    return digit >= 0 ? String(digit) : c;
  }).join('');
  if (/^\d{17}[\dX]$/.test(fixed) && checkCharacter(fixed) === fixed[17])
    return { id: fixed, corrected: true };
  return { id: raw, corrected: false };
}

function field(text: string, mean: number): ReadField {
  return { text, confidence: Math.max(0, Math.min(1, Math.round(mean * 1000) / 1000)) };
}

/** Values into checked fields: sex 男 / 女, dates, the ID number inside 证号, text trimmed of punctuation. */
function fieldsOf(values: Map<Slot, RawValue>): CardFields {
  const fields: CardFields = {};
  for (const [slot, { text, mean }] of values) {
    switch (slot) {
      case 'name':
      case 'category':
      case 'item':
      case 'issuer': {
        const clean = text.replace(/^[^\p{Script=Han}]+|[^\p{Script=Han})）]+$/gu, '');
        if (clean !== '') fields[slot] = field(clean, mean);
        break;
      }
      case 'sex': {
        const sex = /[男女]/.exec(text)?.[0];
        if (sex) fields.sex = field(sex, mean);
        break;
      }
      case 'firstIssued':
      case 'reviewDue':
      case 'reviewedOn':
      case 'validFrom':
      case 'validUntil': {
        const [date] = datesIn(text);
        if (date) fields[slot] = field(date, mean);
        break;
      }
      case 'validity': {
        const [from, until] = datesIn(text);
        if (from) fields.validFrom ??= field(from, mean);
        if (until) fields.validUntil ??= field(until, mean);
        break;
      }
      case 'number':
      case 'idNumber': {
        const read = idFromText(text);
        if (slot === 'number') fields.certNumber = field(text.replace(/[^0-9A-Za-z]/g, ''), mean);
        if (read && (slot === 'idNumber' || read.id.length === 18) && !(slot === 'number' && fields.idNumber))
          fields.idNumber = field(read.id, read.corrected ? mean * 0.9 : mean);
        break;
      }
      default: {
        const never: never = slot;
        throw new Error(`unknown card slot ${String(never)}`);
      }
    }
  }
  return fields;
}

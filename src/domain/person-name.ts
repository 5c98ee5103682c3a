/**
 * What counts as a holder's name: 2–4 Han characters, or Han parts joined by a middle dot (阿卜杜·热合曼), that
 * are not one of the words people type around a name (name-words.ts). Spaces inside a name ("张 伟", "黄　勇")
 * are dropped, never a reason to ask or to fail.
 */
import { COMPOUND_SURNAMES, NOT_NAME_WORDS, SURNAMES } from './name-words.js';

/** A dotted name may be this long (minority names run longer than Han ones). */
const MAX_DOTTED_NAME = 20;

const SURNAME_SET = new Set(SURNAMES);
const NOT_NAME_SET = new Set(NOT_NAME_WORDS);

/** Whether the code is a Han character (the basic block and extension A). */
export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

/** The middle dot of ethnic names, in its usual look-alikes. */
export function isNameDot(code: number): boolean {
  return (
    code === 0xb7 ||
    code === 0x2022 ||
    code === 0x30fb ||
    code === 0x2027 ||
    code === 0xff0e ||
    code === 0x22c5
  );
}

/** A name as written, without the spaces between its Han characters: "张 伟" → "张伟", "黄　勇" → "黄勇". */
export function compactName(text: string): string {
  return text.trim().replace(/(?<=[\u3400-\u9fff·•・])[\s\u3000]+(?=[\u3400-\u9fff·•・])/gu, '');
}

/** How strictly a piece of text is judged. */
export interface NameCheck {
  /**
   * Require a common surname (free text, where any two Han characters might be chatter). A reply to the name
   * prompt is a name by intent and is not held to it, so a rare surname can always be given there.
   */
  requireSurname: boolean;
}

/**
 * The text as a holder's name (middle-dot look-alikes written as `·`), or undefined when it is not plausibly
 * one: wrong length, not Han, one of the words that are no names, or (when asked) no common surname.
 */
export function personNameOf(text: string, check: NameCheck): string | undefined {
  let dots = 0;
  let partLength = 0;
  let name = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isNameDot(code)) {
      if (partLength === 0) return undefined;
      dots++;
      partLength = 0;
      name += '·';
    } else if (isHan(code)) {
      partLength++;
      name += text[i];
    } else {
      return undefined;
    }
  }
  if (partLength === 0) return undefined;
  if (dots > 0) return name.length <= MAX_DOTTED_NAME ? name : undefined;
  if (name.length < 2 || name.length > 4) return undefined;
  if (holdsNotNameWord(name)) return undefined;
  if (check.requireSurname && !hasCommonSurname(name)) return undefined;
  return name;
}

/** Whether a 2–4 character name holds one of the words that are no names (every substring looked up). */
function holdsNotNameWord(name: string): boolean {
  for (let from = 0; from < name.length - 1; from++)
    for (let to = from + 2; to <= name.length; to++) if (NOT_NAME_SET.has(name.slice(from, to))) return true;
  return false;
}

function hasCommonSurname(name: string): boolean {
  if (COMPOUND_SURNAMES.some((s) => name.length > s.length && name.startsWith(s))) return true;
  return SURNAME_SET.has(name[0] ?? '');
}

/**
 * Character classes of identity numbers as people type them, by char code: shared by the ID normaliser and
 * the free-text scanner so both agree on what belongs to a number. No regex, no allocation.
 */

/** Value 0–9 of an ASCII or full-width digit, else -1. */
export function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 0xff10 && code <= 0xff19) return code - 0xff10;
  return -1;
}

/** Whether the code is the check character X: `X`, `x` or their full-width forms. */
export function isCheckX(code: number): boolean {
  return code === 88 || code === 120 || code === 0xff38 || code === 0xff58;
}

/** Whether the code is the certificate-number prefix T: `T`, `t` or their full-width forms. */
export function isTPrefix(code: number): boolean {
  return code === 84 || code === 116 || code === 0xff34 || code === 0xff54;
}

/** Whether the code may separate groups of digits inside one number: spaces, dashes, dots. */
export function isInnerSeparator(code: number): boolean {
  switch (code) {
    case 32: // space
    case 9: // tab
    case 0x3000: // ideographic space
    case 0xa0: // no-break space
    case 45: // -
    case 0x2010: // ‐
    case 0x2013: // –
    case 0x2014: // —
    case 0x2212: // −
    case 0xff0d: // －
    case 46: // .
    case 0xff0e: // ．
      return true;
    default:
      return false;
  }
}

/** Whether the code is an ASCII letter (a number glued to a word is not a number). */
export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The digit a letter is mistaken for when typed or read off a card (O for 0, l or I for 1), else -1: used to
 * say "是否应为 0？" rather than only that the character is wrong.
 */
export function lookAlikeDigit(code: number): number {
  switch (code) {
    case 79: // O
    case 111: // o
    case 0x3007: // 〇
    case 0xff2f: // Ｏ
    case 0xff4f: // ｏ
      return 0;
    case 108: // l
    case 73: // I
    case 124: // |
    case 0xff4c: // ｌ
    case 0xff29: // Ｉ
      return 1;
    default:
      return -1;
  }
}

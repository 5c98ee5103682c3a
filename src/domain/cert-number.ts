/**
 * A certificate number as it is compared, wherever one is read (a card, a roster's 证号 cell, a typed `T` number)
 * and set beside the platform's: full-width characters folded, spaces removed, upper case ("ｔ 1101…" → "T1101…").
 */

/** Full-width ASCII (１２３, Ｔ, －) as half-width. */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** `text` as a comparable certificate number. */
export function comparableCertNumber(text: string): string {
  return foldWidth(text).replace(/\s+/g, '').toUpperCase();
}
